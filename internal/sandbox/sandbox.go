// Package sandbox is an in-memory emulator of the vendor APIs the provider
// talks to, built from the vendors' documentation. It is an http.Handler:
// tests run it with httptest, `make demo` runs it with cmd/sandbox.
//
// One Server serves every vendor, each under its own prefix (/webex, later
// /bluexp and /cloudcockpit), and an admin API under /_sandbox/. A vendor is
// one file that builds a vendor value (routes, tracking header, error body)
// and a store, and calls Server.mount; the core supplies what every vendor
// needs: bearer-token checks, the request log, fault injection, rate
// limiting, paging links and request bookkeeping (tracking id, "acted").
package sandbox

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Options configure a Server. The zero value is a well-behaved API: no
// faults, no delay, pages of 100.
type Options struct {
	PageSize        int           // max items per list page (0 → 100)
	VisibilityDelay time.Duration // a write becomes visible to reads only after this delay
	Faults          Faults        // fault injection for vendor requests (never for /_sandbox/)
	Seed            int64         // seeds the fault choice: the same request meets the same fault in every run (see Faults)
	RateLimit       float64       // if >0, vendor requests/second (token bucket, burst max(1, RateLimit))

	// WebexRegionalIDs makes Webex responses carry IDs in the regional,
	// padded form (ciscospark://urn:TEAM:…), as real Webex sometimes does, so
	// clients are tested to compare IDs by type and UUID.
	WebexRegionalIDs bool

	// LateWrites makes writes answer late, or not at all, after they are
	// applied (see LateWrites; Server.SetLateWrites changes it later).
	LateWrites LateWrites

	// WebexDuplicateAssignStatus is what assigning an already assigned
	// partner admin answers: 409 (the default) or 400, as Cisco documents
	// both for the endpoint and neither as this case, or 200, its success
	// code, with nothing changed (an idempotent assign, which the docs do
	// not rule out).
	WebexDuplicateAssignStatus int
	// WebexAbsentUnassignStatus is what unassigning a partner admin who is
	// not assigned answers, 404 (the default), 400 or 200, for the same
	// reason.
	WebexAbsentUnassignStatus int
	// WebexPagedPartnerLists pages the partnerAdmins and managedBy lists by
	// PageSize, with a Link header carrying start=. Cisco documents no
	// paging for these two lists (each answers in one response), so this is
	// a reading the docs don't give, kept to prove the client follows Link
	// pages. Off by default: both lists answer whole.
	WebexPagedPartnerLists bool
	// RetryAfterHTTPDate makes an injected 429 (Faults.RateLimited) send
	// Retry-After as an HTTP-date about half of the time (chosen by the
	// fault hash), the other RFC 9110 form. Cisco's 429 documents seconds,
	// the default; this reading proves the client parses both.
	RetryAfterHTTPDate bool

	// CloudCockpitActivationDelay is how long a new CloudCockpit access
	// assignment stays pending before it turns active (or error).
	CloudCockpitActivationDelay time.Duration

	// UnknownPaths says what answers a path no vendor route matches: the
	// vendor's error body (default), or a gateway's bare 404 (see roots.go).
	UnknownPaths UnknownPaths

	// CloudCockpitAdoptDelay is how long a new CloudCockpit access assignment
	// stays out of the list after its create was accepted (a second create
	// is refused all the same). The docs do not say when an assignment is
	// listed, so a client must poll before it concludes there is none.
	CloudCockpitAdoptDelay time.Duration
	// CloudCockpitRelationshipIDAsID lists a customer's GDAP relationships
	// with their ID in "id", as the reseller page's response example shows,
	// instead of "relationshipId", as the field list of the same operation
	// says (the default).
	CloudCockpitRelationshipIDAsID bool
	// TokenLifetime is the expires_in of tokens the token endpoints issue
	// (Auth0, Entra, Webex); such a token answers 401 once expired. 0 is
	// each vendor's documented lifetime (86400 s, 3599 s, 1209600 s).
	TokenLifetime time.Duration
	// RevokeTokensAfter, when > 0, revokes every token a vendor's token
	// endpoint issued so far once issued tokens have authorized that many of
	// its API requests (once; tokens issued later stay valid): a token
	// revoked mid-command, so a client must fetch a new one and retry.
	RevokeTokensAfter int
	// TokenFaults make the token endpoints fail (hang, 429, 503, reset).
	TokenFaults TokenFaults

	// BlueXP readings the docs leave open. BlueXPBareAuth0IDs answers auth0Id
	// without its "<connection>|" prefix (as NetApp's list example does);
	// BlueXPContinueInMetadata puts the continue token in metadata.continue
	// instead of at the top level; BlueXPConflictWhileAdding answers 409
	// ("another operation is already in progress") to an add that arrives
	// while an earlier accepted add of the partnership is not yet visible.
	BlueXPBareAuth0IDs        bool
	BlueXPContinueInMetadata  bool
	BlueXPConflictWhileAdding bool
}

