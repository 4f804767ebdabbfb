package sandbox

import (
	"cmp"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/webexid"
)

// DefaultWebexToken is registered by New with every Webex scope.
const DefaultWebexToken = "sandbox-webex-token"

// Webex scopes the emulated endpoints require.
const (
	ScopeOrganizationsRead  = "spark-admin:organizations_read"
	ScopeOrganizationsWrite = "spark-admin:organizations_write"
	ScopePeopleRead         = "spark-admin:people_read"
	ScopePeopleWrite        = "spark-admin:people_write"
)

// AllWebexScopes lists every scope the sandbox checks.
var AllWebexScopes = []string{ScopeOrganizationsRead, ScopeOrganizationsWrite, ScopePeopleRead, ScopePeopleWrite}

// Partner roles (Person.PartnerRole).
const (
	RolePartnerAdmin     = "partner_admin"
	RolePartnerFullAdmin = "partner_full_admin"
)

// Executive-assistant types.
const (
	EATypeUnassigned         = "UNASSIGNED"
	EATypeExecutive          = "EXECUTIVE"
	EATypeExecutiveAssistant = "EXECUTIVE_ASSISTANT"
)

// PartnerOrgUUID is the partner organization every person belongs to unless
// Person.OrgID says otherwise.
var PartnerOrgUUID = "5e1f0a2b-3c4d-4e5f-8a6b-7c8d9e0f1a2b"

// PartnerAdminRoleUUID is the role listed for each org in the managedBy list.
var PartnerAdminRoleUUID = "7a1b2c3d-4e5f-4a6b-9c7d-8e9f0a1b2c3d"

// Person is a Webex user as seeded through the admin API.
type Person struct {
	DisplayName            string   `json:"displayName"`
	FirstName              string   `json:"firstName"`
	LastName               string   `json:"lastName"`
	Emails                 []string `json:"emails"`
	PartnerRole            string   `json:"partnerRole"`            // RolePartnerAdmin, RolePartnerFullAdmin or ""
	Calling                bool     `json:"calling"`                // has Webex Calling
	ExecutiveAssistantType string   `json:"executiveAssistantType"` // default UNASSIGNED
	OrgID                  string   `json:"orgId"`                  // default: the partner org
}

// WebexStore is the Webex state and its Go admin API. Admin methods act at
// once (no visibility delay), are never faulted and are not logged.
type WebexStore struct {
	tokens   tokenSet
	auth     webexAuth
	delay    time.Duration
	regional bool
	partner  webexid.ID // default org of persons
	// Statuses of a duplicate assign and of unassigning an absent
	// assignment (Options.WebexDuplicateAssignStatus, …AbsentUnassign…).
	duplicateStatus, absentStatus int

	mu     sync.Mutex
	seq    uint64                  // orders writes, so lists are stable by assignment time
	orgs   map[string]*webexOrg    // by webexid Key
	people map[string]*webexPerson // by webexid Key
}

type webexOrg struct {
	id     webexid.ID
	name   string
	seq    uint64
	admins map[string]*history[bool] // person key → assigned?
}

type webexPerson struct {
	id     webexid.ID
	p      Person
	orgKey string
	seq    uint64
	ea     history[string]
}

// history is a value with eventual consistency: every write is recorded at
// once (so conflicts are detected) but reads see it only from its `at` time.
// The visible value is the latest-recorded event already due, so an
// immediate admin write overrides an API write still in flight.
type history[T any] struct{ events []event[T] }

type event[T any] struct {
	seq uint64
	at  time.Time
	val T
}

func (h *history[T]) latest() (event[T], bool) {
	if len(h.events) == 0 {
		return event[T]{}, false
	}
	return h.events[len(h.events)-1], true
}

func (h *history[T]) visible(now time.Time) (event[T], bool) {
	for i := len(h.events) - 1; i >= 0; i-- {
		if !h.events[i].at.After(now) {
			return h.events[i], true
		}
	}
	return event[T]{}, false
}

