package bluexp_test

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/sharedtest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
)

const dataAddr = "data.partneradmin_bluexp_resource_admins.test"

func dataConfig(pid, extra string) string {
	return fmt.Sprintf(`
data "partneradmin_bluexp_resource_admins" "test" {
  partnership_id = %q
  %s
}
`, pid, extra)
}

// Every field of every member, across pages (pages of 2, 3 members), one
// list request per page and no read of single users; a member removed out
// of band is gone at the next read; the UserAdmins of the partnership are
// not listed; an empty partnership is an empty list.
func TestAccBlueXPResourceAdminsDataSource_read(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{PageSize: 2})
	f := sharedtest.NewBlueXPFixture(e)
	st := e.Sandbox.BlueXP()
	for _, id := range []string{f.ByID, f.ByAuth0, f.ByAAD} {
		if err := st.AddMember(f.PID, id); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.AddRoleMember(sandbox.BlueXPUserAdmins, f.PID, f.ByEmail); err != nil {
		t.Fatal(err)
	}
	empty := st.AddPartnership("", "Empty")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: e.Sandbox.ResetLog,
				Config:    e.Config(dataConfig(f.PID, "")),
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttr(dataAddr, "id", f.PID),
					resource.TestCheckResourceAttr(dataAddr, "users.#", "3"),
					resource.TestCheckResourceAttr(dataAddr, "users.0.user_id", f.ByID),
					resource.TestCheckResourceAttr(dataAddr, "users.0.name", "Ada"),
					resource.TestCheckResourceAttr(dataAddr, "users.0.state", "ACTIVE"),
					resource.TestCheckResourceAttr(dataAddr, "users.0.user_type", "user"),
					resource.TestCheckResourceAttrSet(dataAddr, "users.0.owner_organization_id"),
					resource.TestCheckResourceAttr(dataAddr, "users.1.user_id", f.ByAuth0),
					resource.TestCheckResourceAttr(dataAddr, "users.1.auth0_id", f.Auth0ID),
					resource.TestCheckResourceAttr(dataAddr, "users.2.aad_id", f.AADID),
					resource.TestCheckResourceAttr(dataAddr, "users.2.auth0_id", ""),
					func(*terraform.State) error {
						// Each terraform command of the step reads once: a whole
						// number of two-page reads, never a user by user.
						lists, gets := e.CountRoute(sharedtest.BlueXPRouteList), e.CountRoute(sharedtest.BlueXPRouteGet)
						t.Logf("list requests: %d, get-one requests: %d", lists, gets)
						if lists == 0 || lists%2 != 0 || gets != 0 {
							return fmt.Errorf("%d list and %d get-one requests, want 2 list requests per read (3 members, pages of 2)", lists, gets)
						}
						return nil
					},
				),
			},
			{
				PreConfig: func() {
					if err := st.RemoveMember(f.PID, f.ByAuth0); err != nil {
						t.Fatal(err)
					}
				},
				Config: e.Config(dataConfig(f.PID, "")),
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttr(dataAddr, "users.#", "2"),
					resource.TestCheckResourceAttr(dataAddr, "users.1.user_id", f.ByAAD),
				),
			},
			{
				Config:            e.Config(dataConfig(empty, "")),
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(dataAddr, tfjsonpathUsers, knownvalue.ListExact([]knownvalue.Check{}))},
			},
		},
	})
}

// An unknown partnership fails with BlueXP's words and says which; a bad
// partnership_id fails at plan time and sends nothing; a read slower than
// timeouts.read fails.
func TestAccBlueXPResourceAdminsDataSource_errors(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	f := sharedtest.NewBlueXPFixture(e)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      e.Config(dataConfig("../x", "")),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)partnership_id.*must be a UUID`),
			},
			{
				PreConfig: func() {
					if n := e.VendorRequests("bluexp"); n != 0 {
						t.Errorf("a bad partnership_id sent %d requests", n)
					}
				},
				Config:      e.Config(dataConfig("0f8fad5b-d9cb-469f-a165-70867728950e", "")),
				ExpectError: regexp.MustCompile(`(?s)Unable to read BlueXP ResourceAdmins: partnership not found.*404.*Collection not found.*Tracking ID`),
			},
			{
				PreConfig:   func() { e.Sandbox.SetFaults(sandbox.Faults{Latency: 3 * time.Second}) },
				Config:      e.Config(dataConfig(f.PID, `timeouts = { read = "1s" }`)),
				ExpectError: regexp.MustCompile(`(?s)Unable to read BlueXP ResourceAdmins`),
			},
		},
	})
}

// The example applies against the sandbox seeded with its IDs.
func TestAccBlueXPResourceAdminsDataSource_example(t *testing.T) {
	example := sharedtest.ExampleConfig(t, "../../../examples/data-sources/partneradmin_bluexp_resource_admins/data-source.tf")
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	demo := e.Sandbox.SeedDemo()
	if !regexp.MustCompile(`partnership_id = "` + demo.BlueXPPartnershipID + `"`).MatchString(example) {
		t.Fatal("the example does not name the demo partnership")
	}
	if err := e.Sandbox.BlueXP().AddMember(demo.BlueXPPartnershipID, demo.BlueXPDanaID); err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: e.Config(example),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("resource_admin_ids", knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact(demo.BlueXPDanaID)})),
			},
		}},
	})
}

var tfjsonpathUsers = tfjsonpath.New("users")
