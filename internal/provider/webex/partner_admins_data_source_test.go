package webex_test

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/sharedtest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/webexid"
)

const adminsDataAddr = "data.partneradmin_webex_partner_admins.test"

func adminsDataConfig(orgID string) string {
	return fmt.Sprintf(`
data "partneradmin_webex_partner_admins" "test" {
  org_id = %q
}
`, orgID)
}

// sandboxRole is the roleInCustomerOrg the sandbox lists for every admin.
const sandboxRole = "id_full_admin"

// adminValue is one expected element of partner_admins.
func adminValue(personID, displayName, first, last string, emails ...string) knownvalue.Check {
	em := make([]knownvalue.Check, 0, len(emails))
	for _, e := range emails {
		em = append(em, knownvalue.StringExact(e))
	}
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"person_id":            knownvalue.StringExact(personID),
		"display_name":         knownvalue.StringExact(displayName),
		"first_name":           knownvalue.StringExact(first),
		"last_name":            knownvalue.StringExact(last),
		"emails":               knownvalue.ListExact(em),
		"role_in_customer_org": knownvalue.StringExact(sandboxRole),
	})
}

func expectAdmins(admins ...knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(adminsDataAddr, tfjsonpath.New("partner_admins"), knownvalue.ListExact(admins))
}

// Every field Webex lists for a partner admin reaches the data source, in
// Webex's order; assignments made and removed outside Terraform show at the
// next read.
func TestAccWebexPartnerAdminsDataSource_basic(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	st := e.Sandbox.Webex()
	org := st.AddOrg("Acme Corp")
	alice := st.AddPerson(sandbox.Person{DisplayName: "Alice Anders", FirstName: "Alice", LastName: "Anders",
		Emails: []string{"alice@partner.example", "a.anders@partner.example"}, PartnerRole: sandbox.RolePartnerAdmin})
	bob := st.AddPerson(sandbox.Person{DisplayName: "Bob", PartnerRole: sandbox.RolePartnerAdmin}) // no names, no email
	carol := st.AddPerson(sandbox.Person{DisplayName: "Carol", FirstName: "Carol", PartnerRole: sandbox.RolePartnerAdmin,
		Emails: []string{"carol@partner.example"}})
	for _, p := range []string{alice, bob} {
		if err := st.Assign(org, p); err != nil {
			t.Fatal(err)
		}
	}
	cfg := e.Config(adminsDataConfig(org))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(adminsDataAddr, tfjsonpath.New("id"), knownvalue.StringExact(org)),
					statecheck.ExpectKnownValue(adminsDataAddr, tfjsonpath.New("org_id"), knownvalue.StringExact(org)),
					expectAdmins(
						adminValue(alice, "Alice Anders", "Alice", "Anders", "alice@partner.example", "a.anders@partner.example"),
						adminValue(bob, "Bob", "", ""),
					),
				},
			},
			{
				PreConfig: func() {
					if err := st.Unassign(org, bob); err != nil {
						t.Fatal(err)
					}
					if err := st.Assign(org, carol); err != nil {
						t.Fatal(err)
					}
				},
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					expectAdmins(
						adminValue(alice, "Alice Anders", "Alice", "Anders", "alice@partner.example", "a.anders@partner.example"),
						adminValue(carol, "Carol", "Carol", "", "carol@partner.example"),
					),
				},
			},
		},
	})
}

// A customer without partner admins reads as an empty list, not null, so
// length() and for expressions need no null check.
func TestAccWebexPartnerAdminsDataSource_emptyOrg(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	org := e.Sandbox.Webex().AddOrg("Nobody's Corp")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: e.Config(adminsDataConfig(org) + `
output "count" {
  value = length(data.partneradmin_webex_partner_admins.test.partner_admins)
}
`),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAdmins(),
				statecheck.ExpectKnownOutputValue("count", knownvalue.Int64Exact(0)),
			},
		}},
	})
}