func (h *history[T]) record(val T, seq uint64, at, now time.Time) {
	// Events before the latest visible one can never be seen again.
	for i := len(h.events) - 1; i > 0; i-- {
		if !h.events[i].at.After(now) {
			h.events = slices.Delete(h.events, 0, i)
			break
		}
	}
	h.events = append(h.events, event[T]{seq: seq, at: at, val: val})
}

func newWebexStore(opts Options) *WebexStore {
	st := &WebexStore{
		delay:    opts.VisibilityDelay,
		regional: opts.WebexRegionalIDs,
		orgs:     map[string]*webexOrg{},
		people:   map[string]*webexPerson{},

		duplicateStatus: cmp.Or(opts.WebexDuplicateAssignStatus, http.StatusConflict),
		absentStatus:    cmp.Or(opts.WebexAbsentUnassignStatus, http.StatusNotFound),
	}
	st.tokens.add(DefaultWebexToken, AllWebexScopes...)
	st.tokens.revokeAfter = opts.RevokeTokensAfter
	st.AddIntegration(DefaultWebexClientID, DefaultWebexClientSecret, DefaultWebexRefreshToken)
	partner, err := seedID(PartnerOrgUUID, webexid.TypeOrganization)
	if err != nil {
		partner, _ = seedID(newUUID(), webexid.TypeOrganization) // PartnerOrgUUID was changed to garbage
	}
	st.partner = partner
	_, _ = st.AddOrgWithID(canonical(partner), "Sandbox Partner")
	return st
}

// encode renders an ID the way responses carry it.
func (st *WebexStore) encode(id webexid.ID) string {
	if st.regional {
		raw := "ciscospark://urn:TEAM:eu-central-1_k/" + id.Type + "/" + id.UUID
		return base64.StdEncoding.EncodeToString([]byte(raw))
	}
	return webexid.Encode("us", id.Type, id.UUID)
}

// seedID accepts an encoded ID or a bare UUID, for deterministic seeding.
func seedID(s, typ string) (webexid.ID, error) {
	if id, err := webexid.ParseType(s, typ); err == nil {
		return webexid.ID{Cluster: "us", Type: typ, UUID: id.UUID}, nil
	}
	id, err := webexid.Parse(webexid.Encode("us", typ, s))
	if err != nil {
		return webexid.ID{}, fmt.Errorf("sandbox: %q is neither a %s ID nor a UUID", s, typ)
	}
	return id, nil
}

func canonical(id webexid.ID) string { return webexid.Encode("us", id.Type, id.UUID) }

// AddToken registers a bearer token with the given scopes (none → every
// endpoint answers 403). Registering it again replaces its scopes.
func (st *WebexStore) AddToken(token string, scopes ...string) { st.tokens.add(token, scopes...) }

// PartnerOrgID returns the encoded ID of the default partner organization.
func (st *WebexStore) PartnerOrgID() string { return canonical(st.partner) }

// AddOrg creates a customer organization with a random UUID.
func (st *WebexStore) AddOrg(name string) string {
	id, _ := st.AddOrgWithID(newUUID(), name) // a fresh UUID always parses
	return id
}

