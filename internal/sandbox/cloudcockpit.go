package sandbox

import (
	"net/http"
	"strings"
	"sync"
	"time"
)

// CloudCockpit credentials registered by New.
const (
	DefaultCloudCockpitToken        = "sandbox-cloudcockpit-token"
	DefaultCloudCockpitTenant       = "portal.sandbox.example.com"
	DefaultCloudCockpitClientID     = "sandbox-cloudcockpit-client"
	DefaultCloudCockpitClientSecret = "sandbox-cloudcockpit-secret"
	// CloudCockpitScope is the scope the Entra token endpoint requires.
	CloudCockpitScope = "api://b92a36a4-feb8-4f47-a69c-29a180aa6d0a/.default"
	// CloudCockpitSecurityGroupID is the portal's configured security group.
	CloudCockpitSecurityGroupID = "3b7e1d40-0000-4000-8000-0000000000aa"
	// CloudCockpitRoleID is the role every sandbox assignment carries.
	CloudCockpitRoleID = "62e90394-69f5-4237-9190-012177145e10"
)

// Relationship statuses the sandbox knows.
const (
	RelationshipActive     = "active"
	RelationshipApproved   = "approved"
	RelationshipTerminated = "terminated"
)

// CloudCockpitTerminatePattern is the route (as logged) that would
// terminate a GDAP relationship.
const CloudCockpitTerminatePattern = "/v1/Customers/{customerId}/{rest...}"

// CloudCockpit portal roles of an API Access. Access assignments are
// "Available to the roles: csp, reseller"; any other role is refused (403).
const (
	CloudCockpitRoleCSP      = "csp"
	CloudCockpitRoleReseller = "reseller"
	CloudCockpitRoleCustomer = "customer"
)

// CloudCockpitRelationship is the admin API's body for seeding a relationship.
type CloudCockpitRelationship struct {
	ProviderInstanceID string `json:"providerInstanceId"`
	RelationshipID     string `json:"relationshipId"`
	Status             string `json:"status"`
	FailAssignments    bool   `json:"failAssignments"`
	// Optional: the customer whose relationship list shows it, and its name there.
	CustomerID  string `json:"customerId,omitempty"`
	DisplayName string `json:"displayName,omitempty"`
}

// CloudCockpitStore is the CloudCockpit state and its Go admin API.
type CloudCockpitStore struct {
	tokens tokenSet

	mu            sync.Mutex
	tenant        string
	delay         time.Duration
	adoptDelay    time.Duration
	roles         map[string]string                        // bearer token → portal role
	relationships map[string]*ccRelationship               // key: providerInstanceID/relationshipID, lower case
	instances     map[string]*CloudCockpitProviderInstance // key: lower-case id
	customers     map[string]bool                          // lower-case ids of customers with no relationship yet
	server        *Server
}

type ccRelationship struct {
	id          string // as seeded (the map key is lower case)
	details     CloudCockpitRelationshipDetails
	status      string
	fail        bool // new assignments turn to error instead of active
	assignments []*ccAssignment
}

type ccAssignment struct {
	id        string
	status    string // explicit status; "" means pending until activeAt
	activeAt  time.Time
	visibleAt time.Time // listed only from then on (Options.CloudCockpitAdoptDelay)
	created   time.Time
	modified  time.Time
	roleIDs   []string
	fail      bool
}

func ccKey(providerInstanceID, relationshipID string) string {
	return strings.ToLower(providerInstanceID) + "/" + strings.ToLower(relationshipID)
}

// AddRelationship adds (or updates the status of) a GDAP relationship
// under a provider instance.
func (c *CloudCockpitStore) AddRelationship(providerInstanceID, relationshipID, status string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	k := ccKey(providerInstanceID, relationshipID)
	if rel, ok := c.relationships[k]; ok {
		rel.status = status
		return
	}
	c.relationships[k] = &ccRelationship{id: relationshipID, status: status}
}

// FailAssignments makes new assignments of the relationship turn to error
// instead of active.
func (c *CloudCockpitStore) FailAssignments(providerInstanceID, relationshipID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if rel, ok := c.relationships[ccKey(providerInstanceID, relationshipID)]; ok {
		rel.fail = true
	}
}

