package sandbox

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
)

// BlueXP credentials New registers.
const (
	DefaultBlueXPToken        = "sandbox-bluexp-token"
	DefaultBlueXPClientID     = "sandbox-bluexp-client"
	DefaultBlueXPClientSecret = "sandbox-bluexp-secret"
	DefaultBlueXPRefreshToken = "sandbox-bluexp-refresh-token"
	// BlueXPRefreshClientID is the Auth0 client id every refresh-token grant uses.
	BlueXPRefreshClientID = "Mu0V1ywgYteI6w1MbD15fKfVIUrNXGWC"
	// BlueXPAudience is the audience a client_credentials grant must ask for.
	BlueXPAudience = "https://api.cloud.netapp.com"
)

// BlueXPUser is a user of the BlueXP directory, as seeded through the admin API.
type BlueXPUser struct {
	ID       string `json:"id"` // UUID; generated when empty
	Name     string `json:"name"`
	Email    string `json:"email"`
	Auth0ID  string `json:"auth0Id"`
	AADID    string `json:"aadId"`
	UserType string `json:"userType"` // default "user"
	// OwnerOrganizationID is the organization that owns the user, which
	// NetApp's user object requires; default: the store's organization.
	OwnerOrganizationID string `json:"ownerOrganizationId"`
}

// BlueXPStore is the BlueXP state and its Go admin API. Admin methods act at
// once, are never faulted and are not logged.
type BlueXPStore struct {
	tokens   tokenSet
	delay    time.Duration
	lifetime time.Duration // of issued tokens
	// Readings of the docs (Options).
	bareAuth0, continueInMeta, conflictWhileAdding bool

	orgID string // the organization owning the directory's users

	mu           sync.Mutex
	seq          uint64
	users        map[string]*BlueXPUser // by lower-case id
	partnerships map[string]*bxpPartnership
	clients      map[string]string // client id → secret
	refresh      map[string]bool
	forbidden    map[string]bool // partnerships the caller may not touch (403)
	loseAdds     int             // accepted adds whose answer is dropped
	lateAdds     time.Duration   // how long an accepted add's answer is held back
}

type bxpPartnership struct {
	id    string
	name  string
	roles map[BlueXPRole]map[string]*bxpMember // role → members by lower-case user id
}

// BlueXPRole is a partnership role, named by its collection in the API path.
// Each role has its own members: NetApp documents the roles as separate
// collections with the same shapes, and no link between them.
type BlueXPRole string

// The partnership roles the sandbox serves.
const (
	BlueXPResourceAdmins BlueXPRole = "resourceadmins"
	BlueXPUserAdmins     BlueXPRole = "useradmins"
)

// BlueXPRoles lists the roles the sandbox serves.
var BlueXPRoles = []BlueXPRole{BlueXPResourceAdmins, BlueXPUserAdmins}

// noun names one member of the role in error reasons.
func (r BlueXPRole) noun() string {
	if r == BlueXPUserAdmins {
		return "UserAdmin"
	}
	return "ResourceAdmin"
}

// members of the role, created on first use.
func (p *bxpPartnership) members(role BlueXPRole) map[string]*bxpMember {
	m, ok := p.roles[role]
	if !ok {
		m = map[string]*bxpMember{}
		p.roles[role] = m
	}
	return m
}

type bxpMember struct {
	seq       uint64
	visibleAt time.Time
}

func newBlueXPStore(opts Options, lifetime time.Duration) *BlueXPStore {
	st := &BlueXPStore{
		delay:               opts.VisibilityDelay,
		lifetime:            lifetime,
		bareAuth0:           opts.BlueXPBareAuth0IDs,
		continueInMeta:      opts.BlueXPContinueInMetadata,
		conflictWhileAdding: opts.BlueXPConflictWhileAdding,
		orgID:               newUUID(),
		forbidden:           map[string]bool{},
		users:               map[string]*BlueXPUser{},
		partnerships:        map[string]*bxpPartnership{},
		clients:             map[string]string{DefaultBlueXPClientID: DefaultBlueXPClientSecret},
		refresh:             map[string]bool{DefaultBlueXPRefreshToken: true},
	}
	st.tokens.add(DefaultBlueXPToken)
	st.tokens.revokeAfter = opts.RevokeTokensAfter
	return st
}

