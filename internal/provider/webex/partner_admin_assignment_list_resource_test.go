package webex_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/sharedtest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/webexid"
)

func TestListWebexPartnerAdminAssignments(t *testing.T) {
	sb := sandbox.New(sandbox.Options{PageSize: 2, WebexPagedPartnerLists: true})
	wx := sb.Webex()
	acme, other := wx.AddOrg("Acme"), wx.AddOrg("Other")
	alice := wx.AddPerson(sandbox.Person{DisplayName: "Alice", Emails: []string{"alice@partner.example"}, PartnerRole: sandbox.RolePartnerAdmin})
	bob := wx.AddPerson(sandbox.Person{DisplayName: "Bob", PartnerRole: sandbox.RolePartnerAdmin})
	full := wx.AddPerson(sandbox.Person{DisplayName: "Full", PartnerRole: sandbox.RolePartnerFullAdmin})
	acmeAdmins := []string{alice}
	for range 4 {
		acmeAdmins = append(acmeAdmins, wx.AddPerson(sandbox.Person{DisplayName: "Admin", PartnerRole: sandbox.RolePartnerAdmin}))
	}
	aliceOrgs := []string{acme}
	for range 2 {
		aliceOrgs = append(aliceOrgs, wx.AddOrg("Customer"))
	}
	assign := func(org, person string) {
		if err := wx.Assign(org, person); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range acmeAdmins {
		assign(acme, p)
	}
	for _, o := range aliceOrgs[1:] {
		assign(o, alice)
	}
	assign(other, bob) // neither Acme's nor Alice's: never listed below
	e := sharedtest.NewProtoEnv(t, sb)

	requests := func(route string) int { return sb.Stats().Routes[route] }
	ids := func(results []sharedtest.Listed, attr string) []string {
		t.Helper()
		var out []string
		for _, r := range results {
			if msg := r.ErrorText(); msg != "" {
				t.Fatalf("result with error: %s", msg)
			}
			out = append(out, r.Identity[attr])
		}
		sort.Strings(out)
		return out
	}
	sorted := func(s []string) []string { s = append([]string(nil), s...); sort.Strings(s); return s }

	t.Run("by org, every page", func(t *testing.T) {
		e.T = t
		sb.ResetLog()
		got := e.List(sharedtest.WebexAssignmentType, map[string]any{"org_id": acme}, sharedtest.ListOptions{})
		if g, w := ids(got, "person_id"), sorted(acmeAdmins); strings.Join(g, ",") != strings.Join(w, ",") {
			t.Fatalf("listed person_ids %v, want %v", g, w)
		}
		for _, r := range got {
			if r.Identity["org_id"] != acme || r.State != nil {
				t.Fatalf("result %+v: want org_id %s and no resource", r, acme)
			}
			if r.Identity["person_id"] == alice && r.Display != "Alice <alice@partner.example>" {
				t.Fatalf("display name %q", r.Display)
			}
		}
		if n := requests(sharedtest.WebexAdminsListRoute); n != 3 {
			t.Fatalf("%d list requests for 5 admins at page size 2, want 3", n)
		}
	})
	t.Run("by org, with resources", func(t *testing.T) {
		e.T = t
		got := e.List(sharedtest.WebexAssignmentType, map[string]any{"org_id": acme}, sharedtest.ListOptions{Include: true})
		if len(got) != len(acmeAdmins) {
			t.Fatalf("%d results, want %d", len(got), len(acmeAdmins))
		}
		for _, r := range got {
			if r.State == nil {
				t.Fatalf("no resource in %+v", r)
			}
			if id := sharedtest.Str(t, r.State["id"]); id != acme+"/"+r.Identity["person_id"] {
				t.Fatalf("state id %q", id)
			}
			if sharedtest.Str(t, r.State["display_name"]) == "" || sharedtest.Str(t, r.State["role_in_customer_org"]) == "" {
				t.Fatalf("state not filled: %v", r.State)
			}
		}
	})
	t.Run("by person, every page", func(t *testing.T) {
		e.T = t
		sb.ResetLog()
		got := e.List(sharedtest.WebexAssignmentType, map[string]any{"person_id": alice}, sharedtest.ListOptions{Include: true})
		if g, w := ids(got, "org_id"), sorted(aliceOrgs); strings.Join(g, ",") != strings.Join(w, ",") {
			t.Fatalf("listed org_ids %v, want %v (not %s)", g, w, other)
		}
		for _, r := range got {
			if r.Identity["person_id"] != alice || sharedtest.Str(t, r.State["display_name"]) != "Alice" || sharedtest.Elems(t, r.State["emails"]) != 1 {
				t.Fatalf("result %+v", r)
			}
		}
		if n := requests(sharedtest.WebexManagedListRoute); n != 2 {
			t.Fatalf("%d managedBy requests for 3 orgs at page size 2, want 2", n)
		}
	})
	t.Run("by person: include_resource costs one request per customer", func(t *testing.T) {
		// Customers whose partner admins fit in one page: the cost is then
		// exactly the managedBy pages plus one request per customer.
		bea := wx.AddPerson(sandbox.Person{DisplayName: "Bea", PartnerRole: sandbox.RolePartnerAdmin})
		for range 3 {
			assign(wx.AddOrg("Customer"), bea)
		}
		for _, c := range []struct {
			include       bool
			admins, total int
		}{{true, 3, 5}, {false, 0, 2}} {
			e := sharedtest.NewProtoEnv(t, sb) // nothing in its read cache
			sb.ResetLog()
			if got := e.List(sharedtest.WebexAssignmentType, map[string]any{"person_id": bea}, sharedtest.ListOptions{Include: c.include}); len(got) != 3 {
				t.Fatalf("include_resource=%v: %d results, want 3: %s", c.include, len(got), sharedtest.DiagsText(got))
			}
			if n, m, all := requests(sharedtest.WebexManagedListRoute), requests(sharedtest.WebexAdminsListRoute), sb.Stats().Requests; n != 2 || m != c.admins || all != c.total {
				t.Fatalf("include_resource=%v: %d managedBy, %d partner admin, %d requests in all; want 2, %d, %d", c.include, n, m, all, c.admins, c.total)
			}
		}
	})
	t.Run("limit and an early stop end the paging", func(t *testing.T) {
		e := sharedtest.NewProtoEnv(t, sb) // a new provider instance: nothing in its read cache
		sb.ResetLog()
		if got := e.List(sharedtest.WebexAssignmentType, map[string]any{"org_id": acme}, sharedtest.ListOptions{Limit: 2}); len(got) != 2 {
			t.Fatalf("limit 2: %d results", len(got))
		}
		if n := requests(sharedtest.WebexAdminsListRoute); n != 1 {
			t.Fatalf("limit 2 at page size 2: %d requests, want 1", n)
		}
		sb.ResetLog()
		if got := e.List(sharedtest.WebexAssignmentType, map[string]any{"person_id": alice}, sharedtest.ListOptions{Take: 1}); len(got) != 1 {
			t.Fatalf("take 1: %d results", len(got))
		}
		if n := requests(sharedtest.WebexManagedListRoute); n != 1 {
			t.Fatalf("consumer stopped after one result: %d requests, want 1", n)
		}
	})
	t.Run("vendor errors are results", func(t *testing.T) {
		e.T = t
		gone := webexid.Encode("us", webexid.TypeOrganization, "0f8fad5b-d9cb-469f-a165-70867728950e")
		got := e.List(sharedtest.WebexAssignmentType, map[string]any{"org_id": gone}, sharedtest.ListOptions{})
		if len(got) != 1 || !sharedtest.ErrorAt(got[0].Diags, "", "Unable to list the partner admins") || !sharedtest.ErrorAt(got[0].Diags, "", "404") ||
			!sharedtest.ErrorAt(got[0].Diags, "", "Webex") || !sharedtest.ErrorAt(got[0].Diags, "", "Tracking ID") {
			t.Fatalf("unknown org: %s", sharedtest.DiagsText(got))
		}
		got = e.List(sharedtest.WebexAssignmentType, map[string]any{"person_id": full}, sharedtest.ListOptions{})
		if len(got) != 1 || !sharedtest.ErrorAt(got[0].Diags, "", "400") {
			t.Fatalf("partner full admin: %s", sharedtest.DiagsText(got))
		}
	})
	t.Run("config checked before any request", func(t *testing.T) {
		e.T = t
		sb.ResetLog()
		const exactlyOne = "Exactly one of these attributes must be configured: [org_id,person_id]"
		if d := e.ValidateList(sharedtest.WebexAssignmentType, map[string]any{"org_id": acme, "person_id": alice}); len(d) != 1 ||
			!sharedtest.ErrorAt(d, `AttributeName("org_id")`, "Invalid Attribute Combination") || !sharedtest.ErrorAt(d, `AttributeName("org_id")`, exactlyOne) {
			t.Fatalf("both set: %s", sharedtest.DiagsText([]sharedtest.Listed{{Diags: d}}))
		}
		if d := e.ValidateList(sharedtest.WebexAssignmentType, map[string]any{}); len(d) != 1 ||
			!sharedtest.ErrorAt(d, "", "Missing Attribute Configuration") || !sharedtest.ErrorAt(d, "", exactlyOne) {
			t.Fatalf("neither set: %s", sharedtest.DiagsText([]sharedtest.Listed{{Diags: d}}))
		}
		if d := e.ValidateList(sharedtest.WebexAssignmentType, map[string]any{"org_id": alice}); !sharedtest.ErrorAt(d, `AttributeName("org_id")`, "must be a Webex ORGANIZATION ID") {
			t.Fatalf("a person ID as org_id: %s", sharedtest.DiagsText([]sharedtest.Listed{{Diags: d}}))
		}
		if d := e.ValidateList(sharedtest.WebexAssignmentType, map[string]any{"person_id": alice}); len(d) != 0 {
			t.Fatalf("valid config: %+v", d)
		}
		if n := sb.Stats().Requests; n != 0 {
			t.Fatalf("%d requests during validation", n)
		}
	})
}

// TestAccWebexPartnerAdminAssignment_query runs `terraform query` through the
// CLI. It needs Terraform 1.14+ and skips below that (terraform 1.11 on the
// project's machines); the protocol-level test above is the one that runs
// there. OpenTofu has no list resources at all.
func TestAccWebexPartnerAdminAssignment_query(t *testing.T) {
	sharedtest.SkipOnOpenTofu(t, "OpenTofu has no list resources (terraform query)")
	e := sharedtest.NewAccEnv(t, sandbox.Options{PageSize: 2, WebexPagedPartnerLists: true})
	e.RequireSandbox()
	wx := e.Sandbox.Webex()
	org := wx.AddOrg("Acme")
	var admins []string
	for range 3 {
		p := wx.AddPerson(sandbox.Person{DisplayName: "Admin", PartnerRole: sandbox.RolePartnerAdmin})
		if err := wx.Assign(org, p); err != nil {
			t.Fatal(err)
		}
		admins = append(admins, p)
	}
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: e.ProviderConfig()},
			{
				// A query step's config goes to a .tfquery.hcl file beside
				// the previous step's .tf, which configures the provider.
				Query: true,
				Config: fmt.Sprintf(`
list "partneradmin_webex_partner_admin_assignment" "acme" {
  provider = partneradmin
  config {
    org_id = %q
  }
}
`, org),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("partneradmin_webex_partner_admin_assignment.acme", len(admins)),
					querycheck.ExpectIdentity("partneradmin_webex_partner_admin_assignment.acme", map[string]knownvalue.Check{
						"org_id":    knownvalue.StringExact(org),
						"person_id": knownvalue.StringExact(admins[0]),
					}),
				},
			},
		},
	})
}