// AddOrgWithID creates (or renames) an organization; id is an encoded
// ORGANIZATION ID in any form, or a bare UUID.
func (st *WebexStore) AddOrgWithID(id, name string) (string, error) {
	oid, err := seedID(id, webexid.TypeOrganization)
	if err != nil {
		return "", err
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if o, ok := st.orgs[oid.Key()]; ok {
		o.name = name
	} else {
		st.seq++
		st.orgs[oid.Key()] = &webexOrg{id: oid, name: name, seq: st.seq, admins: map[string]*history[bool]{}}
	}
	return canonical(oid), nil
}

// DeleteOrg removes an organization and its assignments.
func (st *WebexStore) DeleteOrg(orgID string) {
	id, err := webexid.ParseType(orgID, webexid.TypeOrganization)
	if err != nil {
		return
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	delete(st.orgs, id.Key())
}

// AddPerson creates a person with a random UUID; it returns "" when
// p.OrgID is not an ORGANIZATION ID.
func (st *WebexStore) AddPerson(p Person) string {
	id, err := st.AddPersonWithID(newUUID(), p)
	if err != nil {
		return ""
	}
	return id
}

// AddPersonWithID creates (or replaces the attributes of) a person; id is
// an encoded PEOPLE ID in any form, or a bare UUID.
func (st *WebexStore) AddPersonWithID(id string, p Person) (string, error) {
	pid, err := seedID(id, webexid.TypePeople)
	if err != nil {
		return "", err
	}
	orgKey := st.partner.Key()
	if p.OrgID != "" {
		oid, err := webexid.ParseType(p.OrgID, webexid.TypeOrganization)
		if err != nil {
			return "", fmt.Errorf("sandbox: person orgId: %w", err)
		}
		orgKey = oid.Key()
		p.OrgID = canonical(oid)
	} else {
		p.OrgID = st.PartnerOrgID()
	}
	if p.ExecutiveAssistantType == "" {
		p.ExecutiveAssistantType = EATypeUnassigned
	}
	if !validEAType(p.ExecutiveAssistantType) {
		return "", fmt.Errorf("sandbox: invalid executive assistant type %q", p.ExecutiveAssistantType)
	}
	p.Emails = slices.Clone(p.Emails)
	st.mu.Lock()
	defer st.mu.Unlock()
	st.seq++
	now := time.Now()
	if old, ok := st.people[pid.Key()]; ok {
		old.p, old.orgKey = p, orgKey
		old.ea.record(p.ExecutiveAssistantType, st.seq, now, now)
	} else {
		np := &webexPerson{id: pid, p: p, orgKey: orgKey, seq: st.seq}
		np.ea.record(p.ExecutiveAssistantType, st.seq, now, now)
		st.people[pid.Key()] = np
	}
	return canonical(pid), nil
}

// DeletePerson removes a person and every assignment of it.
func (st *WebexStore) DeletePerson(personID string) {
	id, err := webexid.ParseType(personID, webexid.TypePeople)
	if err != nil {
		return
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	delete(st.people, id.Key())
	for _, o := range st.orgs {
		delete(o.admins, id.Key())
	}
}

// Assign assigns a partner admin out of band (drift), visible at once. It
// applies the same rules as the API.
func (st *WebexStore) Assign(orgID, personID string) error {
	return asError(st.setAssigned(orgID, personID, true, false))
}

// Unassign removes an assignment out of band, visible at once.
func (st *WebexStore) Unassign(orgID, personID string) error {
	return asError(st.setAssigned(orgID, personID, false, false))
}

// Assignments returns the canonical IDs of the persons assigned to orgID,
// including writes not yet visible through the API, in assignment order.
func (st *WebexStore) Assignments(orgID string) []string {
	id, err := webexid.ParseType(orgID, webexid.TypeOrganization)
	if err != nil {
		return nil
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	o, ok := st.orgs[id.Key()]
	if !ok {
		return nil
	}
	var out []string
	for _, a := range st.assigned(o, func(h *history[bool]) (event[bool], bool) { return h.latest() }) {
		out = append(out, canonical(a.id))
	}
	return out
}

// SetExecutiveAssistantType changes a person's type out of band, visible at once.
func (st *WebexStore) SetExecutiveAssistantType(personID, t string) error {
	if !validEAType(t) {
		return fmt.Errorf("sandbox: invalid executive assistant type %q", t)
	}
	return st.SetUndocumentedExecutiveAssistantType(personID, t)
}

// SetUndocumentedExecutiveAssistantType is SetExecutiveAssistantType without
// the check of the value: it emulates a type Cisco adds later, which reads
// return as is (the PUT still refuses it).
func (st *WebexStore) SetUndocumentedExecutiveAssistantType(personID, t string) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	p, e := st.person(personID)
	if e != nil {
		return e
	}
	st.seq++
	now := time.Now()
	p.ea.record(t, st.seq, now, now)
	return nil
}

// ExecutiveAssistantType returns a person's latest type, ignoring the delay.
func (st *WebexStore) ExecutiveAssistantType(personID string) (string, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	p, e := st.person(personID)
	if e != nil {
		return "", e
	}
	ev, _ := p.ea.latest()
	return ev.val, nil
}

func asError(e *apiError) error {
	if e == nil {
		return nil
	}
	return e
}

func validEAType(t string) bool {
	return t == EATypeUnassigned || t == EATypeExecutive || t == EATypeExecutiveAssistant
}

// The methods below hold st.mu and return *apiError for the API handlers.

func (st *WebexStore) org(raw string) (*webexOrg, *apiError) {
	id, err := webexid.ParseType(raw, webexid.TypeOrganization)
	if err != nil {
		return nil, invalidID("orgId", err)
	}
	o, ok := st.orgs[id.Key()]
	if !ok {
		return nil, errorf(http.StatusNotFound, "Organization not found.")
	}
	return o, nil
}

func (st *WebexStore) person(raw string) (*webexPerson, *apiError) {
	id, err := webexid.ParseType(raw, webexid.TypePeople)
	if err != nil {
		return nil, invalidID("personId", err)
	}
	p, ok := st.people[id.Key()]
	if !ok {
		return nil, errorf(http.StatusNotFound, "Person not found.")
	}
	return p, nil
}

func invalidID(param string, err error) *apiError {
	msg := strings.TrimPrefix(err.Error(), webexid.ErrInvalid.Error()+": ")
	if errors.Is(err, webexid.ErrInvalid) {
		return errorf(http.StatusBadRequest, "Invalid ID: %s (%s).", param, msg)
	}
	return errorf(http.StatusBadRequest, "Invalid ID: %s.", param)
}

// assignedPerson is one visible assignment, in order of assignment.
type assignedPerson struct {
	id  webexid.ID
	p   *webexPerson
	seq uint64
}

// assigned lists the org's assignments as seen by view (latest or visible).
func (st *WebexStore) assigned(o *webexOrg, view func(*history[bool]) (event[bool], bool)) []assignedPerson {
	var out []assignedPerson
	for key, h := range o.admins {
		ev, ok := view(h)
		if !ok || !ev.val {
			continue
		}
		p, ok := st.people[key]
		if !ok {
			continue
		}
		out = append(out, assignedPerson{id: p.id, p: p, seq: ev.seq})
	}
	slices.SortFunc(out, func(a, b assignedPerson) int { return cmp.Compare(a.seq, b.seq) })
	return out
}

// setAssigned applies an assign or unassign; api writes become visible
// after the delay, admin writes at once.
func (st *WebexStore) setAssigned(orgRaw, personRaw string, assign, api bool) *apiError {
	st.mu.Lock()
	defer st.mu.Unlock()
	o, e := st.org(orgRaw)
	if e != nil {
		return e
	}
	p, e := st.person(personRaw)
	if e != nil {
		return e
	}
	h := o.admins[p.id.Key()]
	if h == nil {
		h = &history[bool]{}
		o.admins[p.id.Key()] = h
	}
	cur, _ := h.latest()
	if assign {
		switch {
		case p.p.PartnerRole == RolePartnerFullAdmin:
			return errorf(http.StatusBadRequest, "The person is a partner full administrator and already has access to all customers.")
		case p.p.PartnerRole != RolePartnerAdmin:
			return errorf(http.StatusBadRequest, "The person is not a partner administrator.")
		case cur.val && st.duplicateStatus == http.StatusOK:
			return nil // the idempotent reading: accepted, nothing changes
		case cur.val:
			return errorf(st.duplicateStatus, "The partner administrator is already assigned to this customer organization.")
		}
	} else if !cur.val {
		if st.absentStatus == http.StatusOK {
			return nil
		}
		return errorf(st.absentStatus, "The partner administrator is not assigned to this customer organization.")
	}
	st.record(h, assign, api)
	return nil
}

func (st *WebexStore) record(h *history[bool], val, api bool) {
	st.seq++
	now := time.Now()
	at := now
	if api {
		at = now.Add(st.delay)
	}
	h.record(val, st.seq, at, now)
}

type webexAdminItem struct {
	ID                string   `json:"id"`
	DisplayName       string   `json:"displayName"`
	FirstName         string   `json:"firstName"`
	LastName          string   `json:"lastName"`
	Emails            []string `json:"emails"`
	RoleInCustomerOrg string   `json:"roleInCustomerOrg"`
}

func (st *WebexStore) listAdmins(orgRaw string) ([]webexAdminItem, *apiError) {
	st.mu.Lock()
	defer st.mu.Unlock()
	o, e := st.org(orgRaw)
	if e != nil {
		return nil, e
	}
	now := time.Now()
	items := []webexAdminItem{}
	for _, a := range st.assigned(o, func(h *history[bool]) (event[bool], bool) { return h.visible(now) }) {
		items = append(items, webexAdminItem{
			ID: st.encode(a.id), DisplayName: a.p.p.DisplayName, FirstName: a.p.p.FirstName, LastName: a.p.p.LastName,
			Emails: append([]string{}, a.p.p.Emails...), RoleInCustomerOrg: "id_full_admin",
		})
	}
	return items, nil
}

type webexManagedOrg struct {
	OrgID string `json:"orgId"`
	Role  string `json:"role"`
}

func (st *WebexStore) managedBy(personRaw string) ([]webexManagedOrg, *apiError) {
	st.mu.Lock()
	defer st.mu.Unlock()
	p, e := st.person(personRaw)
	if e != nil {
		return nil, e
	}
	if p.p.PartnerRole == RolePartnerFullAdmin {
		return nil, errorf(http.StatusBadRequest, "The person is a partner full administrator and already has access to all customers.")
	}
	now := time.Now()
	type managed struct {
		org *webexOrg
		seq uint64
	}
	var found []managed
	for _, o := range st.orgs {
		if h := o.admins[p.id.Key()]; h != nil {
			if ev, ok := h.visible(now); ok && ev.val {
				found = append(found, managed{o, ev.seq})
			}
		}
	}
	slices.SortFunc(found, func(a, b managed) int { return cmp.Compare(a.seq, b.seq) })
	role := st.encode(webexid.ID{Type: webexid.TypeRole, UUID: PartnerAdminRoleUUID})
	items := []webexManagedOrg{}
	for _, m := range found {
		items = append(items, webexManagedOrg{OrgID: st.encode(m.org.id), Role: role})
	}
	return items, nil
}

// revoke removes every assignment of a person.
func (st *WebexStore) revoke(personRaw string) *apiError {
	st.mu.Lock()
	defer st.mu.Unlock()
	p, e := st.person(personRaw)
	if e != nil {
		return e
	}
	for _, o := range st.orgs {
		if h := o.admins[p.id.Key()]; h != nil {
			if cur, _ := h.latest(); cur.val {
				st.record(h, false, true)
			}
		}
	}
	return nil
}

// callingPerson resolves the person of an executive-assistant request.
func (st *WebexStore) callingPerson(personRaw, orgRaw string) (*webexPerson, *apiError) {
	p, e := st.person(personRaw)
	if e != nil {
		return nil, e
	}
	if orgRaw != "" {
		id, err := webexid.ParseType(orgRaw, webexid.TypeOrganization)
		if err != nil {
			return nil, invalidID("orgId", err)
		}
		if id.Key() != p.orgKey {
			return nil, errorf(http.StatusNotFound, "Person not found.")
		}
	}
	if !p.p.Calling {
		return nil, &apiError{Status: http.StatusBadRequest, Code: webexNotCallingUserCode,
			Message: "The person is not a Webex Calling user: the executive assistant feature needs a Webex Calling license."}
	}
	return p, nil
}

// webexNotCallingUserCode is the errorCode for a person without Calling; the
// value is the sandbox's choice (Cisco documents none).
const webexNotCallingUserCode = 4008

func (st *WebexStore) getEA(personRaw, orgRaw string) (string, *apiError) {
	st.mu.Lock()
	defer st.mu.Unlock()
	p, e := st.callingPerson(personRaw, orgRaw)
	if e != nil {
		return "", e
	}
	ev, _ := p.ea.visible(time.Now())
	return ev.val, nil
}

func (st *WebexStore) setEA(personRaw, orgRaw, t string) *apiError {
	st.mu.Lock()
	defer st.mu.Unlock()
	p, e := st.callingPerson(personRaw, orgRaw)
	if e != nil {
		return e
	}
	st.seq++
	now := time.Now()
	p.ea.record(t, st.seq, now.Add(st.delay), now)
	return nil
}
