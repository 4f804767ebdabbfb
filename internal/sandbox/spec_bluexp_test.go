package sandbox_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/client/bluexp"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
)

// bluexpTableFile records what NetApp documents, page by page (NetApp
// publishes no machine-readable spec).
const bluexpTableFile = "testdata/bluexp-documented.json"

type bxpTable struct {
	Endpoints []bxpEndpoint `json:"endpoints"`
	Common    struct {
		Source    string        `json:"source"`
		API       string        `json:"api"`
		Responses []bxpResponse `json:"responses"`
	} `json:"common_responses"`
	Shapes map[string]docShape `json:"shapes"`
}

type bxpEndpoint struct {
	docRoute                // api: "management" or "auth0"
	Request   string        `json:"request"` // shape of the body, "" for none
	Query     []string      `json:"query"`
	Responses []bxpResponse `json:"responses"`
}

type bxpResponse struct {
	Status int    `json:"status"`
	Body   string `json:"body"` // a shape, "empty" or "any"
	Source string `json:"source"`
}

func loadBlueXPTable(t *testing.T) *bxpTable {
	t.Helper()
	var tab bxpTable
	readTable(t, bluexpTableFile, &tab)
	// The table itself must be whole: every shape it names exists and
	// every entry says where it comes from.
	known := checkShapes(t, bluexpTableFile, tab.Shapes, "empty", "any")
	for _, ep := range tab.Endpoints {
		if ep.Source == "" || (ep.Request != "" && !known(ep.Request)) {
			t.Fatalf("%s %s: no source or unknown request shape", ep.Method, ep.Path)
		}
		for _, r := range append(ep.Responses, tab.Common.Responses...) {
			if !known(r.Body) {
				t.Fatalf("%s %s %d: unknown shape %q", ep.Method, ep.Path, r.Status, r.Body)
			}
		}
	}
	return &tab
}

// newBlueXPSpecTransport checks every exchange with the BlueXP sandbox (the
// management API and the Auth0 token endpoint) against the table.
func newBlueXPSpecTransport(tab *bxpTable, bases map[string]string, next http.RoundTripper, rec *recorder) *tableTransport[bxpEndpoint] {
	return &tableTransport[bxpEndpoint]{doc: "NetApp's docs (" + bluexpTableFile + ")", endpoints: tab.Endpoints,
		checks: bluexpChecks{tab}, bases: bases, next: next, rec: rec}
}

// bluexpChecks hold one exchange to what NetApp documents for its endpoint.
type bluexpChecks struct{ tab *bxpTable }

func (b bluexpChecks) shapes(rec *recorder, op string, status int) *shapeCheck {
	return &shapeCheck{vendor: "NetApp", shapes: b.tab.Shapes, rec: rec, op: op, st: status}
}

func (b bluexpChecks) request(rec *recorder, ep *bxpEndpoint, op string, req *http.Request, body []byte) {
	for name := range req.URL.Query() {
		if !slices.Contains(ep.Query, name) {
			rec.add(violation{Op: op, Kind: "query", Detail: fmt.Sprintf("parameter %q is not documented", name)})
		}
	}
	if len(bytes.TrimSpace(body)) == 0 {
		if ep.Request != "" {
			rec.add(violation{Op: op, Kind: "request", Detail: "no body; NetApp documents " + ep.Request})
		}
		return
	}
	if ep.Request == "" {
		rec.add(violation{Op: op, Kind: "request", Detail: fmt.Sprintf("body %q where NetApp documents none", body)})
		return
	}
	var v any
	// RFC 6749 token requests are form-encoded; NetApp's examples send
	// JSON. Either way the fields are held to the table.
	if mt, _, _ := mime.ParseMediaType(req.Header.Get("Content-Type")); mt == "application/x-www-form-urlencoded" {
		form, err := url.ParseQuery(string(body))
		if err != nil {
			rec.add(violation{Op: op, Kind: "request", Detail: "form body does not parse"})
			return
		}
		m := map[string]any{}
		for k := range form {
			m[k] = form.Get(k)
		}
		v = m
	} else if err := json.Unmarshal(body, &v); err != nil {
		rec.add(violation{Op: op, Kind: "request", Detail: "body is not JSON"})
		return
	}
	b.shapes(rec, op, 0).object("request.", ep.Request, v)
}

