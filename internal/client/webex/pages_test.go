package webex_test

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/client/webex"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
)

// The iterators fetch a page only when the consumer asks for more; the
// slice forms still follow every page.
func TestPagesStopWithTheConsumer(t *testing.T) {
	sb := sandbox.New(sandbox.Options{PageSize: 2, WebexPagedPartnerLists: true})
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	wx := sb.Webex()
	org := wx.AddOrg("Acme")
	admin := wx.AddPerson(sandbox.Person{DisplayName: "Alice", PartnerRole: sandbox.RolePartnerAdmin})
	for i := range 5 {
		p := admin
		if i > 0 {
			p = wx.AddPerson(sandbox.Person{DisplayName: "P", PartnerRole: sandbox.RolePartnerAdmin})
		}
		if err := wx.Assign(org, p); err != nil {
			t.Fatal(err)
		}
		o := wx.AddOrg("Customer")
		if err := wx.Assign(o, admin); err != nil {
			t.Fatal(err)
		}
	}
	c, err := webex.New(webex.Config{BaseURL: srv.URL + "/webex", AccessToken: sandbox.DefaultWebexToken})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	const adminsRoute = "webex GET /v1/partner/organizations/{orgId}/partnerAdmins"
	const managedRoute = "webex GET /v1/partner/organizations"

	all, err := c.ListCustomerPartnerAdmins(ctx, org)
	if err != nil || len(all) != 5 {
		t.Fatalf("ListCustomerPartnerAdmins = %d admins, %v; want 5", len(all), err)
	}
	if n := sb.Stats().Routes[adminsRoute]; n != 3 {
		t.Fatalf("%d list requests for 5 admins at page size 2, want 3", n)
	}
	managed, err := c.ListManagedCustomers(ctx, admin)
	if err != nil || len(managed) != 6 {
		t.Fatalf("ListManagedCustomers = %d orgs, %v; want 6", len(managed), err)
	}
	if n := sb.Stats().Routes[managedRoute]; n != 3 {
		t.Fatalf("%d managedBy requests for 6 orgs at page size 2, want 3", n)
	}

	sb.ResetLog()
	for _, err := range c.ManagedCustomers(ctx, admin) {
		if err != nil {
			t.Fatal(err)
		}
		break
	}
	if n := sb.Stats().Routes[managedRoute]; n != 1 {
		t.Fatalf("%d managedBy requests after taking one item, want 1", n)
	}
}