// SetForbidden makes every request on the partnership answer 403
// "Operation not permitted" (/problems/11), as NetApp documents for a caller
// without the right role there.
func (st *BlueXPStore) SetForbidden(partnershipID string, forbidden bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.forbidden[strings.ToLower(partnershipID)] = forbidden
}

func (st *BlueXPStore) isForbidden(partnershipID string) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.forbidden[strings.ToLower(partnershipID)]
}

// LoseAddAnswers makes the next n accepted adds act and then close the
// connection without answering: the client cannot know the add happened.
func (st *BlueXPStore) LoseAddAnswers(n int) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.loseAdds = n
}

// AnswerAddsLate makes every accepted add act at once and answer only after
// d (a client that stops waiting first never hears of it).
func (st *BlueXPStore) AnswerAddsLate(d time.Duration) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.lateAdds = d
}

// addAnswerFault says what happens to the answer of an add that acted.
func (st *BlueXPStore) addAnswerFault() (lose bool, late time.Duration) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.loseAdds > 0 {
		st.loseAdds--
		return true, 0
	}
	return false, st.lateAdds
}

// AddToken registers a bearer token.
func (st *BlueXPStore) AddToken(token string) { st.tokens.add(token) }

// RevokeTokens revokes every access token issued by the token endpoint (the
// static ones stay), so the next API call answers 401 and a client must
// fetch a new token.
func (st *BlueXPStore) RevokeTokens() { st.tokens.revokeIssued() }

// TokensIssued counts tokens the token endpoint handed out.
func (st *BlueXPStore) TokensIssued() int { return st.tokens.issuedCount() }

// AddClient registers a service account.
func (st *BlueXPStore) AddClient(id, secret string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.clients[id] = secret
}

// AddRefreshToken registers a user refresh token.
func (st *BlueXPStore) AddRefreshToken(token string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.refresh[token] = true
}

// AddPartnership creates a partnership and returns its id (a UUID unless id is given).
func (st *BlueXPStore) AddPartnership(id, name string) string {
	if id == "" {
		id = newUUID()
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	st.partnerships[strings.ToLower(id)] = &bxpPartnership{id: id, name: name, roles: map[BlueXPRole]map[string]*bxpMember{}}
	return id
}

// DeletePartnership removes a partnership.
func (st *BlueXPStore) DeletePartnership(id string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	delete(st.partnerships, strings.ToLower(id))
}

// AddUser adds a user to the directory and returns its id.
func (st *BlueXPStore) AddUser(u BlueXPUser) string {
	if u.ID == "" {
		u.ID = newUUID()
	}
	if u.UserType == "" {
		u.UserType = "user"
	}
	if u.OwnerOrganizationID == "" {
		u.OwnerOrganizationID = st.orgID
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	st.users[strings.ToLower(u.ID)] = &u
	return u.ID
}

// AddMember puts a user in the ResourceAdmin role out of band, visible at once.
func (st *BlueXPStore) AddMember(partnershipID, userID string) error {
	return st.AddRoleMember(BlueXPResourceAdmins, partnershipID, userID)
}

// AddRoleMember puts a user in a role out of band, visible at once.
func (st *BlueXPStore) AddRoleMember(role BlueXPRole, partnershipID, userID string) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	p, e := st.partnership(partnershipID)
	if e != nil {
		return fmt.Errorf("no partnership %s", partnershipID)
	}
	if _, ok := st.users[strings.ToLower(userID)]; !ok {
		return fmt.Errorf("no user %s", userID)
	}
	st.seq++
	p.members(role)[strings.ToLower(userID)] = &bxpMember{seq: st.seq}
	return nil
}

// RemoveMember takes a user out of the ResourceAdmin role out of band (drift).
func (st *BlueXPStore) RemoveMember(partnershipID, userID string) error {
	return st.RemoveRoleMember(BlueXPResourceAdmins, partnershipID, userID)
}

// RemoveRoleMember takes a user out of a role out of band (drift).
func (st *BlueXPStore) RemoveRoleMember(role BlueXPRole, partnershipID, userID string) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	p, e := st.partnership(partnershipID)
	if e != nil {
		return fmt.Errorf("no partnership %s", partnershipID)
	}
	delete(p.members(role), strings.ToLower(userID))
	return nil
}

