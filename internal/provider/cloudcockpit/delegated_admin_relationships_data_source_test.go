package cloudcockpit_test

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
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/client"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
)

const (
	relsAddr  = "data.partneradmin_cloudcockpit_delegated_admin_relationships.test"
	relsRoute = "GET /v1/Customers/{customerId}/delegated-admin-relationships"
)

func relsHCL(customerID, providerInstanceID string) string {
	return fmt.Sprintf(`
data "partneradmin_cloudcockpit_delegated_admin_relationships" "test" {
  customer_id          = %q
  provider_instance_id = %q
}
`, customerID, providerInstanceID)
}

// relsFixture is a customer with two relationships in one provider
// instance (one active with every field, one approved with none but its
// customer), and a relationship of another customer.
type relsFixture struct{ pid, customer, full, bare, tenant string }

func newRelsFixture(cc *sandbox.CloudCockpitStore) relsFixture {
	f := relsFixture{pid: client.NewUUID(), customer: client.NewUUID(), full: "a-" + client.NewUUID(), bare: "b-" + client.NewUUID(), tenant: client.NewUUID()}
	cc.AddRelationship(f.pid, f.full, sandbox.RelationshipActive)
	cc.SetRelationshipDetails(f.pid, f.full, sandbox.CloudCockpitRelationshipDetails{CustomerID: f.customer, DisplayName: "Contoso GDAP",
		Duration: "P730D", AutoExtendDuration: "P180D", CustomerTenantID: f.tenant})
	cc.AddRelationship(f.pid, f.bare, sandbox.RelationshipApproved)
	cc.SetRelationshipDetails(f.pid, f.bare, sandbox.CloudCockpitRelationshipDetails{CustomerID: f.customer})
	other := client.NewUUID()
	cc.AddRelationship(f.pid, other, sandbox.RelationshipActive)
	cc.SetRelationshipDetails(f.pid, other, sandbox.CloudCockpitRelationshipDetails{CustomerID: client.NewUUID()})
	return f
}

func relValue(id, name, status, duration, autoExtend, tenant string) knownvalue.Check {
	str := func(s string) knownvalue.Check {
		if s == "" {
			return knownvalue.Null()
		}
		return knownvalue.StringExact(s)
	}
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"id": knownvalue.StringExact(id), "display_name": str(name), "status": knownvalue.StringExact(status), "duration": str(duration),
		"auto_extend_duration": str(autoExtend), "customer_tenant_id": str(tenant),
		"role_definition_ids": knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact(sandbox.CloudCockpitRoleID)}),
	})
}

func expectRels(rels ...knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(relsAddr, tfjsonpath.New("relationships"), knownvalue.ListExact(rels))
}

// Every documented field of the customer's relationships reaches the data
// source, and only that customer's; a status changed in Partner Center
// shows at the next read. Both documented names of the relationship ID
// (relationshipId in the field list, id in the reseller example) read the
// same.
func TestAccCloudCockpitDelegatedAdminRelationshipsDataSource_basic(t *testing.T) {
	for name, opts := range map[string]sandbox.Options{"relationshipId": {}, "id": {CloudCockpitRelationshipIDAsID: true}} {
		t.Run(name, func(t *testing.T) {
			e := sharedtest.NewAccEnv(t, opts)
			e.RequireSandbox()
			cc := e.Sandbox.CloudCockpit()
			f := newRelsFixture(cc)
			full := relValue(f.full, "Contoso GDAP", "active", "P730D", "P180D", f.tenant)
			cfg := e.Config(relsHCL(f.customer, f.pid))
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: sharedtest.ProviderFactories,
				Steps: []resource.TestStep{
					{
						Config: cfg,
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(relsAddr, tfjsonpath.New("customer_id"), knownvalue.StringExact(f.customer)),
							expectRels(full, relValue(f.bare, "", "approved", "", "", "")),
						},
					},
					{
						PreConfig:         func() { cc.AddRelationship(f.pid, f.bare, sandbox.RelationshipActive) },
						Config:            cfg,
						ConfigStateChecks: []statecheck.StateCheck{expectRels(full, relValue(f.bare, "", "active", "", "", ""))},
					},
				},
			})
		})
	}
}

// A customer without relationships reads as an empty list, not null.
func TestAccCloudCockpitDelegatedAdminRelationshipsDataSource_empty(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	customer := client.NewUUID()
	e.Sandbox.CloudCockpit().AddCustomer(customer)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:            e.Config(relsHCL(customer, client.NewUUID())),
			ConfigStateChecks: []statecheck.StateCheck{expectRels()},
		}},
	})
}

// A vendor error is shown with the vendor, the status, CloudCockpit's
// message, its property errors and its correlation ID; a 403 names the
// role the API Access needs.
func TestAccCloudCockpitDelegatedAdminRelationshipsDataSource_vendorErrors(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	cc := e.Sandbox.CloudCockpit()
	f := newRelsFixture(cc)
	const customerRole = "sandbox-cloudcockpit-customer-role"
	cc.AddToken(customerRole, sandbox.CloudCockpitRoleCustomer)
	unknown := client.NewUUID()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: e.Config(relsHCL(unknown, f.pid)),
				ExpectError: regexp.MustCompile(`(?s)CloudCockpit\s+refused\s+the\s+customer\s+\(check\s+customer_id\s+and\s+provider_instance_id\).*` +
					`CloudCockpit\s+answered\s+HTTP\s+400.*Message:\s+The\s+customer\s+was\s+not\s+found\..*customerId:\s+Customer\s+` + unknown +
					`\s+does\s+not\s+exist\..*Tracking\s+ID:\s+[0-9a-f-]{36}`),
			},
			{
				Config: fmt.Sprintf(`
provider "partneradmin" {
  cloudcockpit = { base_url = %q, tenant = %q, access_token = %q }
}
`, e.URL+"/cloudcockpit", sandbox.DefaultCloudCockpitTenant, customerRole) + relsHCL(f.customer, f.pid),
				ExpectError: regexp.MustCompile(`(?s)CloudCockpit\s+answered\s+HTTP\s+403.*Tracking\s+ID:\s+[0-9a-f-]{36}.*` +
					`list\s+the\s+customer's\s+GDAP\s+relationships:\s+that\s+needs\s+the\s+csp\s+or\s+reseller\s+role`),
			},
		},
	})
}

