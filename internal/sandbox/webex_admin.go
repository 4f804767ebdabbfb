package sandbox

import (
	"cmp"
	"errors"
	"maps"
	"net/http"
	"slices"
)

// registerWebexAdmin exposes the WebexStore admin methods over HTTP:
//
//	POST   /_sandbox/webex/orgs                 {"id"?, "name"}            → {"orgId"}
//	DELETE /_sandbox/webex/orgs/{orgId}
//	POST   /_sandbox/webex/people               {"id"?, Person fields}     → {"personId"}
//	DELETE /_sandbox/webex/people/{personId}
//	PUT    /_sandbox/webex/people/{personId}/executiveAssistant {"type"}
//	POST   /_sandbox/webex/assignments          {"orgId", "personId"}
//	DELETE /_sandbox/webex/assignments?orgId=&personId=
//	POST   /_sandbox/webex/tokens               {"token", "scopes": [...]}
//	GET    /_sandbox/webex/state                dump of orgs, people, assignments
func (s *Server) registerWebexAdmin(st *WebexStore) {
	s.root.HandleFunc("POST /_sandbox/webex/orgs", func(w http.ResponseWriter, r *http.Request) {
		in, ok := decodeAdmin[struct{ ID, Name string }](w, r)
		if ok {
			adminCreate(w, "orgId", in.ID, func(id string) (string, error) { return st.AddOrgWithID(id, in.Name) })
		}
	})
	s.root.HandleFunc("DELETE /_sandbox/webex/orgs/{orgId}", func(w http.ResponseWriter, r *http.Request) {
		st.DeleteOrg(r.PathValue("orgId"))
		w.WriteHeader(http.StatusNoContent)
	})
	s.root.HandleFunc("POST /_sandbox/webex/people", func(w http.ResponseWriter, r *http.Request) {
		in, ok := decodeAdmin[struct {
			ID string `json:"id"`
			Person
		}](w, r)
		if ok {
			adminCreate(w, "personId", in.ID, func(id string) (string, error) { return st.AddPersonWithID(id, in.Person) })
		}
	})
	s.root.HandleFunc("DELETE /_sandbox/webex/people/{personId}", func(w http.ResponseWriter, r *http.Request) {
		st.DeletePerson(r.PathValue("personId"))
		w.WriteHeader(http.StatusNoContent)
	})
	s.root.HandleFunc("PUT /_sandbox/webex/people/{personId}/executiveAssistant", func(w http.ResponseWriter, r *http.Request) {
		in, ok := decodeAdmin[webexEA](w, r)
		if ok {
			adminResult(w, st.SetExecutiveAssistantType(r.PathValue("personId"), in.Type))
		}
	})
	s.root.HandleFunc("POST /_sandbox/webex/assignments", func(w http.ResponseWriter, r *http.Request) {
		in, ok := decodeAdmin[struct{ OrgID, PersonID string }](w, r)
		if ok {
			adminResult(w, st.Assign(in.OrgID, in.PersonID))
		}
	})
	s.root.HandleFunc("DELETE /_sandbox/webex/assignments", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		adminResult(w, st.Unassign(q.Get("orgId"), q.Get("personId")))
	})
	s.root.HandleFunc("POST /_sandbox/webex/tokens", func(w http.ResponseWriter, r *http.Request) {
		in, ok := decodeAdmin[struct {
			Token  string   `json:"token"`
			Scopes []string `json:"scopes"`
		}](w, r)
		if !ok {
			return
		}
		if in.Token == "" {
			adminError(w, http.StatusBadRequest, "token is required")
			return
		}
		st.AddToken(in.Token, in.Scopes...)
		w.WriteHeader(http.StatusNoContent)
	})
	s.root.HandleFunc("GET /_sandbox/webex/state", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, st.State())
	})
}

// adminCreate answers a POST that creates an object whose id the caller may
// give: add gets that id, or a fresh UUID; 201 with {key: id}, or 400 when
// add refuses the id.
func adminCreate(w http.ResponseWriter, key, id string, add func(id string) (string, error)) {
	if id == "" {
		id = newUUID()
	}
	id, err := add(id)
	if err != nil {
		adminError(w, http.StatusBadRequest, err.Error())
		return
	}
	writeJSON(w, http.StatusCreated, map[string]string{key: id})
}

// adminResult answers 204, or the status an *apiError carries.
func adminResult(w http.ResponseWriter, err error) {
	var e *apiError
	switch {
	case err == nil:
		w.WriteHeader(http.StatusNoContent)
	case errors.As(err, &e):
		adminError(w, e.Status, e.Message)
	default:
		adminError(w, http.StatusBadRequest, err.Error())
	}
}

// WebexState is a snapshot of the Webex store, ignoring the visibility delay.
type WebexState struct {
	PartnerOrgID string             `json:"partnerOrgId"`
	Orgs         []WebexStateOrg    `json:"orgs"`
	People       []WebexStatePerson `json:"people"`
}

// WebexStateOrg is one organization and its assigned partner admins.
type WebexStateOrg struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Assignments []string `json:"assignments"`
}

// WebexStatePerson is one person; ExecutiveAssistantType is the latest value.
type WebexStatePerson struct {
	ID string `json:"id"`
	Person
}

// State returns a snapshot in creation order.
func (st *WebexStore) State() WebexState {
	st.mu.Lock()
	defer st.mu.Unlock()
	out := WebexState{PartnerOrgID: st.PartnerOrgID(), Orgs: []WebexStateOrg{}, People: []WebexStatePerson{}}
	orgs := slices.SortedFunc(maps.Values(st.orgs), func(a, b *webexOrg) int { return cmp.Compare(a.seq, b.seq) })
	for _, o := range orgs {
		so := WebexStateOrg{ID: canonical(o.id), Name: o.name, Assignments: []string{}}
		for _, a := range st.assigned(o, func(h *history[bool]) (event[bool], bool) { return h.latest() }) {
			so.Assignments = append(so.Assignments, canonical(a.id))
		}
		out.Orgs = append(out.Orgs, so)
	}
	people := slices.SortedFunc(maps.Values(st.people), func(a, b *webexPerson) int { return cmp.Compare(a.seq, b.seq) })
	for _, p := range people {
		sp := WebexStatePerson{ID: canonical(p.id), Person: p.p}
		sp.Emails = slices.Clone(p.p.Emails)
		ev, _ := p.ea.latest()
		sp.ExecutiveAssistantType = ev.val
		out.People = append(out.People, sp)
	}
	return out
}