// DefaultPageSize is used when Options.PageSize is zero or negative.
const DefaultPageSize = 100

// Server emulates the vendor APIs. It is safe for concurrent use.
type Server struct {
	opts   Options
	root   *http.ServeMux
	faults faultInjector
	late   lateWrites
	log    requestLog
	webex  *WebexStore
	cc     *CloudCockpitStore
	bluexp *BlueXPStore
	// unknown is the UnknownPaths in effect (a string), changeable while serving.
	unknown atomic.Value
	// tokenFaults are the token endpoints' remaining faults.
	tokenFaults tokenFaults
}

// New builds a Server with the Webex API mounted at /webex.
func New(opts Options) *Server {
	if opts.PageSize <= 0 {
		opts.PageSize = DefaultPageSize
	}
	s := &Server{opts: opts, root: http.NewServeMux()}
	s.faults.init(opts)
	s.SetUnknownPaths(opts.UnknownPaths)
	s.tokenFaults.f = opts.TokenFaults
	s.late.set(opts.LateWrites)
	s.registerAdmin()
	s.registerLateWritesAdmin()
	s.webex = newWebex(s)
	s.cc = newCloudCockpit(s)
	s.bluexp = newBlueXP(s)
	return s
}

// ServeHTTP dispatches to a vendor API or the admin API.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.root.ServeHTTP(w, r)
}

// Webex returns the Go admin API of the Webex emulation.
func (s *Server) Webex() *WebexStore { return s.webex }

// CloudCockpit returns the Go admin API of the CloudCockpit emulation.
func (s *Server) CloudCockpit() *CloudCockpitStore { return s.cc }

// vendor is one emulated API mounted under its own prefix. Its routes are
// registered on mux without the prefix, so patterns read like the vendor's
// docs ("POST /v1/partner/...").
type vendor struct {
	name           string // "webex", as in LogEntry.Vendor
	prefix         string // "/webex"
	mux            *http.ServeMux
	trackingHeader string                                                    // request/response header carrying the correlation id
	writeError     func(w http.ResponseWriter, r *http.Request, e *apiError) // the vendor's own error body
	unknownPaths   func() UnknownPaths                                       // set by mount
}

// mount puts a vendor behind the fault/log middleware at its prefix.
func (s *Server) mount(v *vendor) {
	v.unknownPaths = s.unknownPaths
	s.root.Handle(v.prefix+"/", s.vendorHandler(v))
}

// serve runs the matched route, or answers an unknown route (404) or wrong
// method (405) with the vendor's error body rather than net/http's text.
func (v *vendor) serve(w http.ResponseWriter, r *http.Request) {
	if _, pattern := v.mux.Handler(r); pattern != "" {
		v.mux.ServeHTTP(w, r)
		return
	}
	probe := newBufferedWriter()
	v.mux.ServeHTTP(probe, r)
	switch {
	case probe.status == http.StatusNotFound && v.unknownPaths != nil && v.unknownPaths() == UnknownPathsBare:
		w.WriteHeader(http.StatusNotFound) // a gateway's 404: no vendor body
	case probe.status == http.StatusNotFound:
		v.writeError(w, r, &apiError{Status: http.StatusNotFound, Message: "The requested resource could not be found."})
	case probe.status == http.StatusMethodNotAllowed:
		w.Header().Set("Allow", probe.Header().Get("Allow"))
		v.writeError(w, r, &apiError{Status: http.StatusMethodNotAllowed, Message: "The request method is not supported for this resource."})
	default: // e.g. the mux's redirect to a cleaned path
		probe.copyTo(w)
	}
}

// apiError is a vendor-neutral failure; each vendor renders it in its own
// error body.
type apiError struct {
	Status  int
	Message string
	Code    int // vendor error code, 0 if none
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s", e.Status, e.Message) }

func errorf(status int, format string, args ...any) *apiError {
	return &apiError{Status: status, Message: fmt.Sprintf(format, args...)}
}

// reqInfo is the per-request bookkeeping the middleware shares with vendor
// handlers through the request context.
type reqInfo struct {
	path       string // escaped path as received, with the vendor prefix
	trackingID string
	mu         sync.Mutex
	acted      bool
	token      string // label of the bearer token used, or of the token issued
	fault      string // a fault a handler injected (token endpoints)
	// flush logs the request now, before a handler drops the connection,
	// so a client that sees the reset also sees the entry.
	flush func()
}

func (i *reqInfo) setToken(label string) {
	i.mu.Lock()
	i.token = label
	i.mu.Unlock()
}

func (i *reqInfo) tokenAndFault() (string, string) {
	i.mu.Lock()
	defer i.mu.Unlock()
	return i.token, i.fault
}

type reqInfoKey struct{}

func withReqInfo(r *http.Request, info *reqInfo) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), reqInfoKey{}, info))
}

