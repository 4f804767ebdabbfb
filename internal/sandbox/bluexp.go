package sandbox

import (
	"encoding/json"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// BlueXPBasePath is where the BlueXP API lives in the sandbox; a provider's
// bluexp.base_url is the sandbox URL plus this path.
const BlueXPBasePath = "/bluexp/v1/management"

// BlueXPTokenPath is the sandbox's Auth0 token endpoint.
const BlueXPTokenPath = "/bluexp-auth/oauth/token"

// bluexpAPI serves the endpoints documented in shared/apis/bluexp.md.
type bluexpAPI struct {
	store    *BlueXPStore
	pageSize int
	server   *Server
}

// newBlueXP builds the BlueXP store, mounts its API at /bluexp and the Auth0
// token endpoint at /bluexp-auth.
func newBlueXP(s *Server) *BlueXPStore {
	st := newBlueXPStore(s.opts, s.tokenLifetime(86400*time.Second))
	api := &bluexpAPI{store: st, pageSize: s.opts.PageSize, server: s}
	v := &vendor{name: "bluexp", prefix: "/bluexp", mux: http.NewServeMux(), trackingHeader: "X-Correlation-Id", writeError: writeBlueXPError}
	route := func(pattern string, h http.HandlerFunc) {
		v.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
			if st.tokens.check(r, "") != 0 {
				writeBlueXPError(w, r, errorf(http.StatusUnauthorized, "Missing bearer token"))
				return
			}
			if st.isForbidden(r.PathValue("partnershipId")) {
				writeBlueXPError(w, r, errorf(http.StatusForbidden, "Operation not permitted"))
				return
			}
			h(w, r)
		})
	}
	// Each role is one collection with the same calls and shapes.
	for _, role := range BlueXPRoles {
		base := "/v1/management/partnerships/{partnershipId}/" + string(role)
		route("POST "+base, func(w http.ResponseWriter, r *http.Request) { api.add(role, w, r) })
		route("GET "+base, func(w http.ResponseWriter, r *http.Request) { api.list(role, w, r) })
		route("GET "+base+"/{userId}", func(w http.ResponseWriter, r *http.Request) { api.get(role, w, r) })
		route("DELETE "+base+"/{userId}", func(w http.ResponseWriter, r *http.Request) { api.remove(role, w, r) })
	}
	route("GET /v1/management/partnerships", api.partnerships)
	route("GET /v1/management/partnerships/{partnershipId}", api.partnership)
	s.mount(v)

	auth := &vendor{name: "bluexp-auth", prefix: "/bluexp-auth", mux: http.NewServeMux(), trackingHeader: "X-Correlation-Id", writeError: writeOAuthError}
	auth.mux.HandleFunc("POST /oauth/token", api.token)
	s.mount(auth)
	s.registerBlueXPAdmin(st)
	return st
}

// BlueXP returns the Go admin API of the BlueXP emulation.
func (s *Server) BlueXP() *BlueXPStore { return s.bluexp }

type bxpInvalidParam struct {
	Name   string `json:"name"`
	Reason string `json:"reason"`
}

// bxpProblem is BlueXP's RFC 7807 body; status is a string.
type bxpProblem struct {
	Type          string            `json:"type"`
	Title         string            `json:"title"`
	Status        string            `json:"status"`
	Detail        string            `json:"detail"`
	CorrelationID string            `json:"correlationId"`
	InvalidParams []bxpInvalidParam `json:"invalidParams,omitempty"`
}

// bxpProblemTypes and bxpProblemDetails are NetApp's documented examples
// (tenancyv4/post-partnerships-resourceadmins.adoc): 401 shares type 1 with 400.
var bxpProblemTypes = map[int]string{
	http.StatusBadRequest: "1", http.StatusNotFound: "2", http.StatusConflict: "10",
	http.StatusForbidden: "11", http.StatusUnauthorized: "1",
}

var bxpProblemDetails = map[int]string{
	http.StatusBadRequest:   "The supplied query parameters are invalid.",
	http.StatusUnauthorized: "The request is missing the required bearer token.",
	http.StatusForbidden:    "The requested operation isn't permitted.",
	http.StatusNotFound:     "The collection specified in the request URI wasn't found.",
	http.StatusConflict:     "The request body JSON contains a field that conflicts with an idempotent value.",
}

func writeBlueXPError(w http.ResponseWriter, r *http.Request, e *apiError) {
	writeBlueXPProblem(w, r, e, nil)
}