// Five admins at two per page: every page is read, in order.
func TestAccWebexPartnerAdminsDataSource_paging(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{PageSize: 2, WebexPagedPartnerLists: true})
	e.RequireSandbox()
	st := e.Sandbox.Webex()
	org := st.AddOrg("Acme Corp")
	var want []knownvalue.Check
	for i := range 5 {
		name := "Admin " + strconv.Itoa(i)
		p := st.AddPerson(sandbox.Person{DisplayName: name, PartnerRole: sandbox.RolePartnerAdmin})
		if err := st.Assign(org, p); err != nil {
			t.Fatal(err)
		}
		want = append(want, adminValue(p, name, "", ""))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:            e.Config(adminsDataConfig(org)),
			ConfigStateChecks: []statecheck.StateCheck{expectAdmins(want...)},
			Check: func(*terraform.State) error {
				if n := e.CountRoute(sharedtest.WebexAdminsRoute); n == 0 || n%3 != 0 {
					return fmt.Errorf("%d list requests: want 3 per read (5 admins at 2 per page)", n)
				}
				return nil
			},
		}},
	})
}

// The request budget is one list request per page, and nothing else: one
// `terraform plan` of the data source (one read) sends exactly the three
// pages of five admins at two per page.
func TestAccWebexPartnerAdminsDataSource_requestBudget(t *testing.T) {
	sb, cli := newCLI(t, sandbox.Options{PageSize: 2, WebexPagedPartnerLists: true})
	st := sb.Webex()
	org := st.AddOrg("Acme Corp")
	for range 5 {
		if err := st.Assign(org, st.AddPerson(sandbox.Person{DisplayName: "Admin", PartnerRole: sandbox.RolePartnerAdmin})); err != nil {
			t.Fatal(err)
		}
	}
	cli.Write("main.tf", sharedtest.FullAddressBlock+`provider "partneradmin" {}`+"\n"+adminsDataConfig(org)+`
output "count" {
  value = length(data.partneradmin_webex_partner_admins.test.partner_admins)
}
`)
	for _, cmd := range [][]string{{"plan", "-input=false"}, {"apply", "-auto-approve", "-input=false"}} {
		sb.ResetLog()
		out := cli.Run(cmd...)
		if cmd[0] == "apply" && !strings.Contains(out, `count = 5`) {
			t.Fatalf("terraform apply: want output count = 5:\n%s", out)
		}
		var starts []string
		for _, entry := range sb.Log() {
			if entry.Route != sharedtest.WebexAdminsRoute {
				t.Fatalf("terraform %s sent %s %s, want only the partner admins list", cmd[0], entry.Method, entry.Path)
			}
			q, err := url.ParseQuery(entry.Query)
			if err != nil {
				t.Fatal(err)
			}
			starts = append(starts, q.Get("start"))
		}
		if got := strings.Join(starts, ","); got != ",2,4" {
			t.Fatalf("terraform %s: list requests with start=%q, want one per page: \"\", 2, 4", cmd[0], starts)
		}
	}
}

// A vendor error is shown with the vendor, the status, Webex's message and
// its tracking ID.
func TestAccWebexPartnerAdminsDataSource_vendorErrors(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	st := e.Sandbox.Webex()
	org := st.AddOrg("Acme Corp")
	unknown := webexid.Encode("us", webexid.TypeOrganization, "0badc0de-0000-4000-8000-000000000000") // valid, not in the sandbox
	noRead := "sandbox-webex-no-organizations-read"
	st.AddToken(noRead, "spark-admin:people_read")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: e.Config(adminsDataConfig(unknown)),
				ExpectError: regexp.MustCompile(`(?s)customer\s+organization\s+not\s+found\s+\(check\s+org_id\).*` +
					`Webex\s+answered\s+HTTP\s+404.*Message:\s+Organization\s+not\s+found.*Tracking\s+ID:\s+\S+`),
			},
			{
				Config: fmt.Sprintf(`
provider "partneradmin" {
  webex = { base_url = %q, access_token = %q }
}
`, e.URL+"/webex", noRead) + adminsDataConfig(org),
				ExpectError: regexp.MustCompile(`(?s)Webex\s+answered\s+HTTP\s+403.*Tracking\s+ID:\s+\S+.*` +
					`spark-admin:organizations_read\s+scope.*Partner\s+Full\s+Administrator`),
			},
		},
	})
}

