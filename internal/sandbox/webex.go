package sandbox

import (
	"encoding/json"
	"errors"
	"io"
	"math"
	"mime"
	"net/http"
)

// webexAPI serves the Webex endpoints documented in shared/apis/webex.md.
type webexAPI struct {
	store    *WebexStore
	pageSize int
	server   *Server
}

// newWebex builds the Webex store, mounts its API at /webex and its admin
// routes under /_sandbox/webex/.
func newWebex(s *Server) *WebexStore {
	st := newWebexStore(s.opts)
	api := &webexAPI{store: st, pageSize: s.opts.PageSize, server: s}
	if !s.opts.WebexPagedPartnerLists {
		// Cisco documents both lists as one response: no page limit.
		api.pageSize = math.MaxInt
	}
	v := &vendor{name: "webex", prefix: "/webex", mux: http.NewServeMux(), trackingHeader: "TrackingID", writeError: writeWebexError}
	route := func(pattern, scope string, h http.HandlerFunc) {
		v.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
			switch st.tokens.check(r, scope) {
			case http.StatusUnauthorized:
				writeWebexError(w, r, errorf(http.StatusUnauthorized, "The request requires a valid access token set in the Authorization request header."))
			case http.StatusForbidden:
				writeWebexError(w, r, errorf(http.StatusForbidden, "The access token does not have the required scope %s.", scope))
			default:
				h(w, r)
			}
		})
	}
	route("POST /v1/partner/organizations/{orgId}/partnerAdmin/{personId}/assign", ScopeOrganizationsWrite, api.setAssigned(true))
	route("DELETE /v1/partner/organizations/{orgId}/partnerAdmin/{personId}/unassign", ScopeOrganizationsWrite, api.setAssigned(false))
	route("GET /v1/partner/organizations/{orgId}/partnerAdmins", ScopeOrganizationsRead, api.listAdmins)
	route("GET /v1/partner/organizations", ScopeOrganizationsRead, api.managedBy)
	route("DELETE /v1/partner/organizations/partnerAdmin/{personId}", ScopeOrganizationsWrite, api.revoke)
	route("GET /v1/people/{personId}/features/executiveAssistant", ScopePeopleRead, api.getEA)
	route("PUT /v1/people/{personId}/features/executiveAssistant", ScopePeopleWrite, api.putEA)
	route("GET /v1/people/me", "", api.me)                     // any valid token
	v.mux.HandleFunc("POST /v1/access_token", api.accessToken) // no bearer token: it issues them
	s.mount(v)
	s.registerWebexAdmin(st)
	return st
}

// webexErrorBody is Webex's error shape.
type webexErrorBody struct {
	Message    string           `json:"message"`
	ErrorCode  int              `json:"errorCode,omitempty"`
	Errors     []webexErrorItem `json:"errors"`
	TrackingID string           `json:"trackingId"`
}

type webexErrorItem struct {
	Description string `json:"description"`
	ErrorCode   int    `json:"errorCode,omitempty"`
}

func writeWebexError(w http.ResponseWriter, r *http.Request, e *apiError) {
	writeJSON(w, e.Status, webexErrorBody{
		Message:    e.Message,
		ErrorCode:  e.Code,
		Errors:     []webexErrorItem{{Description: e.Message, ErrorCode: e.Code}},
		TrackingID: trackingIDOf(r),
	})
}

type webexItems[T any] struct {
	Items []T `json:"items"`
}

// writeWebexPage writes one page of items with a Link to the next.
func writeWebexPage[T any](w http.ResponseWriter, r *http.Request, items []T, pageSize int) {
	from, to, next, e := page(r, len(items), pageSize)
	if e != nil {
		writeWebexError(w, r, e)
		return
	}
	setNextLink(w, r, next)
	writeJSON(w, http.StatusOK, webexItems[T]{Items: items[from:to]})
}

// setAssigned is assign (assigned true) or unassign: both answer 200 with
// no body.
func (a *webexAPI) setAssigned(assigned bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if e := a.store.setAssigned(r.PathValue("orgId"), r.PathValue("personId"), assigned, true); e != nil {
			writeWebexError(w, r, e)
			return
		}
		markActed(r)
		w.WriteHeader(http.StatusOK)
	}
}

func (a *webexAPI) listAdmins(w http.ResponseWriter, r *http.Request) {
	items, e := a.store.listAdmins(r.PathValue("orgId"))
	if e != nil {
		writeWebexError(w, r, e)
		return
	}
	writeWebexPage(w, r, items, a.pageSize)
}

func (a *webexAPI) managedBy(w http.ResponseWriter, r *http.Request) {
	person := r.URL.Query().Get("managedBy")
	if person == "" {
		writeWebexError(w, r, errorf(http.StatusBadRequest, "The managedBy query parameter is required."))
		return
	}
	items, e := a.store.managedBy(person)
	if e != nil {
		writeWebexError(w, r, e)
		return
	}
	writeWebexPage(w, r, items, a.pageSize)
}

func (a *webexAPI) revoke(w http.ResponseWriter, r *http.Request) {
	if e := a.store.revoke(r.PathValue("personId")); e != nil {
		writeWebexError(w, r, e)
		return
	}
	markActed(r)
	w.WriteHeader(http.StatusNoContent)
}

type webexEA struct {
	Type string `json:"type"`
}

func (a *webexAPI) getEA(w http.ResponseWriter, r *http.Request) {
	t, e := a.store.getEA(r.PathValue("personId"), r.URL.Query().Get("orgId"))
	if e != nil {
		writeWebexError(w, r, e)
		return
	}
	writeJSON(w, http.StatusOK, webexEA{Type: t})
}

func (a *webexAPI) putEA(w http.ResponseWriter, r *http.Request) {
	body, e := decodeJSONBody[webexEA](w, r)
	if e != nil {
		writeWebexError(w, r, e)
		return
	}
	if !validEAType(body.Type) {
		writeWebexError(w, r, errorf(http.StatusBadRequest, "Invalid type %q: expected UNASSIGNED, EXECUTIVE or EXECUTIVE_ASSISTANT.", body.Type))
		return
	}
	if e := a.store.setEA(r.PathValue("personId"), r.URL.Query().Get("orgId"), body.Type); e != nil {
		writeWebexError(w, r, e)
		return
	}
	markActed(r)
	w.WriteHeader(http.StatusNoContent)
}

// maxBodyBytes bounds request bodies; the vendor bodies are tiny.
const maxBodyBytes = 1 << 20

// decodeJSONBody reads a JSON object body: 415 unless the Content-Type is
// JSON, 400 if it does not decode.
func decodeJSONBody[T any](w http.ResponseWriter, r *http.Request) (T, *apiError) {
	var v T
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		return v, errorf(http.StatusUnsupportedMediaType, "The request body must be JSON (Content-Type: application/json).")
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	if err := dec.Decode(&v); err != nil {
		return v, errorf(http.StatusBadRequest, "The request body is not valid JSON.")
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return v, errorf(http.StatusBadRequest, "The request body must hold a single JSON object.")
	}
	return v, nil
}