func infoOf(r *http.Request) *reqInfo {
	if info, ok := r.Context().Value(reqInfoKey{}).(*reqInfo); ok {
		return info
	}
	return &reqInfo{path: r.URL.EscapedPath()}
}

// markActed records that the handler changed state, so the log can show
// that a request whose response was lost (reset-after) still took effect.
func markActed(r *http.Request) {
	info := infoOf(r)
	info.mu.Lock()
	info.acted = true
	info.mu.Unlock()
}

func (i *reqInfo) didAct() bool {
	i.mu.Lock()
	defer i.mu.Unlock()
	return i.acted
}

func trackingIDOf(r *http.Request) string { return infoOf(r).trackingID }

// stripPrefix is http.StripPrefix as a function, keeping RawPath in step so
// escaped IDs (%2F in standard base64) still match one path segment.
func stripPrefix(r *http.Request, prefix string) *http.Request {
	r2 := new(http.Request)
	*r2 = *r
	u := *r.URL
	u.Path = strings.TrimPrefix(u.Path, prefix)
	u.RawPath = strings.TrimPrefix(u.RawPath, prefix)
	r2.URL = &u
	return r2
}

// newUUID returns a random version-4 UUID.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// bearerToken extracts the token of an "Authorization: Bearer …" header.
func bearerToken(r *http.Request) string {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return ""
	}
	return strings.TrimSpace(token)
}

// tokenSet maps bearer tokens to scopes. Vendors without scopes register
// tokens with none and check the empty scope. Tokens from a token endpoint
// ("issued") may expire or be revoked (see Options.RevokeTokensAfter);
// static tokens registered by the admin API never are.
type tokenSet struct {
	mu sync.Mutex
	m  map[string]*tokenEntry
	// revokeAfter counts down requests authorized by issued tokens; at
	// zero every issued token is revoked. 0 means never.
	revokeAfter int
	issued      int
}

type tokenEntry struct {
	scopes  map[string]bool
	label   string    // "static" or "issued-N": shown in the request log, never the token
	expires time.Time // zero: never
	revoked bool
}

func (t *tokenSet) add(token string, scopes ...string) {
	t.put(token, &tokenEntry{label: "static"}, scopes)
}

func (t *tokenSet) put(token string, e *tokenEntry, scopes []string) {
	e.scopes = make(map[string]bool, len(scopes))
	for _, sc := range scopes {
		e.scopes[sc] = true
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.m == nil {
		t.m = map[string]*tokenEntry{}
	}
	t.m[token] = e
}

// issue registers a new token from a token endpoint, valid for lifetime,
// and returns it with its label ("issued-N", N counting from 1 per vendor).
func (t *tokenSet) issue(prefix string, lifetime time.Duration, scopes ...string) (token, label string) {
	t.mu.Lock()
	t.issued++
	n := t.issued
	t.mu.Unlock()
	label = fmt.Sprintf("issued-%d", n)
	token = fmt.Sprintf("%s-%d-%s", prefix, n, newUUID())
	t.put(token, &tokenEntry{label: label, expires: time.Now().Add(lifetime)}, scopes)
	return token, label
}

// revokeIssued revokes every token issued by the token endpoint (static
// ones stay), so the next API call with one answers 401.
func (t *tokenSet) revokeIssued() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, e := range t.m {
		if e.label != "static" {
			e.revoked = true
		}
	}
}

func (t *tokenSet) issuedCount() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.issued
}

// check answers 401 for a missing, unknown, expired or revoked token, 403 when the token lacks scope, 0 when the request may proceed. It
// notes the token's label for the request log.
func (t *tokenSet) check(r *http.Request, scope string) int {
	token := bearerToken(r)
	t.mu.Lock()
	defer t.mu.Unlock()
	e, ok := t.m[token]
	if !ok || token == "" {
		return http.StatusUnauthorized
	}
	infoOf(r).setToken(e.label)
	if e.label != "static" && (e.revoked || time.Now().After(e.expires)) {
		return http.StatusUnauthorized
	}
	if scope != "" && !e.scopes[scope] {
		return http.StatusForbidden
	}
	if e.label != "static" && t.revokeAfter > 0 {
		if t.revokeAfter--; t.revokeAfter == 0 {
			for _, other := range t.m {
				if other.label != "static" {
					other.revoked = true
				}
			}
		}
	}
	return 0
}
