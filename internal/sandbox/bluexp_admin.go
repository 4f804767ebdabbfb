package sandbox

import "net/http"

// registerBlueXPAdmin exposes the BlueXPStore admin methods over HTTP:
//
//	POST   /_sandbox/bluexp/partnerships                     {"id"?, "name"}   → {"partnershipId"}
//	POST   /_sandbox/bluexp/users                            BlueXPUser        → {"userId"}
//	POST   /_sandbox/bluexp/partnerships/{id}/members        {"userId"}
//	DELETE /_sandbox/bluexp/partnerships/{id}/members/{userId}
//	GET    /_sandbox/bluexp/partnerships/{id}/members        → ["userId", …]
//
// The members routes act on the ResourceAdmin role, or on the role named by
// ?role=useradmins (or resourceadmins).
func (s *Server) registerBlueXPAdmin(st *BlueXPStore) {
	s.root.HandleFunc("POST /_sandbox/bluexp/partnerships", func(w http.ResponseWriter, r *http.Request) {
		in, ok := decodeAdmin[struct{ ID, Name string }](w, r)
		if ok {
			writeJSON(w, http.StatusCreated, map[string]string{"partnershipId": st.AddPartnership(in.ID, in.Name)})
		}
	})
	s.root.HandleFunc("POST /_sandbox/bluexp/users", func(w http.ResponseWriter, r *http.Request) {
		in, ok := decodeAdmin[BlueXPUser](w, r)
		if ok {
			writeJSON(w, http.StatusCreated, map[string]string{"userId": st.AddUser(in)})
		}
	})
	s.root.HandleFunc("POST /_sandbox/bluexp/partnerships/{id}/members", func(w http.ResponseWriter, r *http.Request) {
		in, ok := decodeAdmin[struct{ UserID string }](w, r)
		if ok {
			adminResult(w, st.AddRoleMember(roleParam(r), r.PathValue("id"), in.UserID))
		}
	})
	s.root.HandleFunc("DELETE /_sandbox/bluexp/partnerships/{id}/members/{userId}", func(w http.ResponseWriter, r *http.Request) {
		adminResult(w, st.RemoveRoleMember(roleParam(r), r.PathValue("id"), r.PathValue("userId")))
	})
	s.root.HandleFunc("GET /_sandbox/bluexp/partnerships/{id}/members", func(w http.ResponseWriter, r *http.Request) {
		m := st.RoleMembers(roleParam(r), r.PathValue("id"))
		if m == nil {
			m = []string{}
		}
		writeJSON(w, http.StatusOK, m)
	})
}

// roleParam is the role a members route names (?role=), ResourceAdmin by default.
func roleParam(r *http.Request) BlueXPRole {
	if role := BlueXPRole(r.URL.Query().Get("role")); role == BlueXPUserAdmins {
		return role
	}
	return BlueXPResourceAdmins
}