func writeBlueXPProblem(w http.ResponseWriter, r *http.Request, e *apiError, params []bxpInvalidParam) {
	typ := bxpProblemTypes[e.Status]
	if typ == "" {
		typ = "0"
	}
	title, detail := e.Message, bxpProblemDetails[e.Status]
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(e.Status)
	_ = json.NewEncoder(w).Encode(bxpProblem{
		Type: "https://bluexp.netapp.io/problems/" + typ, Title: title, Status: strconv.Itoa(e.Status),
		Detail: detail, CorrelationID: trackingIDOf(r), InvalidParams: params,
	})
}

// writeAuth0Error is Auth0's OAuth error body for an injected token fault.
func writeAuth0Error(w http.ResponseWriter, status int, msg string) {
	code := "too_many_requests"
	if status != http.StatusTooManyRequests {
		code = "temporarily_unavailable"
	}
	writeJSON(w, status, map[string]string{"error": code, "error_description": msg})
}

func writeOAuthError(w http.ResponseWriter, _ *http.Request, e *apiError) {
	writeJSON(w, e.Status, map[string]string{"error": "server_error", "error_description": e.Message})
}

type bxpAddBody struct {
	Type        string       `json:"type"`
	Version     string       `json:"version"`
	Description string       `json:"description"`
	Users       []bxpUserRef `json:"users"`
}

func (a *bluexpAPI) add(role BlueXPRole, w http.ResponseWriter, r *http.Request) {
	body, e := decodeJSONBody[bxpAddBody](w, r)
	if e != nil {
		writeBlueXPError(w, r, e)
		return
	}
	var invalid []bxpInvalidParam
	if body.Type != "application/vnd.netapp.bxp.userbulk" {
		invalid = append(invalid, bxpInvalidParam{Name: "type", Reason: "must be application/vnd.netapp.bxp.userbulk"})
	}
	if body.Version != "1.0" {
		invalid = append(invalid, bxpInvalidParam{Name: "version", Reason: "must be 1.0"})
	}
	if len(invalid) > 0 {
		writeBlueXPProblem(w, r, errorf(http.StatusBadRequest, "Invalid request body"), invalid)
		return
	}
	if e, params := a.store.add(role, r.PathValue("partnershipId"), body.Users); e != nil {
		writeBlueXPProblem(w, r, e, params)
		return
	}
	markActed(r)
	lose, late := a.store.addAnswerFault()
	if lose {
		abort(w) // acted, but the client never hears of it
		return
	}
	if !sleep(r.Context(), late) {
		return // the client gave up waiting; the add stands
	}
	w.WriteHeader(http.StatusAccepted)
}

// bxpUserJSON is NetApp's documented user object (items of
// GET /partnerships/{id}/resourceadmins, …/useradmins and GET /users/{id}). It has no
// email field: the directory knows each user's address (an add may name a
// user by emailId), but no read returns it.
type bxpUserJSON struct {
	ID       string         `json:"id"`
	Name     string         `json:"name"`
	Auth0ID  string         `json:"auth0Id,omitempty"`
	AADID    string         `json:"aadId,omitempty"`
	State    string         `json:"state"`
	UserType string         `json:"userType"`
	OwnerOrg string         `json:"ownerOrganizationId"`
	Type     string         `json:"type"`
	Version  string         `json:"version"`
	Metadata map[string]any `json:"metadata"`
}

func (a *bluexpAPI) user(u *BlueXPUser) bxpUserJSON {
	auth0 := u.Auth0ID
	if a.store.bareAuth0 {
		if _, rest, ok := strings.Cut(auth0, "|"); ok {
			auth0 = rest
		}
	}
	return bxpUserJSON{
		ID: u.ID, Name: u.Name, Auth0ID: auth0, AADID: u.AADID, State: "ACTIVE",
		UserType: u.UserType, OwnerOrg: u.OwnerOrganizationID, Type: "application/vnd.netapp.bxp.user", Version: "1.0", Metadata: map[string]any{},
	}
}