// AddToken registers a bearer token for an API Access with the given
// portal role (CloudCockpitRoleCSP, …).
func (c *CloudCockpitStore) AddToken(token, role string) {
	c.tokens.add(token)
	c.mu.Lock()
	c.roles[token] = role
	c.mu.Unlock()
}

func (c *CloudCockpitStore) roleOf(token string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.roles[token]
}

// TerminateRelationship ends a relationship as a portal user or the
// customer would. Microsoft removes a terminated relationship's access
// assignments, so they are listed as deleted.
func (c *CloudCockpitStore) TerminateRelationship(providerInstanceID, relationshipID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if rel, ok := c.relationships[ccKey(providerInstanceID, relationshipID)]; ok {
		rel.status = RelationshipTerminated
		for _, a := range rel.assignments {
			a.status, a.modified = "deleted", time.Now().UTC()
		}
	}
}

// RemoveRelationship forgets a relationship, so CloudCockpit no longer
// knows it in that provider instance (its calls answer 400); restore puts
// it back as it was.
func (c *CloudCockpitStore) RemoveRelationship(providerInstanceID, relationshipID string) (restore func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	k := ccKey(providerInstanceID, relationshipID)
	rel, ok := c.relationships[k]
	delete(c.relationships, k)
	return func() {
		if ok {
			c.mu.Lock()
			c.relationships[k] = rel
			c.mu.Unlock()
		}
	}
}

// AddAssignment makes an assignment as a person would in the portal or in
// Partner Center, already active and listed, and returns its id.
func (c *CloudCockpitStore) AddAssignment(providerInstanceID, relationshipID string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	rel, ok := c.relationships[ccKey(providerInstanceID, relationshipID)]
	if !ok {
		return ""
	}
	now := time.Now().UTC()
	a := &ccAssignment{id: newUUID(), status: "active", created: now, modified: now, roleIDs: []string{CloudCockpitRoleID}}
	rel.assignments = append(rel.assignments, a)
	return a.id
}

// SetActivationDelay sets how long a new assignment stays pending.
func (c *CloudCockpitStore) SetActivationDelay(d time.Duration) {
	c.mu.Lock()
	c.delay = d
	c.mu.Unlock()
}

// SetAssignmentStatus forces the status of the relationship's assignments.
func (c *CloudCockpitStore) SetAssignmentStatus(providerInstanceID, relationshipID, status string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if rel, ok := c.relationships[ccKey(providerInstanceID, relationshipID)]; ok {
		for _, a := range rel.assignments {
			a.status, a.modified = status, time.Now().UTC()
		}
	}
}

// DeleteAssignment removes the relationship's assignments, as a portal user would.
func (c *CloudCockpitStore) DeleteAssignment(providerInstanceID, relationshipID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if rel, ok := c.relationships[ccKey(providerInstanceID, relationshipID)]; ok {
		rel.assignments = nil
	}
}

// Assignments returns the statuses of the relationship's assignments.
func (c *CloudCockpitStore) Assignments(providerInstanceID, relationshipID string) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	if rel, ok := c.relationships[ccKey(providerInstanceID, relationshipID)]; ok {
		now := time.Now()
		for _, a := range rel.assignments {
			out = append(out, a.currentStatus(now))
		}
	}
	return out
}

// RelationshipStatus returns a relationship's status ("" if unknown).
func (c *CloudCockpitStore) RelationshipStatus(providerInstanceID, relationshipID string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if rel, ok := c.relationships[ccKey(providerInstanceID, relationshipID)]; ok {
		return rel.status
	}
	return ""
}

// TokensIssued counts tokens the Entra endpoint handed out.
func (c *CloudCockpitStore) TokensIssued() int { return c.tokens.issuedCount() }

// RevokeTokens revokes every token the Entra endpoint issued.
func (c *CloudCockpitStore) RevokeTokens() { c.tokens.revokeIssued() }

