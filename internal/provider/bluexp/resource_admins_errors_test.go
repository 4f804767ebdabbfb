package bluexp_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/sharedtest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
)

// Each vendor refusal fails the apply with BlueXP's own words (status,
// title, detail, correlation id) and what to check, and leaves nothing in
// state: 404 for an unknown partnership, 400 for an unknown user, 403 where
// the credential lacks the role, 401 for a static token BlueXP refuses.
func TestAccBlueXPResourceAdmins_vendorErrors(t *testing.T) {
	for _, role := range sharedtest.BlueXPRoles {
		t.Run(role.Name, func(t *testing.T) {
			e := sharedtest.NewAccEnv(t, sandbox.Options{})
			f := sharedtest.NewBlueXPFixture(e)
			forbidden := e.Sandbox.BlueXP().AddPartnership("", "Not ours")
			e.Sandbox.BlueXP().SetForbidden(forbidden, true)
			const unknownPartnership = "0f8fad5b-d9cb-469f-a165-70867728950e"
			badToken := strings.Replace(e.ProviderConfig(), fmt.Sprintf("access_token = %q\n  }\n  cloudcockpit", sandbox.DefaultBlueXPToken),
				"access_token = \"not-a-token\"\n  }\n  cloudcockpit", 1)
			if badToken == e.ProviderConfig() {
				t.Fatal("could not replace the BlueXP token in the provider block")
			}
			nothingInState := func(s *terraform.State) error {
				if s != nil && s.RootModule() != nil && len(s.RootModule().Resources) > 0 {
					return fmt.Errorf("state holds %d resources after a refused create", len(s.RootModule().Resources))
				}
				return nil
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: sharedtest.ProviderFactories,
				CheckDestroy:             nothingInState,
				Steps: []resource.TestStep{
					{
						Config:      e.Config(role.Config(unknownPartnership, sharedtest.BlueXPUserID(f.ByID))),
						ExpectError: regexp.MustCompile(`(?s)Unable to read BlueXP ` + role.Noun + `s.*404.*Collection not found.*wasn't found`),
					},
					{
						Config:      e.Config(role.Config(f.PID, sharedtest.BlueXPEmail("nobody@example.com"))),
						ExpectError: regexp.MustCompile(`(?s)Unable to add BlueXP ` + role.Noun + `s.*400.*Invalid request body.*` + sharedtest.Words("- email nobody@example.com: no such user")),
					},
					{
						Config:      e.Config(role.Config(forbidden, sharedtest.BlueXPUserID(f.ByID))),
						ExpectError: regexp.MustCompile(`(?s)403.*Operation not permitted.*Organization admin`),
					},
					{
						Config:      badToken + role.Config(f.PID, sharedtest.BlueXPUserID(f.ByID)),
						ExpectError: regexp.MustCompile(`(?s)401.*Missing bearer token.*BLUEXP_ACCESS_TOKEN`),
					},
					{
						// Nothing was added by any of them.
						PreConfig:          func() { role.CheckMembers(t, e, f.PID) },
						Config:             e.Config(role.Config(f.PID, sharedtest.BlueXPUserID(f.ByID))),
						PlanOnly:           true,
						ExpectNonEmptyPlan: true,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PostApplyPreRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(role.Addr, plancheck.ResourceActionCreate)},
						},
					},
				},
			})
		})
	}
}

// BlueXP accepts the add (202) but the users never show within the create
// timeout: the apply fails as "added but not confirmed", the users stay in
// state (tainted: the next plan replaces the resource), and destroy removes
// them.
func TestAccBlueXPResourceAdmins_addedNotConfirmed(t *testing.T) {
	for _, role := range sharedtest.BlueXPRoles {
		t.Run(role.Name, func(t *testing.T) {
			e := sharedtest.NewAccEnv(t, sandbox.Options{VisibilityDelay: time.Minute})
			f := sharedtest.NewBlueXPFixture(e)
			cfg := e.Config(configWithTimeouts(role, f.PID, `create = "2s"`, sharedtest.BlueXPUserID(f.ByID)))
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: sharedtest.ProviderFactories,
				CheckDestroy:             role.CheckGone(e, f.PID, []string{f.ByID}),
				Steps: []resource.TestStep{
					{
						Config:      cfg,
						ExpectError: regexp.MustCompile(`(?s)added but not confirmed.*` + sharedtest.TimedOut("create", "2s", sharedtest.Words("while waiting for the added "+role.Noun+"s to become visible"), "4s") + `.*not confirmed:\s+` + f.ByID),
					},
					{
						PreConfig:          func() { role.CheckMembers(t, e, f.PID, f.ByID) },
						Config:             cfg,
						PlanOnly:           true,
						ExpectNonEmptyPlan: true,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PostApplyPreRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(role.Addr, plancheck.ResourceActionDestroyBeforeCreate)},
						},
					},
				},
			})
		})
	}
}

// Changing the description updates in place without a request (it is sent
// only with adds); changing partnership_id replaces the resource: the users
// leave the old partnership and join the new one.
func TestAccBlueXPResourceAdmins_changeDescriptionAndPartnership(t *testing.T) {
	for _, role := range sharedtest.BlueXPRoles {
		t.Run(role.Name, func(t *testing.T) {
			e := sharedtest.NewAccEnv(t, sandbox.Options{})
			f := sharedtest.NewBlueXPFixture(e)
			other := e.Sandbox.BlueXP().AddPartnership("", "Other MSP")
			cfg := e.Config(role.Config(f.PID, sharedtest.BlueXPUserID(f.ByID), sharedtest.BlueXPEmail(f.Email)))
			described := strings.Replace(cfg, "MSP storage team", "Storage team of the MSP", 1)
			moved := strings.Replace(described, f.PID, other, 1)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: sharedtest.ProviderFactories,
				CheckDestroy: resource.ComposeTestCheckFunc(
					role.CheckGone(e, f.PID, []string{f.ByID, f.ByEmail}),
					role.CheckGone(e, other, []string{f.ByID, f.ByEmail}),
				),
				Steps: []resource.TestStep{
					{Config: cfg, Check: role.ExpectMembers(e, f.PID, f.ByID, f.ByEmail)},
					{
						PreConfig: e.Sandbox.ResetLog,
						Config:    described,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(role.Addr, plancheck.ResourceActionUpdate)},
						},
						Check: resource.ComposeTestCheckFunc(
							role.ExpectMembers(e, f.PID, f.ByID, f.ByEmail),
							func(*terraform.State) error {
								if add, del := e.CountRoute(role.RouteAdd), e.CountRoute(role.RouteRemove); add+del != 0 {
									return fmt.Errorf("a description change sent %d adds and %d removals", add, del)
								}
								return nil
							},
						),
					},
					{
						Config: moved,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(role.Addr, plancheck.ResourceActionDestroyBeforeCreate)},
						},
						Check: resource.ComposeTestCheckFunc(
							role.ExpectMembers(e, other, f.ByID, f.ByEmail),
							role.ExpectMembers(e, f.PID),
						),
					},
				},
			})
		})
	}
}