// A customer_id or provider_instance_id that is not a UUID is refused at
// plan time, naming the attribute, and no request is sent.
func TestAccCloudCockpitDelegatedAdminRelationshipsDataSource_planTimeValidation(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	good := client.NewUUID()
	cases := map[string]struct{ customer, pid, want string }{
		"customer path traversal": {"../../Providers/Instances", good, `(?s)customer_id.*must\s+be\s+a\s+UUID`},
		"customer with a slash":   {good + "/x", good, `(?s)customer_id.*must\s+be\s+a\s+UUID`},
		"customer empty":          {"", good, `(?s)customer_id.*must\s+be\s+a\s+UUID`},
		"instance query":          {good, good + "&pageSize=1", `(?s)provider_instance_id.*must\s+be\s+a\s+UUID`},
		"instance name":           {good, "Microsoft CSP", `(?s)provider_instance_id.*must\s+be\s+a\s+UUID`},
	}
	var steps []resource.TestStep
	for name, c := range cases {
		steps = append(steps, resource.TestStep{
			Config:      e.Config(relsHCL(c.customer, c.pid)) + "\n# " + name,
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

// The request budget: one `terraform plan` of the data source sends one
// list request (the list is not paged), and nothing else.
func TestAccCloudCockpitDelegatedAdminRelationshipsDataSource_requestBudget(t *testing.T) {
	sb, cli := newCCCLI(t, sandbox.Options{PageSize: 1})
	f := newRelsFixture(sb.CloudCockpit())
	cli.Write("main.tf", relsHCL(f.customer, f.pid)+`
output "count" {
  value = length(data.partneradmin_cloudcockpit_delegated_admin_relationships.test.relationships)
}
`)
	for _, cmd := range [][]string{{"plan", "-input=false"}, {"apply", "-auto-approve", "-input=false"}} {
		sb.ResetLog()
		out := cli.Run(cmd...)
		if cmd[0] == "apply" && !strings.Contains(out, "count = 2") {
			t.Fatalf("terraform apply: want output count = 2:\n%s", out)
		}
		var routes []string
		for _, entry := range sb.Log() {
			routes = append(routes, entry.Route)
		}
		if len(routes) != 1 || routes[0] != relsRoute {
			t.Fatalf("terraform %s sent %q, want one request: %s", cmd[0], routes, relsRoute)
		}
	}
}

// The timeouts block bounds the read.
func TestAccCloudCockpitDelegatedAdminRelationshipsDataSource_readTimeout(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{Faults: sandbox.Faults{Latency: time.Minute}})
	e.RequireSandbox()
	var start time.Time
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() { start = time.Now() },
			Config: e.Config(fmt.Sprintf(`
data "partneradmin_cloudcockpit_delegated_admin_relationships" "test" {
  customer_id          = %q
  provider_instance_id = %q
  timeouts             = { read = "1s" }
}
`, client.NewUUID(), client.NewUUID())),
			ExpectError: regexp.MustCompile(`(?s)Unable\s+to\s+list\s+the\s+customer's\s+GDAP\s+relationships.*deadline\s+exceeded`),
		}},
	})
	if d := time.Since(start); d > 30*time.Second {
		t.Fatalf("the read failed after %s, want about timeouts.read (1s)", d)
	}
}

// The documented example applies against the demo sandbox as written: it
// finds the Microsoft instance by alias and gives Contoso's active
// relationship, not its expired one, an access assignment.
func TestAccCloudCockpitDelegatedAdminRelationshipsDataSource_example(t *testing.T) {
	example := sharedtest.ExampleConfig(t, "../../../examples/data-sources/partneradmin_cloudcockpit_delegated_admin_relationships/data-source.tf")
	if m := regexp.MustCompile(`customer_id\s*=\s*"([^"]+)"`).FindStringSubmatch(example); m == nil || m[1] != sandbox.DemoCloudCockpitCustomerID {
		t.Fatalf("the example's customer_id is not the demo's %s", sandbox.DemoCloudCockpitCustomerID)
	}
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	e.Sandbox.SeedDemo()
	cc := e.Sandbox.CloudCockpit()
	pid := sandbox.DemoCloudCockpitProviderInstanceID
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: e.Config(example),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("partneradmin_cloudcockpit_access_assignment.contoso", tfjsonpath.New("relationship_id"),
					knownvalue.StringExact(sandbox.DemoCloudCockpitContosoRelationshipID)),
			},
			Check: func(*terraform.State) error {
				if got := cc.Assignments(pid, sandbox.DemoCloudCockpitContosoRelationshipID); len(got) != 1 || got[0] != "active" {
					return fmt.Errorf("active relationship's assignments: %q, want one active", got)
				}
				if got := cc.Assignments(pid, sandbox.DemoCloudCockpitOldRelationshipID); len(got) != 0 {
					return fmt.Errorf("expired relationship's assignments: %q, want none", got)
				}
				return nil
			},
		}},
	})
}
