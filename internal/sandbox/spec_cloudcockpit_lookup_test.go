package sandbox_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/client"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/client/cloudcockpit"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
)

// TestCloudCockpitLookupTrafficMatchesDocs runs the lookups the data sources
// use (provider instances over several pages, a customer's GDAP
// relationships under both documented names of their ID) and their
// refusals, and checks every request and response against the table.
func TestCloudCockpitLookupTrafficMatchesDocs(t *testing.T) {
	tab := loadCloudCockpitTable(t)
	readings := []reading{
		{"default, two per page", sandbox.Options{PageSize: 2}},
		{"relationship ID as id", sandbox.Options{CloudCockpitRelationshipIDAsID: true}},
	}
	drive := func(t *testing.T, rec *recorder, opts sandbox.Options) { driveCloudCockpitLookups(t, tab, rec, opts) }
	const rels = "GET /v1/Customers/{customerId}/delegated-admin-relationships"
	checkTraffic(t, readings, drive, []exchange{
		{"GET /v1/Providers/Instances", 200},
		{rels, 200},
		{rels, 400},
		{rels, 401},
		{rels, 403},
	}, cloudcockpitGaps)
}

func driveCloudCockpitLookups(t *testing.T, tab *ccTable, rec *recorder, opts sandbox.Options) {
	s, srv := startSandbox(t, opts)
	tr := newCloudCockpitSpecTransport(tab, map[string]string{
		"cloudcockpit": srv.URL + "/cloudcockpit", "entra": srv.URL + "/entra",
	}, srv.Client().Transport, rec)
	newClient := func(token string) *cloudcockpit.Client {
		t.Helper()
		c, err := cloudcockpit.New(cloudcockpit.Config{BaseURL: srv.URL + "/cloudcockpit", Tenant: sandbox.DefaultCloudCockpitTenant, AccessToken: token,
			MaxRetries: -1, Tune: func(o *client.Options) { o.HTTPClient = &http.Client{Transport: tr} }})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	ctx := context.Background()
	cc := s.CloudCockpit()
	pid, customer, empty := client.NewUUID(), client.NewUUID(), client.NewUUID()
	cc.AddProviderInstance(sandbox.CloudCockpitProviderInstance{ID: pid, Alias: "Microsoft CSP", InstanceProviderID: client.NewUUID(),
		ImageURL: "https://portal.example.com/microsoft.png", OfferTypes: []string{"license", "azure"}, SupportedCountries: []string{"PT"}})
	cc.AddProviderInstance(sandbox.CloudCockpitProviderInstance{ID: client.NewUUID()}) // every nullable field null
	for i, st := range []string{sandbox.RelationshipActive, sandbox.RelationshipApproved, sandbox.RelationshipTerminated} {
		rid := client.NewUUID() + "-" + client.NewUUID()
		cc.AddRelationship(pid, rid, st)
		d := sandbox.CloudCockpitRelationshipDetails{CustomerID: customer}
		if i == 0 {
			d = sandbox.CloudCockpitRelationshipDetails{CustomerID: customer, DisplayName: "Contoso GDAP", Duration: "P730D",
				AutoExtendDuration: "P180D", CustomerTenantID: client.NewUUID()}
		}
		cc.SetRelationshipDetails(pid, rid, d)
	}
	cc.AddCustomer(empty)
	const customerToken = "spec-customer-role"
	cc.AddToken(customerToken, sandbox.CloudCockpitRoleCustomer)

	c := newClient(sandbox.DefaultCloudCockpitToken)
	if got, err := c.ListProviderInstances(ctx); err != nil || len(got) != 2 {
		t.Fatalf("provider instances: %d, %v", len(got), err)
	}
	rels := func(what string, c *cloudcockpit.Client, customer string, statuses ...int) {
		t.Helper()
		_, err := c.ListDelegatedAdminRelationships(ctx, customer, pid)
		wantStatus(t, what, err, statuses...)
	}
	rels("relationships", c, customer)
	rels("no relationships", c, empty)
	rels("unknown customer", c, client.NewUUID(), http.StatusBadRequest)
	rels("unauthorized", newClient("not-a-token"), customer, http.StatusUnauthorized)
	rels("forbidden", newClient(customerToken), customer, http.StatusForbidden)
}

// TestCloudCockpitLookupTableCatches proves the table check reads the new
// shapes: an invented field and a status name Graph does not define are
// reported in a relationship list.
func TestCloudCockpitLookupTableCatches(t *testing.T) {
	tab := loadCloudCockpitTable(t)
	fake := http.NewServeMux()
	fake.HandleFunc("GET /v1/Customers/{c}/delegated-admin-relationships", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`[{"relationshipId":"r","status":{"name":"Enabled"},"customer":{"tenantId":"t","displayName":"x"},"endDateTime":null}]`))
	})
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	rec := &recorder{}
	tr := newCloudCockpitSpecTransport(tab, map[string]string{"cloudcockpit": srv.URL, "entra": srv.URL + "/entra"}, srv.Client().Transport, rec)
	c, err := cloudcockpit.New(cloudcockpit.Config{BaseURL: srv.URL, Tenant: "t", AccessToken: "tok", MaxRetries: -1,
		Tune: func(o *client.Options) { o.HTTPClient = &http.Client{Transport: tr} }})
	if err != nil {
		t.Fatal(err)
	}
	_, _ = c.ListDelegatedAdminRelationships(context.Background(), "11111111-2222-4333-8444-555555555555", "0f8fad5b-d9cb-469f-a165-70867728950e")
	var got []string
	for _, v := range rec.violations() {
		got = append(got, v.String())
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{
		`field "endDateTime" is not documented for delegatedAdminRelationship`,
		`field "displayName" is not documented for relationshipCustomer`,
		`[0].status.name is "Enabled"`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("the table check missed %q; it reported:\n%s", want, all)
		}
	}
}