func (a *ccAssignment) currentStatus(now time.Time) string {
	if a.status != "" {
		return a.status
	}
	if now.Before(a.activeAt) {
		return "pending"
	}
	if a.fail {
		return "error"
	}
	return "active"
}

// ccErrorBody is CloudCockpit's error shape.
type ccErrorBody struct {
	StatusCode    int               `json:"statusCode"`
	Type          string            `json:"type"`
	Description   string            `json:"description"`
	CorrelationID string            `json:"correlationId"`
	Errors        []ccPropertyError `json:"errors"`
}

type ccPropertyError struct {
	PropertyName string   `json:"propertyName"`
	Description  []string `json:"description"`
}

func writeCloudCockpitError(w http.ResponseWriter, r *http.Request, e *apiError) {
	writeCCError(w, r, e.Status, e.Message, nil)
}

func writeCCError(w http.ResponseWriter, r *http.Request, status int, msg string, errs []ccPropertyError) {
	typ := strings.ReplaceAll(http.StatusText(status), " ", "")
	writeJSON(w, status, ccErrorBody{StatusCode: status, Type: typ, Description: msg, CorrelationID: trackingIDOf(r), Errors: errs})
}

type ccAssignmentJSON struct {
	ID     string `json:"id"`
	Status struct {
		Name string `json:"name"`
	} `json:"status"`
	AccessContainer struct {
		AccessContainerID   string `json:"accessContainerId"`
		AccessContainerType struct {
			Name string `json:"name"`
		} `json:"accessContainerType"`
	} `json:"accessContainer"`
	AccessDetails struct {
		UnifiedRoles []ccRole `json:"unifiedRoles"`
	} `json:"accessDetails"`
	CreatedDateTime      string `json:"createdDateTime"`
	LastModifiedDateTime string `json:"lastModifiedDateTime"`
}

type ccRole struct {
	RoleDefinitionID string `json:"roleDefinitionId"`
}