// A bad org_id is refused at plan time, naming the attribute, and no
// request is sent.
func TestAccWebexPartnerAdminsDataSource_planTimeValidation(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	st := e.Sandbox.Webex()
	org := st.AddOrg("Acme Corp")
	person := st.AddPerson(sandbox.Person{PartnerRole: sandbox.RolePartnerAdmin})
	cases := map[string]struct{ org, want string }{
		"path traversal": {"../../v1/people/me", `(?s)Invalid\s+Webex\s+ID.*org_id`},
		"query":          {org + "?managedBy=x", `Invalid\s+Webex\s+ID`},
		"person as org":  {person, `(?s)org_id\s+must\s+be\s+a\s+Webex\s+ORGANIZATION\s+ID`},
		"raw uuid":       {"11a3f990-0c1b-4b5d-9f1e-2a6c3b4d5e6f", `Invalid\s+Webex\s+ID`},
		"empty":          {"", `Invalid\s+Webex\s+ID`},
	}
	var steps []resource.TestStep
	for name, c := range cases {
		steps = append(steps, resource.TestStep{
			Config:      e.Config(adminsDataConfig(c.org)) + "\n# " + name,
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(c.want),
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		Steps:                    steps,
	})
	if n := e.VendorRequests(""); n != 0 {
		t.Fatalf("invalid input sent %d requests to the vendor API, want 0", n)
	}
}

// The data source lists the admin the assignment resource assigned. It runs
// against a real tenant too (WEBEX_TEST_ORG_ID, WEBEX_TEST_PERSON_ID), where
// the customer may have other partner admins, so it looks for the fixture's
// person by meaning (type and UUID) rather than expecting the whole list.
func TestAccWebexPartnerAdminsDataSource_readsAssignment(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	f := sharedtest.NewWebexFixture(e)
	cfg := e.Config(sharedtest.WebexAssignmentConfig(f.OrgID, f.PersonID) + `
data "partneradmin_webex_partner_admins" "test" {
  org_id     = partneradmin_webex_partner_admin_assignment.test.org_id
  depends_on = [partneradmin_webex_partner_admin_assignment.test]
}
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		CheckDestroy:             sharedtest.CheckWebexAssignmentsGone(e, f.OrgID),
		Steps: []resource.TestStep{{
			Config: cfg,
			Check:  checkListsAdmin(e, f),
		}},
	})
}

// checkListsAdmin finds the fixture's person among partner_admins; in the
// sandbox, with the details it was seeded with.
func checkListsAdmin(e *sharedtest.AccEnv, f sharedtest.WebexFixture) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs := s.RootModule().Resources[adminsDataAddr]
		if rs == nil {
			return fmt.Errorf("%s not in state", adminsDataAddr)
		}
		a := rs.Primary.Attributes
		n, err := strconv.Atoi(a["partner_admins.#"])
		if err != nil {
			return fmt.Errorf("partner_admins.# = %q", a["partner_admins.#"])
		}
		for i := range n {
			at := func(k string) string { return a[fmt.Sprintf("partner_admins.%d.%s", i, k)] }
			if !webexid.Equal(at("person_id"), f.PersonID) {
				continue
			}
			if e.Sandbox != nil && (at("display_name") != f.DisplayName || at("emails.0") != f.Email || at("role_in_customer_org") != f.Role) {
				return fmt.Errorf("partner admin %s listed as %q <%s> (%s), want %q <%s> (%s)", f.PersonID,
					at("display_name"), at("emails.0"), at("role_in_customer_org"), f.DisplayName, f.Email, f.Role)
			}
			return nil
		}
		return fmt.Errorf("the assigned partner admin %s is not among the %d partner_admins", f.PersonID, n)
	}
}

// The timeouts block bounds the read: a Webex that answers too slowly fails
// the plan after timeouts.read, not after the default.
func TestAccWebexPartnerAdminsDataSource_readTimeout(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{Faults: sandbox.Faults{Latency: time.Minute}})
	e.RequireSandbox()
	org := e.Sandbox.Webex().AddOrg("Acme Corp")
	var start time.Time // set when the step begins: a parallel test first waits its turn
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() { start = time.Now() },
			Config: e.Config(fmt.Sprintf(`
data "partneradmin_webex_partner_admins" "test" {
  org_id   = %q
  timeouts = { read = "1s" }
}
`, org)),
			ExpectError: regexp.MustCompile(`(?s)Unable\s+to\s+read\s+the\s+partner\s+admins.*` + sharedtest.TimedOut("read", "1s", sharedtest.Words("while waiting on Webex to list"), "2s")),
		}},
	})
	// terraform's own start-up takes seconds on a busy machine; the latency
	// is a minute.
	if d := time.Since(start); d > 30*time.Second {
		t.Fatalf("the read failed after %s, want about timeouts.read (1s)", d)
	}
}

// The documented example applies against the sandbox as written: its
// org_id is seeded there, with two partner admins.
func TestAccWebexPartnerAdminsDataSource_example(t *testing.T) {
	example := sharedtest.ExampleConfig(t, "../../../examples/data-sources/partneradmin_webex_partner_admins/data-source.tf")
	m := regexp.MustCompile(`org_id = "([^"]+)"`).FindStringSubmatch(example)
	if m == nil {
		t.Fatal("no org_id in the example")
	}
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	st := e.Sandbox.Webex()
	org, err := st.AddOrgWithID(m[1], "Acme Corp")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []sandbox.Person{
		{DisplayName: "Zoe", Emails: []string{"zoe@partner.example"}, PartnerRole: sandbox.RolePartnerAdmin},
		{DisplayName: "Alice", Emails: []string{"alice@partner.example"}, PartnerRole: sandbox.RolePartnerAdmin},
	} {
		if err := st.Assign(org, st.AddPerson(p)); err != nil {
			t.Fatal(err)
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: e.Config(example),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("acme_partner_admins", knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact("alice@partner.example"), knownvalue.StringExact("zoe@partner.example"),
				})),
			},
		}},
	})
}