func (b bluexpChecks) response(rec *recorder, ep *bxpEndpoint, op string, resp *http.Response, data []byte) {
	var doc *bxpResponse
	for i := range ep.Responses {
		if ep.Responses[i].Status == resp.StatusCode {
			doc = &ep.Responses[i]
		}
	}
	if doc == nil && ep.API == b.tab.Common.API {
		for i := range b.tab.Common.Responses {
			if b.tab.Common.Responses[i].Status == resp.StatusCode {
				doc = &b.tab.Common.Responses[i]
			}
		}
	}
	if doc == nil {
		rec.add(violation{Op: op, Status: resp.StatusCode, Kind: "status",
			Detail: fmt.Sprintf("NetApp documents no %d for this endpoint (%s) nor among the common statuses (%s)", resp.StatusCode, ep.Source, b.tab.Common.Source)})
		return
	}
	switch doc.Body {
	case "any":
		return
	case "empty":
		if len(bytes.TrimSpace(data)) > 0 {
			rec.add(violation{Op: op, Status: resp.StatusCode, Kind: "body", Detail: fmt.Sprintf("NetApp documents no body, the sandbox sent %q", data)})
		}
		return
	}
	c := b.shapes(rec, op, resp.StatusCode)
	v := c.body(data, doc.Body, false)
	if doc.Body == "problem" {
		c.statusEcho(v, "status") // "HTTP error code related to the problem"
	}
}

// bluexpGaps are the disagreements between the sandbox and NetApp's pages
// reported (as skipped subtests) until the sandbox changes. None today.
var bluexpGaps []knownGap

// TestBlueXPTrafficMatchesNetAppDocs runs every BlueXP client operation and
// every token grant the provider uses against the sandbox, success and
// failure, and checks each request and response against the table of what
// NetApp documents.
func TestBlueXPTrafficMatchesNetAppDocs(t *testing.T) {
	tab := loadBlueXPTable(t)
	// Each reading of the docs the sandbox can give; every one must stay
	// within what NetApp documents.
	readings := []reading{
		{"default", sandbox.Options{}},
		{"bare auth0 ids, continue in metadata, pages of 2", sandbox.Options{PageSize: 2, BlueXPBareAuth0IDs: true, BlueXPContinueInMetadata: true}},
	}
	drive := func(t *testing.T, rec *recorder, opts sandbox.Options) { driveBlueXP(t, tab, rec, opts) }
	checkTraffic(t, readings, drive, []exchange{
		{"POST /partnerships/{partnership_id}/resourceadmins", 202},
		{"POST /partnerships/{partnership_id}/resourceadmins", 400},
		{"POST /partnerships/{partnership_id}/resourceadmins", 401},
		{"POST /partnerships/{partnership_id}/resourceadmins", 404},
		{"POST /partnerships/{partnership_id}/resourceadmins", 409},
		{"GET /partnerships/{partnership_id}/resourceadmins", 200},
		{"GET /partnerships/{partnership_id}/resourceadmins", 401},
		{"GET /partnerships/{partnership_id}/resourceadmins", 403},
		{"GET /partnerships/{partnership_id}", 200},
		{"GET /partnerships/{partnership_id}", 404},
		{"GET /partnerships/{partnership_id}/resourceadmins/{user_id}", 200},
		{"GET /partnerships/{partnership_id}/resourceadmins/{user_id}", 404},
		{"DELETE /partnerships/{partnership_id}/resourceadmins/{user_id}", 204},
		{"DELETE /partnerships/{partnership_id}/resourceadmins/{user_id}", 401},
		{"DELETE /partnerships/{partnership_id}/resourceadmins/{user_id}", 404},
		{"POST /partnerships/{partnership_id}/useradmins", 202},
		{"POST /partnerships/{partnership_id}/useradmins", 400},
		{"POST /partnerships/{partnership_id}/useradmins", 401},
		{"POST /partnerships/{partnership_id}/useradmins", 404},
		{"POST /partnerships/{partnership_id}/useradmins", 409},
		{"GET /partnerships/{partnership_id}/useradmins", 200},
		{"GET /partnerships/{partnership_id}/useradmins", 401},
		{"GET /partnerships/{partnership_id}/useradmins", 403},
		{"GET /partnerships/{partnership_id}/useradmins/{user_id}", 200},
		{"GET /partnerships/{partnership_id}/useradmins/{user_id}", 404},
		{"DELETE /partnerships/{partnership_id}/useradmins/{user_id}", 204},
		{"DELETE /partnerships/{partnership_id}/useradmins/{user_id}", 401},
		{"DELETE /partnerships/{partnership_id}/useradmins/{user_id}", 404},
		{"POST /oauth/token", 200},
		{"POST /oauth/token", 400},
		{"POST /oauth/token", 401},
	}, bluexpGaps)
}