// newCloudCockpit builds the store, mounts the API at /cloudcockpit and the
// Entra-like token endpoint at /entra/{tenantId}/oauth2/v2.0/token.
func newCloudCockpit(s *Server) *CloudCockpitStore {
	st := &CloudCockpitStore{tenant: DefaultCloudCockpitTenant, delay: s.opts.CloudCockpitActivationDelay, adoptDelay: s.opts.CloudCockpitAdoptDelay,
		roles: map[string]string{}, relationships: map[string]*ccRelationship{}, server: s,
		instances: map[string]*CloudCockpitProviderInstance{}, customers: map[string]bool{}}
	st.AddToken(DefaultCloudCockpitToken, CloudCockpitRoleCSP)
	st.tokens.revokeAfter = s.opts.RevokeTokensAfter
	v := &vendor{name: "cloudcockpit", prefix: "/cloudcockpit", mux: http.NewServeMux(), trackingHeader: "X-Correlation-Id", writeError: writeCloudCockpitError}
	authed := func(pattern string, h http.HandlerFunc) {
		v.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
			if st.tokens.check(r, "") != 0 {
				writeCCError(w, r, http.StatusUnauthorized, "The bearer token is missing, invalid or expired.", nil)
				return
			}
			if tenant := r.Header.Get("X-Tenant"); !strings.EqualFold(tenant, st.tenantName()) {
				writeCCError(w, r, http.StatusUnauthorized, "The X-Tenant header does not name this portal.",
					[]ccPropertyError{{PropertyName: "X-Tenant", Description: []string{"Unknown tenant " + tenant + "."}}})
				return
			}
			h(w, r)
		})
	}
	authed("GET /v1/Providers/Instances", st.providerInstances)
	// The access-assignment operations: "Available to the roles: csp,
	// reseller", and providerInstanceId is required.
	route := func(pattern string, h http.HandlerFunc) {
		authed(pattern, func(w http.ResponseWriter, r *http.Request) {
			if role := st.roleOf(bearerToken(r)); role != CloudCockpitRoleCSP && role != CloudCockpitRoleReseller {
				writeCCError(w, r, http.StatusForbidden, "This operation is available to the roles: csp, reseller.", nil)
				return
			}
			if r.URL.Query().Get("providerInstanceId") == "" {
				writeCCError(w, r, http.StatusBadRequest, "One or more validation errors occurred.",
					[]ccPropertyError{{PropertyName: "providerInstanceId", Description: []string{"The providerInstanceId field is required."}}})
				return
			}
			h(w, r)
		})
	}
	route("GET /v1/Customers/{customerId}/delegated-admin-relationships", st.customerRelationships)
	route("POST /v1/Customers/delegated-admin-relationships/{relationshipId}/access-assignments", st.create)
	route("GET /v1/Customers/delegated-admin-relationships/{relationshipId}/access-assignments", st.list)
	// Terminating a relationship, POST /v1/Customers/{customerId}/
	// delegated-admin-relationships/{relationshipId} (documented, csp only):
	// logged so tests can prove the provider never calls it, never done
	// here, and never answered. ServeMux cannot hold that pattern beside the access-assignments
	// one (a path can match both), so it is matched by hand.
	route("POST "+CloudCockpitTerminatePattern, func(w http.ResponseWriter, r *http.Request) {
		if rest := strings.Split(r.PathValue("rest"), "/"); len(rest) != 2 || rest[0] != "delegated-admin-relationships" || rest[1] == "" {
			writeCCError(w, r, http.StatusNotFound, "The requested resource could not be found.", nil)
			return
		}
		// Its page documents no response at all, so the sandbox invents
		// none: it closes the connection unanswered, terminating nothing.
		if info := infoOf(r); info != nil && info.flush != nil {
			info.flush() // logged before the close, as a reset fault is
		}
		abort(w)
	})
	s.mount(v)
	// Entra ID is mounted as its own vendor, so its requests are logged.
	entra := &vendor{name: "entra", prefix: "/entra", mux: http.NewServeMux(), trackingHeader: "client-request-id", writeError: writeOAuthError}
	entra.mux.HandleFunc("POST /{tenantId}/oauth2/v2.0/token", st.token)
	s.mount(entra)
	// Admin: seed or change a relationship (cmd/sandbox, the demo).
	s.root.HandleFunc("PUT /_sandbox/cloudcockpit/relationships", func(w http.ResponseWriter, r *http.Request) {
		rel, ok := decodeAdmin[CloudCockpitRelationship](w, r)
		if !ok {
			return
		}
		if rel.ProviderInstanceID == "" || rel.RelationshipID == "" || rel.Status == "" {
			adminError(w, http.StatusBadRequest, "providerInstanceId, relationshipId and status are required")
			return
		}
		st.AddRelationship(rel.ProviderInstanceID, rel.RelationshipID, rel.Status)
		if rel.FailAssignments {
			st.FailAssignments(rel.ProviderInstanceID, rel.RelationshipID)
		}
		if rel.CustomerID != "" {
			st.SetRelationshipDetails(rel.ProviderInstanceID, rel.RelationshipID,
				CloudCockpitRelationshipDetails{CustomerID: rel.CustomerID, DisplayName: rel.DisplayName})
		}
		writeJSON(w, http.StatusOK, rel)
	})
	return st
}

func (c *CloudCockpitStore) tenantName() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.tenant
}

func (c *CloudCockpitStore) create(w http.ResponseWriter, r *http.Request) {
	pid, rid := r.URL.Query().Get("providerInstanceId"), r.PathValue("relationshipId")
	c.mu.Lock()
	defer c.mu.Unlock()
	rel, ok := c.relationships[ccKey(pid, rid)]
	if !ok {
		writeCCError(w, r, http.StatusBadRequest, "The relationship was not found.",
			[]ccPropertyError{{PropertyName: "relationshipId", Description: []string{"Relationship " + rid + " does not exist in provider instance " + pid + "."}}})
		return
	}
	if rel.status != RelationshipActive {
		writeCCError(w, r, http.StatusBadRequest, "The relationship must be in active state.",
			[]ccPropertyError{{PropertyName: "relationshipId", Description: []string{"Relationship " + rid + " is " + rel.status + "."}}})
		return
	}
	now := time.Now()
	for _, a := range rel.assignments {
		if st := a.currentStatus(now); st != "deleted" {
			writeCCError(w, r, http.StatusBadRequest, "The relationship already has an access assignment with the security group.",
				[]ccPropertyError{{PropertyName: "relationshipId", Description: []string{"Assignment " + a.id + " is " + st + "."}}})
			return
		}
	}
	ts := now.UTC()
	rel.assignments = append(rel.assignments, &ccAssignment{
		id: newUUID(), activeAt: now.Add(c.delay), visibleAt: now.Add(c.adoptDelay), created: ts, modified: ts,
		roleIDs: []string{CloudCockpitRoleID}, fail: rel.fail,
	})
	markActed(r)
	w.WriteHeader(http.StatusOK)
}

