package cloudcockpit_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/client"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/client/cloudcockpit"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
)

func lookupClient(t *testing.T, opts sandbox.Options) (*sandbox.Server, *cloudcockpit.Client) {
	t.Helper()
	sb := sandbox.New(opts)
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	c, err := cloudcockpit.New(cloudcockpit.Config{BaseURL: srv.URL + "/cloudcockpit", Tenant: sandbox.DefaultCloudCockpitTenant,
		AccessToken: sandbox.DefaultCloudCockpitToken, MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	return sb, c
}

// Every provider instance is listed, across pages of at most PageSize items
// however many pageSize asks for, with one request per page, in order.
func TestProviderInstancesEveryPage(t *testing.T) {
	sb, c := lookupClient(t, sandbox.Options{PageSize: 2})
	cc := sb.CloudCockpit()
	var want []string
	for i := range 5 {
		id := fmt.Sprintf("00000000-0000-4000-8000-00000000000%d", i)
		cc.AddProviderInstance(sandbox.CloudCockpitProviderInstance{ID: id, Alias: "Instance " + fmt.Sprint(i),
			OfferTypes: []string{"license", "azure"}, SupportedCountries: []string{"PT", "ES"}})
		want = append(want, id)
	}
	got, err := c.ListProviderInstances(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, p := range got {
		ids = append(ids, p.ID)
	}
	if strings.Join(ids, ",") != strings.Join(want, ",") {
		t.Fatalf("instances %v, want %v", ids, want)
	}
	if p := got[4]; p.Alias != "Instance 4" || strings.Join(p.OfferTypeNames(), ",") != "license,azure" || strings.Join(p.SupportedCountries, ",") != "PT,ES" {
		t.Fatalf("instance = %+v", p)
	}
	var pages []string
	for _, e := range sb.Log() {
		q, _ := url.ParseQuery(e.Query)
		pages = append(pages, e.Route+" "+q.Get("pageNumber")+"/"+q.Get("pageSize"))
	}
	route := "GET /v1/Providers/Instances "
	if w := []string{route + "1/2000", route + "2/2000", route + "3/2000"}; strings.Join(pages, ";") != strings.Join(w, ";") {
		t.Fatalf("requests %q, want %q", pages, w)
	}
}

// A consumer that stops early stops the paging: no further page is asked for.
func TestProviderInstancesStopEarly(t *testing.T) {
	sb, c := lookupClient(t, sandbox.Options{PageSize: 1})
	for i := range 3 {
		sb.CloudCockpit().AddProviderInstance(sandbox.CloudCockpitProviderInstance{ID: fmt.Sprintf("00000000-0000-4000-8000-00000000000%d", i)})
	}
	for _, err := range c.ProviderInstances(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		break
	}
	if n := sb.Stats().Requests; n != 1 {
		t.Fatalf("%d requests after the consumer stopped at the first item, want 1", n)
	}
}

// A server whose totalPages overstates what it has ends at its first empty
// page instead of asking for pages up to MaxPages.
func TestProviderInstancesEmptyPageEnds(t *testing.T) {
	n := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n++
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Query().Get("pageNumber") == "1" {
			_, _ = w.Write([]byte(`{"items":[{"id":"00000000-0000-4000-8000-000000000001"}],"totalPages":50,"totalCount":50}`))
			return
		}
		_, _ = w.Write([]byte(`{"items":[],"totalPages":50,"totalCount":50}`))
	}))
	defer srv.Close()
	c, err := cloudcockpit.New(cloudcockpit.Config{BaseURL: srv.URL, Tenant: "t", AccessToken: "tok", MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.ListProviderInstances(context.Background())
	if err != nil || len(got) != 1 || n != 2 {
		t.Fatalf("got %d instances, err %v, after %d requests; want 1 instance after 2", len(got), err, n)
	}
}

// A customer's relationships carry every documented field, whichever of the
// two documented names holds the ID; an unknown customer is refused with
// CloudCockpit's message and correlation ID.
func TestDelegatedAdminRelationships(t *testing.T) {
	const pid, customer, tenant = "0f8fad5b-d9cb-469f-a165-70867728950e", "11111111-2222-4333-8444-555555555555", "99999999-2222-4333-8444-555555555555"
	for _, asID := range []bool{false, true} {
		t.Run(fmt.Sprintf("id as id %v", asID), func(t *testing.T) {
			sb, c := lookupClient(t, sandbox.Options{CloudCockpitRelationshipIDAsID: asID})
			cc := sb.CloudCockpit()
			cc.AddRelationship(pid, "rel-b", sandbox.RelationshipApproved)
			cc.AddRelationship(pid, "rel-a", sandbox.RelationshipActive)
			cc.AddRelationship(pid, "rel-other", sandbox.RelationshipActive) // another customer's
			cc.SetRelationshipDetails(pid, "rel-a", sandbox.CloudCockpitRelationshipDetails{CustomerID: customer, DisplayName: "Contoso GDAP",
				Duration: "P730D", AutoExtendDuration: "P180D", CustomerTenantID: tenant})
			cc.SetRelationshipDetails(pid, "rel-b", sandbox.CloudCockpitRelationshipDetails{CustomerID: customer})
			cc.SetRelationshipDetails(pid, "rel-other", sandbox.CloudCockpitRelationshipDetails{CustomerID: client.NewUUID()})
			rels, err := c.ListDelegatedAdminRelationships(context.Background(), customer, pid)
			if err != nil {
				t.Fatal(err)
			}
			if len(rels) != 2 {
				t.Fatalf("relationships = %+v, want rel-a and rel-b", rels)
			}
			a, b := rels[0], rels[1]
			if a.ID() != "rel-a" || a.DisplayName != "Contoso GDAP" || a.Duration != "P730D" || a.AutoExtendDuration != "P180D" ||
				a.Customer.TenantID != tenant || !cloudcockpit.StatusIs(a.Status.Name, cloudcockpit.RelationshipStatusActive) ||
				strings.Join(a.RoleDefinitionIDs(), ",") != sandbox.CloudCockpitRoleID {
				t.Fatalf("rel-a = %+v", a)
			}
			if b.ID() != "rel-b" || b.DisplayName != "" || !cloudcockpit.StatusIs(b.Status.Name, cloudcockpit.RelationshipStatusApproved) {
				t.Fatalf("rel-b = %+v", b)
			}
		})
	}
	_, c := lookupClient(t, sandbox.Options{})
	_, err := c.ListDelegatedAdminRelationships(context.Background(), customer, pid)
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) || !cloudcockpit.IsCustomerRefused(err) || apiErr.Message != "The customer was not found." || apiErr.RequestID == "" {
		t.Fatalf("unknown customer: %v", err)
	}
}

// A customer ID that is not a UUID is refused before any request: it would
// change the path.
func TestDelegatedAdminRelationshipsCustomerIDChecked(t *testing.T) {
	sb, c := lookupClient(t, sandbox.Options{})
	for _, bad := range []string{"", "../Providers/Instances", "11111111-2222-4333-8444-555555555555/x"} {
		if _, err := c.ListDelegatedAdminRelationships(context.Background(), bad, "0f8fad5b-d9cb-469f-a165-70867728950e"); err == nil {
			t.Errorf("customer ID %q accepted", bad)
		}
	}
	if n := sb.Stats().Requests; n != 0 {
		t.Fatalf("%d requests, want 0", n)
	}
}