// Members lists the user ids in the ResourceAdmin role, including adds not
// visible yet, in order of addition.
func (st *BlueXPStore) Members(partnershipID string) []string {
	return st.RoleMembers(BlueXPResourceAdmins, partnershipID)
}

// RoleMembers lists the user ids in a role, including adds not visible yet,
// in order of addition.
func (st *BlueXPStore) RoleMembers(role BlueXPRole, partnershipID string) []string {
	st.mu.Lock()
	defer st.mu.Unlock()
	p, e := st.partnership(partnershipID)
	if e != nil {
		return nil
	}
	var out []string
	for _, m := range st.membersOf(p, role, time.Time{}) {
		out = append(out, m.ID)
	}
	return out
}

// membersOf lists members in addition order; a zero now includes members not
// visible yet. Callers hold st.mu.
func (st *BlueXPStore) membersOf(p *bxpPartnership, role BlueXPRole, now time.Time) []*BlueXPUser {
	type kv struct {
		seq uint64
		u   *BlueXPUser
	}
	var list []kv
	for id, m := range p.members(role) {
		if !now.IsZero() && m.visibleAt.After(now) {
			continue
		}
		if u, ok := st.users[id]; ok {
			list = append(list, kv{m.seq, u})
		}
	}
	slices.SortFunc(list, func(a, b kv) int { return int(a.seq) - int(b.seq) })
	out := make([]*BlueXPUser, len(list))
	for i, e := range list {
		out[i] = e.u
	}
	return out
}

// partnership finds a partnership by id, in any case, for the API (its 404)
// and the out-of-band methods alike. Callers hold st.mu.
func (st *BlueXPStore) partnership(id string) (*bxpPartnership, *apiError) {
	p, ok := st.partnerships[strings.ToLower(id)]
	if !ok {
		return nil, errorf(http.StatusNotFound, "Collection not found")
	}
	return p, nil
}

// bxpUserRef is one element of an add body.
type bxpUserRef struct {
	UserID  string `json:"userId"`
	Auth0ID string `json:"auth0Id"`
	EmailID string `json:"emailId"`
	AADID   string `json:"aadId"`
}

// resolve finds the directory user a reference names. Callers hold st.mu.
func (st *BlueXPStore) resolve(ref bxpUserRef) (*BlueXPUser, string) {
	n := 0
	for _, s := range []string{ref.UserID, ref.Auth0ID, ref.EmailID, ref.AADID} {
		if s != "" {
			n++
		}
	}
	if n != 1 {
		return nil, "exactly one of userId, auth0Id, emailId, aadId is required"
	}
	for _, u := range st.users {
		switch {
		case ref.UserID != "" && strings.EqualFold(u.ID, ref.UserID),
			ref.Auth0ID != "" && u.Auth0ID == ref.Auth0ID,
			ref.EmailID != "" && strings.EqualFold(u.Email, ref.EmailID),
			ref.AADID != "" && strings.EqualFold(u.AADID, ref.AADID):
			return u, ""
		}
	}
	return nil, "no such user"
}