// The data source reads through the same cache as the assignment resource:
// a plan refreshing two assignments of a customer and reading its partner
// admins sends one list request, not three.
func TestAccWebexPartnerAdminsDataSource_sharesReadWithAssignments(t *testing.T) {
	sb, cli := newCLI(t, sandbox.Options{})
	st := sb.Webex()
	org := st.AddOrg("Acme Corp")
	var hcl string
	for _, name := range []string{"a", "b"} {
		p := st.AddPerson(sandbox.Person{DisplayName: name, PartnerRole: sandbox.RolePartnerAdmin})
		hcl += fmt.Sprintf(`
resource "partneradmin_webex_partner_admin_assignment" %q {
  org_id    = %q
  person_id = %q
}
`, name, org, p)
	}
	cli.Write("main.tf", sharedtest.FullAddressBlock+`provider "partneradmin" {}`+"\n"+hcl+adminsDataConfig(org)+`
output "count" {
  value = length(data.partneradmin_webex_partner_admins.test.partner_admins)
}
`)
	// The first apply read the data source before it assigned anyone (no
	// depends_on); the second records the output with both.
	cli.Run("apply", "-auto-approve", "-input=false")
	cli.Run("apply", "-auto-approve", "-input=false")
	sb.ResetLog()
	if code, out := exitCode(cli, "plan", "-detailed-exitcode", "-input=false"); code != 0 {
		t.Fatalf("plan: exit %d, want 0 (no changes):\n%s", code, out)
	}
	if n, all := sb.Stats().Routes[sharedtest.WebexAdminsListRoute], sb.Stats().Requests; n != 1 || all != 1 {
		t.Fatalf("plan sent %d partner admin list requests (%d requests in all), want 1: two assignments and the data source share one read", n, all)
	}
}