func (a *bluexpAPI) list(role BlueXPRole, w http.ResponseWriter, r *http.Request) {
	users, e := a.store.list(role, r.PathValue("partnershipId"))
	if e != nil {
		writeBlueXPError(w, r, e)
		return
	}
	q := r.URL.Query()
	size := a.pageSize
	var invalid []bxpInvalidParam
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			invalid = append(invalid, bxpInvalidParam{Name: "limit", Reason: "must be a positive integer"})
		}
		size = min(size, max(n, 1))
	}
	from := 0
	if s := q.Get("continue"); s != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(s, "c"))
		if err != nil || !strings.HasPrefix(s, "c") || n < 0 {
			invalid = append(invalid, bxpInvalidParam{Name: "continue", Reason: "unknown continuation token"})
		}
		from = min(max(n, 0), len(users))
	}
	if len(invalid) > 0 {
		writeBlueXPProblem(w, r, errorf(http.StatusBadRequest, "Invalid query parameters"), invalid)
		return
	}
	to := min(from+size, len(users))
	items := make([]bxpUserJSON, 0, to-from)
	for _, u := range users[from:to] {
		items = append(items, a.user(u))
	}
	next := ""
	if to < len(users) {
		next = "c" + strconv.Itoa(to)
	}
	page := map[string]any{"items": items, "count": len(users), "metadata": map[string]any{}}
	if a.store.continueInMeta {
		if next != "" {
			page["metadata"] = map[string]any{"continue": next}
		}
	} else {
		page["continue"] = next
	}
	writeJSON(w, http.StatusOK, page)
}

// partnership is GET /partnerships/{partnership_id}
// (tenancyv4/get-partnerships-.adoc): the partnership, or 404 "Collection
// not found" when there is none. It is where a client learns a
// partnership is gone, since the lists of its role members document no 404.
func (a *bluexpAPI) partnership(w http.ResponseWriter, r *http.Request) {
	st := a.store
	st.mu.Lock()
	p, e := st.partnership(r.PathValue("partnershipId"))
	st.mu.Unlock()
	if e != nil {
		writeBlueXPError(w, r, e)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"id": p.id, "name": p.name, "state": "APPROVED",
		"type": "application/vnd.netapp.bxp.partnership", "version": "1.0", "metadata": map[string]any{},
	})
}

func (a *bluexpAPI) get(role BlueXPRole, w http.ResponseWriter, r *http.Request) {
	u, e := a.store.get(role, r.PathValue("partnershipId"), r.PathValue("userId"))
	if e != nil {
		writeBlueXPError(w, r, e)
		return
	}
	writeJSON(w, http.StatusOK, a.user(u))
}

func (a *bluexpAPI) remove(role BlueXPRole, w http.ResponseWriter, r *http.Request) {
	if e := a.store.remove(role, r.PathValue("partnershipId"), r.PathValue("userId")); e != nil {
		writeBlueXPError(w, r, e)
		return
	}
	markActed(r)
	w.WriteHeader(http.StatusNoContent)
}

// token is the Auth0 token endpoint: client_credentials (with audience) and
// refresh_token grants, as a form or a JSON body.
func (a *bluexpAPI) token(w http.ResponseWriter, r *http.Request) {
	if a.server.tokenFault(w, r, writeAuth0Error) {
		return
	}
	form := map[string]string{}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch mt {
	case "application/json":
		var m map[string]any
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBodyBytes)).Decode(&m); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_request", "error_description": "body is not JSON"})
			return
		}
		for k, v := range m {
			if s, ok := v.(string); ok {
				form[k] = s
			}
		}
	case "application/x-www-form-urlencoded":
		r.Body = http.MaxBytesReader(w, r.Body, maxBodyBytes)
		if err := r.ParseForm(); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_request", "error_description": "bad form"})
			return
		}
		for k := range r.PostForm {
			form[k] = r.PostForm.Get(k)
		}
	default:
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_request", "error_description": "unsupported content type"})
		return
	}
	// Basic auth carries client credentials too.
	if id, secret, ok := r.BasicAuth(); ok {
		form["client_id"], form["client_secret"] = unescapeOr(id), unescapeOr(secret)
	}
	tok, label, why := a.store.grant(form)
	if why != "" {
		// RFC 6749 section 5.2 (NetApp documents no token error): 401 only
		// for invalid_client, 400 for the rest (a bad refresh token is
		// invalid_grant).
		status := http.StatusBadRequest
		if why == "invalid_client" {
			status = http.StatusUnauthorized
		}
		writeJSON(w, status, map[string]string{"error": why, "error_description": "The token request was refused."})
		return
	}
	markActed(r)
	infoOf(r).setToken(label)
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, map[string]any{"access_token": tok, "expires_in": int(a.store.lifetime / time.Second), "token_type": "Bearer"})
}

func unescapeOr(s string) string {
	if u, err := url.QueryUnescape(s); err == nil {
		return u
	}
	return s
}