// driveBlueXP is the traffic: every BlueXP client operation and token grant,
// each way it succeeds and each way the sandbox refuses it.
func driveBlueXP(t *testing.T, tab *bxpTable, rec *recorder, opts sandbox.Options) {
	s, srv := startSandbox(t, opts)
	demo := s.SeedDemo()
	tr := newBlueXPSpecTransport(tab, map[string]string{
		"management": srv.URL + sandbox.BlueXPBasePath,
		"auth0":      srv.URL + strings.TrimSuffix(sandbox.BlueXPTokenPath, "/oauth/token"),
	}, srv.Client().Transport, rec)
	newClient := func(cfg bluexp.Config) *bluexp.Client {
		t.Helper()
		cfg.BaseURL, cfg.TokenURL = srv.URL+sandbox.BlueXPBasePath, srv.URL+sandbox.BlueXPTokenPath
		cfg.HTTPClient, cfg.MaxRetries, cfg.PageSize = &http.Client{Transport: tr}, -1, 1
		c, err := bluexp.New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	ctx := context.Background()
	p, dana := demo.BlueXPPartnershipID, demo.BlueXPDanaID
	const unknown = "0a11ce00-0000-4000-8000-00000000dead"

	// Each credential kind: a static token, a service account, a refresh token.
	c := newClient(bluexp.Config{AccessToken: sandbox.DefaultBlueXPToken})
	svc := newClient(bluexp.Config{ClientID: sandbox.DefaultBlueXPClientID, ClientSecret: sandbox.DefaultBlueXPClientSecret})
	usr := newClient(bluexp.Config{RefreshToken: sandbox.DefaultBlueXPRefreshToken})

	// Each role: the same calls, each way they succeed and fail.
	for _, role := range []bluexp.Role{bluexp.ResourceAdmin, bluexp.UserAdmin} {
		wantStatus(t, role.String()+": add by user ID", svc.AddAdmins(ctx, role, p, "spec test", []bluexp.UserRef{{UserID: dana}}))
		// By email: whatever the sandbox answers is checked; whether it
		// resolves is the resources' business.
		_ = usr.AddAdmins(ctx, role, p, "", []bluexp.UserRef{{EmailID: demo.BlueXPEvanEmail}})
		users, err := c.ListAdmins(ctx, role, p) // pages of 1: follows continue
		wantStatus(t, role.String()+": list", err)
		if len(users) == 0 {
			t.Errorf("%s: list after add: %+v", role, users)
		}
		_, err = c.GetAdmin(ctx, role, p, dana)
		wantStatus(t, role.String()+": get one", err)
		wantStatus(t, role.String()+": add again", c.AddAdmins(ctx, role, p, "", []bluexp.UserRef{{UserID: dana}}), http.StatusConflict)
		wantStatus(t, role.String()+": add unknown user", c.AddAdmins(ctx, role, p, "", []bluexp.UserRef{{UserID: unknown}}), http.StatusBadRequest)
		wantStatus(t, role.String()+": add to unknown partnership", c.AddAdmins(ctx, role, unknown, "", []bluexp.UserRef{{UserID: dana}}), http.StatusNotFound)
		wantStatus(t, role.String()+": remove", c.RemoveAdmin(ctx, role, p, dana))
		wantStatus(t, role.String()+": remove again", c.RemoveAdmin(ctx, role, p, dana), http.StatusNotFound)
		_, err = c.GetAdmin(ctx, role, p, dana)
		wantStatus(t, role.String()+": get removed", err, http.StatusNotFound)
		// The list documents no 404: an unknown partnership is refused with
		// a common status, and the partnership read says it does not exist.
		_, err = c.ListAdmins(ctx, role, unknown)
		wantStatus(t, role.String()+": list unknown partnership", err, http.StatusForbidden)
	}
	var err error
	_, err = c.GetPartnership(ctx, p)
	wantStatus(t, "read partnership", err)
	_, err = c.GetPartnership(ctx, unknown)
	wantStatus(t, "read unknown partnership", err, http.StatusNotFound)

	bad := newClient(bluexp.Config{AccessToken: "not-a-token"})
	for _, role := range []bluexp.Role{bluexp.ResourceAdmin, bluexp.UserAdmin} {
		_, err = bad.ListAdmins(ctx, role, p)
		wantStatus(t, role.String()+": list with a bad token", err, http.StatusUnauthorized)
		wantStatus(t, role.String()+": add with a bad token", bad.AddAdmins(ctx, role, p, "", []bluexp.UserRef{{UserID: dana}}), http.StatusUnauthorized)
		wantStatus(t, role.String()+": remove with a bad token", bad.RemoveAdmin(ctx, role, p, dana), http.StatusUnauthorized)
	}
	badSecret := newClient(bluexp.Config{ClientID: sandbox.DefaultBlueXPClientID, ClientSecret: "wrong"})
	if _, err := badSecret.ListResourceAdmins(ctx, p); err == nil {
		t.Error("a wrong client secret got a token")
	}
	badRefresh := newClient(bluexp.Config{RefreshToken: "revoked"})
	if _, err := badRefresh.ListResourceAdmins(ctx, p); err == nil {
		t.Error("an unknown refresh token got a token")
	}
	// A malformed grant, which the client never sends, for the 400 answer.
	form := url.Values{"grant_type": {"password"}, "client_id": {"x"}}
	req, _ := http.NewRequest(http.MethodPost, srv.URL+sandbox.BlueXPTokenPath, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if resp, err := tr.RoundTrip(req); err != nil {
		t.Fatal(err)
	} else {
		_ = resp.Body.Close()
	}

	s.SetFaults(sandbox.Faults{ServerError: 1})
	_, err = c.GetResourceAdmin(ctx, p, dana)
	wantStatus(t, "outage", err, http.StatusInternalServerError)
	s.SetFaults(sandbox.Faults{})

}

// TestBlueXPTableCatches proves the table check is not vacuous: an invented
// field, a wrong type, a missing required field, an undocumented status and
// a body where NetApp documents none are all reported.
func TestBlueXPTableCatches(t *testing.T) {
	tab := loadBlueXPTable(t)
	fake := http.NewServeMux()
	base := "/v1/management/partnerships/{p}/resourceadmins"
	fake.HandleFunc("GET "+base, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"items":[{"id":"u","ownerOrganizationId":"o","type":"application/vnd.netapp.bxp.user","version":"1.0","email":"invented@example.com","state":"GONE"}],"count":"1"}`))
	})
	fake.HandleFunc("GET "+base+"/{u}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"id":"u","type":"application/vnd.netapp.bxp.user","version":"1.0","isSystem":false}`))
	})
	fake.HandleFunc("POST "+base, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusCreated)
	})
	fake.HandleFunc("DELETE "+base+"/{u}", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(`{}`))
	})
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	rec := &recorder{}
	tr := newBlueXPSpecTransport(tab, map[string]string{"management": srv.URL + "/v1/management", "auth0": srv.URL + "/auth"}, srv.Client().Transport, rec)
	c, err := bluexp.New(bluexp.Config{BaseURL: srv.URL + "/v1/management", AccessToken: "t", MaxRetries: -1,
		HTTPClient: &http.Client{Transport: tr}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	_, _ = c.ListResourceAdmins(ctx, "p")
	_, _ = c.GetResourceAdmin(ctx, "p", "u")
	_ = c.AddResourceAdmins(ctx, "p", "", []bluexp.UserRef{{UserID: "u"}})
	_ = c.RemoveResourceAdmin(ctx, "p", "u")

	var got []string
	for _, v := range rec.violations() {
		got = append(got, v.String())
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{
		`field "email" is not documented for user`,
		`items[0].state is "GONE"`,
		`count is a string, NetApp documents an integer`,
		`isSystem is a boolean, NetApp documents a string`,
		`required field "ownerOrganizationId" of user is missing`,
		`POST /partnerships/{partnership_id}/resourceadmins → Created (201): status:`,
		`DELETE /partnerships/{partnership_id}/resourceadmins/{user_id} → OK (200): status:`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("the table check missed %q; it reported:\n%s", want, all)
		}
	}
}