func (c *CloudCockpitStore) list(w http.ResponseWriter, r *http.Request) {
	pid, rid := r.URL.Query().Get("providerInstanceId"), r.PathValue("relationshipId")
	c.mu.Lock()
	rel, ok := c.relationships[ccKey(pid, rid)]
	out := []ccAssignmentJSON{}
	if ok {
		now := time.Now()
		for _, a := range rel.assignments {
			if now.Before(a.visibleAt) {
				continue // accepted, not listed yet
			}
			var j ccAssignmentJSON
			j.ID = a.id
			j.Status.Name = a.currentStatus(now)
			j.AccessContainer.AccessContainerID = CloudCockpitSecurityGroupID
			j.AccessContainer.AccessContainerType.Name = "securityGroup"
			for _, id := range a.roleIDs {
				j.AccessDetails.UnifiedRoles = append(j.AccessDetails.UnifiedRoles, ccRole{RoleDefinitionID: id})
			}
			j.CreatedDateTime = a.created.Format("2006-01-02T15:04:05+00:00")
			modified := a.modified
			if a.status == "" && !now.Before(a.activeAt) && a.activeAt.After(modified) {
				modified = a.activeAt.UTC()
			}
			j.LastModifiedDateTime = modified.Format("2006-01-02T15:04:05+00:00")
			out = append(out, j)
		}
	}
	c.mu.Unlock()
	if !ok {
		writeCCError(w, r, http.StatusBadRequest, "The relationship was not found.",
			[]ccPropertyError{{PropertyName: "relationshipId", Description: []string{"Relationship " + rid + " does not exist in provider instance " + pid + "."}}})
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// token is Entra ID's client-credentials endpoint, reduced to what the
// provider uses: a form body with client_id, client_secret, scope and
// grant_type=client_credentials.
func (c *CloudCockpitStore) token(w http.ResponseWriter, r *http.Request) {
	if c.server.tokenFault(w, r, writeEntraError) {
		return
	}
	if err := r.ParseForm(); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_request", "error_description": "The body must be a form."})
		return
	}
	f := r.PostForm
	switch {
	case f.Get("grant_type") != "client_credentials":
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "unsupported_grant_type", "error_description": "AADSTS70003: grant_type must be client_credentials."})
	case f.Get("client_id") != DefaultCloudCockpitClientID || f.Get("client_secret") != DefaultCloudCockpitClientSecret:
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "invalid_client", "error_description": "AADSTS7000215: Invalid client secret provided."})
	case f.Get("scope") != CloudCockpitScope:
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_scope", "error_description": "AADSTS1002012: The provided scope is invalid."})
	default:
		lifetime := c.server.tokenLifetime(3599 * time.Second)
		tok, label := c.tokens.issue("sandbox-entra", lifetime)
		c.mu.Lock()
		c.roles[tok] = CloudCockpitRoleCSP
		c.mu.Unlock()
		markActed(r)
		infoOf(r).setToken(label)
		writeJSON(w, http.StatusOK, map[string]any{"token_type": "Bearer", "expires_in": int(lifetime / time.Second), "access_token": tok})
	}
}

// writeEntraError is Entra ID's OAuth error body for an injected token fault.
func writeEntraError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": "temporarily_unavailable", "error_description": msg})
}
