package webex_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/sharedtest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/webexid"
)

const managedDataAddr = "data.partneradmin_webex_managed_customers.test"

func managedDataConfig(personID string) string {
	return fmt.Sprintf(`
data "partneradmin_webex_managed_customers" "test" {
  person_id = %q
}
`, personID)
}

// sandboxRoleID is the role ID the sandbox lists for every managed customer.
var sandboxRoleID = webexid.Encode("us", webexid.TypeRole, sandbox.PartnerAdminRoleUUID)

func expectCustomers(orgIDs ...string) statecheck.StateCheck {
	checks := make([]knownvalue.Check, 0, len(orgIDs))
	for _, o := range orgIDs {
		checks = append(checks, knownvalue.ObjectExact(map[string]knownvalue.Check{
			"org_id": knownvalue.StringExact(o),
			"role":   knownvalue.StringExact(sandboxRoleID),
		}))
	}
	return statecheck.ExpectKnownValue(managedDataAddr, tfjsonpath.New("customers"), knownvalue.ListExact(checks))
}

// Every customer the person manages, with org ID and role, in Webex's
// order, and not another person's; a change made out of band shows at the
// next read; a person managing none reads as an empty list.
func TestAccWebexManagedCustomersDataSource_basic(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	st := e.Sandbox.Webex()
	acme, globex, initech := st.AddOrg("Acme"), st.AddOrg("Globex"), st.AddOrg("Initech")
	alice := st.AddPerson(sandbox.Person{DisplayName: "Alice", PartnerRole: sandbox.RolePartnerAdmin})
	bob := st.AddPerson(sandbox.Person{DisplayName: "Bob", PartnerRole: sandbox.RolePartnerAdmin})
	nobody := st.AddPerson(sandbox.Person{DisplayName: "Nobody", PartnerRole: sandbox.RolePartnerAdmin})
	for _, a := range [][2]string{{acme, alice}, {globex, alice}, {initech, bob}} {
		if err := st.Assign(a[0], a[1]); err != nil {
			t.Fatal(err)
		}
	}
	cfg := e.Config(managedDataConfig(alice))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(managedDataAddr, tfjsonpath.New("id"), knownvalue.StringExact(alice)),
					expectCustomers(acme, globex),
				},
			},
			{
				PreConfig: func() {
					if err := st.Unassign(acme, alice); err != nil {
						t.Fatal(err)
					}
					if err := st.Assign(initech, alice); err != nil {
						t.Fatal(err)
					}
				},
				Config:            cfg,
				ConfigStateChecks: []statecheck.StateCheck{expectCustomers(globex, initech)},
			},
			{
				Config: e.Config(managedDataConfig(nobody) + `
output "count" {
  value = length(data.partneradmin_webex_managed_customers.test.customers)
}
`),
				ConfigStateChecks: []statecheck.StateCheck{
					expectCustomers(),
					statecheck.ExpectKnownOutputValue("count", knownvalue.Int64Exact(0)),
				},
			},
		},
	})
}

// The request budget is one list request per page: one `terraform plan`
// of five customers at two per page sends exactly three requests, each
// for the person's list, and nothing else.
func TestAccWebexManagedCustomersDataSource_requestBudget(t *testing.T) {
	sb, cli := newCLI(t, sandbox.Options{PageSize: 2, WebexPagedPartnerLists: true})
	st := sb.Webex()
	alice := st.AddPerson(sandbox.Person{DisplayName: "Alice", PartnerRole: sandbox.RolePartnerAdmin})
	for i := range 5 {
		if err := st.Assign(st.AddOrg(fmt.Sprintf("Customer %d", i)), alice); err != nil {
			t.Fatal(err)
		}
	}
	cli.Write("main.tf", sharedtest.FullAddressBlock+`provider "partneradmin" {}`+"\n"+managedDataConfig(alice)+`
output "count" {
  value = length(data.partneradmin_webex_managed_customers.test.customers)
}
`)
	sb.ResetLog()
	if out := cli.Run("apply", "-auto-approve", "-input=false"); !strings.Contains(out, "count = 5") {
		t.Fatalf("apply: want output count = 5:\n%s", out)
	}
	sb.ResetLog()
	cli.Run("plan", "-input=false")
	log := sb.Log()
	for _, entry := range log {
		if "webex "+entry.Route != sharedtest.WebexManagedListRoute {
			t.Fatalf("plan sent %s %s, want only the managed customers list", entry.Method, entry.Path)
		}
	}
	if len(log) != 3 {
		t.Fatalf("plan sent %d requests, want 3: one per page", len(log))
	}
}

// Webex refuses the list for a Partner Full Administrator; the error shows
// the vendor, status, Webex's message and tracking ID. A bad person_id is
// refused at plan time with no request.
func TestAccWebexManagedCustomersDataSource_errors(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	st := e.Sandbox.Webex()
	org := st.AddOrg("Acme")
	full := st.AddPerson(sandbox.Person{DisplayName: "Fiona", PartnerRole: sandbox.RolePartnerFullAdmin})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      e.Config(managedDataConfig(org)),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Invalid\s+Webex\s+ID.*person_id\s+must\s+be\s+a\s+Webex\s+PEOPLE\s+ID`),
			},
			{
				PreConfig: func() {
					if n := e.VendorRequests(""); n != 0 {
						t.Errorf("a bad person_id sent %d requests, want 0", n)
					}
				},
				Config: e.Config(managedDataConfig(full)),
				ExpectError: regexp.MustCompile(`(?s)Unable\s+to\s+read\s+the\s+customers\s+managed\s+by\s+the\s+partner\s+admin.*` +
					`Webex\s+answered\s+HTTP\s+400.*already\s+has\s+access\s+to\s+all\s+customers.*Tracking\s+ID:\s+\S+`),
			},
		},
	})
}

// The timeouts block bounds the read.
func TestAccWebexManagedCustomersDataSource_readTimeout(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{Faults: sandbox.Faults{Latency: time.Minute}})
	e.RequireSandbox()
	alice := e.Sandbox.Webex().AddPerson(sandbox.Person{PartnerRole: sandbox.RolePartnerAdmin})
	var start time.Time
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() { start = time.Now() },
			Config: e.Config(fmt.Sprintf(`
data "partneradmin_webex_managed_customers" "test" {
  person_id = %q
  timeouts  = { read = "1s" }
}
`, alice)),
			ExpectError: regexp.MustCompile(`(?s)Unable\s+to\s+read\s+the\s+customers.*deadline\s+exceeded`),
		}},
	})
	if d := time.Since(start); d > 30*time.Second {
		t.Fatalf("the read failed after %s, want about timeouts.read (1s)", d)
	}
}
