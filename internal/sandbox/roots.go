package sandbox

import (
	"crypto/sha256"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/webexid"
)

// The documented endpoints at each API root that a client calls to prove
// its base URL reaches the vendor (Webex "Get My Own Details", BlueXP "List
// all partnerships", CloudCockpit "List all Provider Instances"), and the
// gateway that may sit in front of an API.

// UnknownPaths says what answers a path no vendor route matches.
type UnknownPaths string

const (
	// UnknownPathsVendor answers with the vendor's own error body (404 or
	// 405), as Webex documents for an invalid URI: a wrong base path then
	// looks like a real "not found".
	UnknownPathsVendor UnknownPaths = ""
	// UnknownPathsBare is a gateway in front of the API that answers 404
	// with no body for every path it does not route.
	UnknownPathsBare UnknownPaths = "bare"
)

// ParseUnknownPaths reads a cmd/sandbox flag value ("vendor" or "bare").
func ParseUnknownPaths(s string) (UnknownPaths, error) {
	switch s {
	case "", "vendor":
		return UnknownPathsVendor, nil
	case string(UnknownPathsBare):
		return UnknownPathsBare, nil
	}
	return "", fmt.Errorf("unknown-paths must be vendor or bare, got %q", s)
}

// SetUnknownPaths changes how unknown paths are answered; safe while serving.
func (s *Server) SetUnknownPaths(m UnknownPaths) { s.unknown.Store(string(m)) }

func (s *Server) unknownPaths() UnknownPaths {
	m, _ := s.unknown.Load().(string)
	return UnknownPaths(m)
}

// webexMe is "Get My Own Details": the Person the token belongs to. Sandbox
// tokens stand for an administrator of the partner organization who is not
// one of the seeded people; the ID is derived from the token, so it is
// stable per token.
func (a *webexAPI) me(w http.ResponseWriter, r *http.Request) {
	sum := sha256.Sum256([]byte(bearerToken(r)))
	b := sum[:16]
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	uuid := fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
	writeJSON(w, http.StatusOK, map[string]any{
		"id":          a.store.encode(webexid.ID{Cluster: "us", Type: webexid.TypePeople, UUID: uuid}),
		"emails":      []string{"api-admin@partner.example.com"},
		"displayName": "Sandbox API administrator",
		"orgId":       a.store.encode(a.store.partner),
		"type":        "person",
	})
}

// partnerships is "List all partnerships", paged like the ResourceAdmins
// list (limit, continue).
func (a *bluexpAPI) partnerships(w http.ResponseWriter, r *http.Request) {
	st := a.store
	st.mu.Lock()
	all := make([]*bxpPartnership, 0, len(st.partnerships))
	for _, p := range st.partnerships {
		all = append(all, p)
	}
	st.mu.Unlock()
	slices.SortFunc(all, func(x, y *bxpPartnership) int { return strings.Compare(x.id, y.id) })

	q := r.URL.Query()
	size, from := a.pageSize, 0
	var invalid []bxpInvalidParam
	if s := q.Get("limit"); s != "" {
		if n, err := strconv.Atoi(s); err == nil && n >= 1 {
			size = min(size, n)
		} else {
			invalid = append(invalid, bxpInvalidParam{Name: "limit", Reason: "must be a positive integer"})
		}
	}
	if s := q.Get("continue"); s != "" {
		if n, err := strconv.Atoi(strings.TrimPrefix(s, "c")); err == nil && strings.HasPrefix(s, "c") && n >= 0 {
			from = min(n, len(all))
		} else {
			invalid = append(invalid, bxpInvalidParam{Name: "continue", Reason: "unknown continuation token"})
		}
	}
	if len(invalid) > 0 {
		writeBlueXPProblem(w, r, errorf(http.StatusBadRequest, "Invalid query parameters"), invalid)
		return
	}
	to := min(from+size, len(all))
	items := make([]map[string]any, 0, to-from)
	for _, p := range all[from:to] {
		items = append(items, map[string]any{
			"id": p.id, "name": p.name, "state": "APPROVED",
			"type": "application/vnd.netapp.bxp.partnership", "version": "1.0", "metadata": map[string]any{},
		})
	}
	next := ""
	if to < len(all) {
		next = "c" + strconv.Itoa(to)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items, "count": len(all), "continue": next, "metadata": map[string]any{}})
}