// add applies an add request atomically: 404 for an unknown partnership or
// user, 409 when a user already holds the role (nothing is added then).
func (st *BlueXPStore) add(role BlueXPRole, partnershipID string, refs []bxpUserRef) (*apiError, []bxpInvalidParam) {
	st.mu.Lock()
	defer st.mu.Unlock()
	p, e := st.partnership(partnershipID)
	if e != nil {
		return e, nil
	}
	if st.conflictWhileAdding {
		now := time.Now()
		for _, m := range p.members(role) {
			if m.visibleAt.After(now) {
				return errorf(http.StatusConflict, "JSON resource conflict"), nil
			}
		}
	}
	var invalid []bxpInvalidParam
	var users []*BlueXPUser
	for i, ref := range refs {
		u, why := st.resolve(ref)
		if u == nil {
			invalid = append(invalid, bxpInvalidParam{Name: fmt.Sprintf("users[%d]", i), Reason: why})
			continue
		}
		users = append(users, u)
	}
	if len(invalid) > 0 {
		return errorf(http.StatusBadRequest, "Invalid request body"), invalid
	}
	var conflicts []bxpInvalidParam
	for _, u := range users {
		if _, ok := p.members(role)[strings.ToLower(u.ID)]; ok {
			conflicts = append(conflicts, bxpInvalidParam{Name: u.ID, Reason: "already a " + role.noun() + " of the partnership"})
		}
	}
	if len(conflicts) > 0 {
		return errorf(http.StatusConflict, "JSON resource conflict"), conflicts
	}
	at := time.Now().Add(st.delay)
	for _, u := range users {
		st.seq++
		p.members(role)[strings.ToLower(u.ID)] = &bxpMember{seq: st.seq, visibleAt: at}
	}
	return nil, nil
}

func (st *BlueXPStore) remove(role BlueXPRole, partnershipID, userID string) *apiError {
	st.mu.Lock()
	defer st.mu.Unlock()
	p, e := st.partnership(partnershipID)
	if e != nil {
		return e
	}
	if _, ok := p.members(role)[strings.ToLower(userID)]; !ok {
		return errorf(http.StatusNotFound, "Resource not found")
	}
	delete(p.members(role), strings.ToLower(userID))
	return nil
}

// list answers the members of a role of a partnership. Its pages
// (tenancyv4/get-partnerships-resourceadmins.adoc,
// get-partnerships-useradmins.adoc) document only 200, so an
// unknown partnership gets one of the platform's common statuses
// (platform/http_details.adoc): 403 "Operation not permitted", the caller
// holding no role there. Whether the partnership exists is for
// GET /partnerships/{partnership_id} to say (404).
func (st *BlueXPStore) list(role BlueXPRole, partnershipID string) ([]*BlueXPUser, *apiError) {
	users, e := st.members(role, partnershipID)
	if e != nil && e.Status == http.StatusNotFound {
		return nil, errorf(http.StatusForbidden, "Operation not permitted")
	}
	return users, e
}

func (st *BlueXPStore) members(role BlueXPRole, partnershipID string) ([]*BlueXPUser, *apiError) {
	st.mu.Lock()
	defer st.mu.Unlock()
	p, e := st.partnership(partnershipID)
	if e != nil {
		return nil, e
	}
	return st.membersOf(p, role, time.Now()), nil
}

func (st *BlueXPStore) get(role BlueXPRole, partnershipID, userID string) (*BlueXPUser, *apiError) {
	users, e := st.members(role, partnershipID)
	if e != nil {
		return nil, e
	}
	for _, u := range users {
		if strings.EqualFold(u.ID, userID) {
			return u, nil
		}
	}
	return nil, errorf(http.StatusNotFound, "Resource not found")
}

// grant checks a token request and returns a new access token and its
// label, or why not.
func (st *BlueXPStore) grant(form map[string]string) (tok, label, why string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	switch form["grant_type"] {
	case "client_credentials":
		secret, ok := st.clients[form["client_id"]]
		if !ok || secret != form["client_secret"] || form["client_secret"] == "" {
			return "", "", "invalid_client"
		}
		if form["audience"] != BlueXPAudience {
			return "", "", "invalid_request"
		}
	case "refresh_token":
		if form["client_id"] != BlueXPRefreshClientID {
			return "", "", "invalid_client"
		}
		if !st.refresh[form["refresh_token"]] {
			return "", "", "invalid_grant"
		}
	default:
		return "", "", "unsupported_grant_type"
	}
	tok, label = st.tokens.issue("bxp-issued", st.lifetime)
	return tok, label, ""
}
