package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

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
	e := newAccEnv(t, sandbox.Options{})
	f := newBXPFixture(e)
	forbidden := e.sb.BlueXP().AddPartnership("", "Not ours")
	e.sb.BlueXP().SetForbidden(forbidden, true)
	const unknownPartnership = "0f8fad5b-d9cb-469f-a165-70867728950e"
	badToken := strings.Replace(e.providerConfig(), fmt.Sprintf("access_token = %q\n  }\n  cloudcockpit", sandbox.DefaultBlueXPToken),
		"access_token = \"not-a-token\"\n  }\n  cloudcockpit", 1)
	if badToken == e.providerConfig() {
		t.Fatal("could not replace the BlueXP token in the provider block")
	}
	nothingInState := func(s *terraform.State) error {
		if s != nil && s.RootModule() != nil && len(s.RootModule().Resources) > 0 {
			return fmt.Errorf("state holds %d resources after a refused create", len(s.RootModule().Resources))
		}
		return nil
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             nothingInState,
		Steps: []resource.TestStep{
			{
				Config:      e.config(bxpConfig(unknownPartnership, uid(f.byID))),
				ExpectError: regexp.MustCompile(`(?s)Unable to read BlueXP ResourceAdmins.*404.*Collection not found.*wasn't found`),
			},
			{
				Config:      e.config(bxpConfig(f.pid, email("nobody@example.com"))),
				ExpectError: regexp.MustCompile(`(?s)Unable to add BlueXP ResourceAdmins.*400.*Invalid request body.*users\[0\]: no such user`),
			},
			{
				Config:      e.config(bxpConfig(forbidden, uid(f.byID))),
				ExpectError: regexp.MustCompile(`(?s)403.*Operation not permitted.*Organization admin`),
			},
			{
				Config:      badToken + bxpConfig(f.pid, uid(f.byID)),
				ExpectError: regexp.MustCompile(`(?s)401.*Missing bearer token.*BLUEXP_ACCESS_TOKEN`),
			},
			{
				// Nothing was added by any of them.
				PreConfig:          func() { checkMembers(t, e, f.pid) },
				Config:             e.config(bxpConfig(f.pid, uid(f.byID))),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPreRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(bxpAddr, plancheck.ResourceActionCreate)},
				},
			},
		},
	})
}

// BlueXP accepts the add (202) but the users never show within the create
// timeout: the apply fails as "added but not confirmed", the users stay in
// state (tainted: the next plan replaces the resource), and destroy removes
// them.
func TestAccBlueXPResourceAdmins_addedNotConfirmed(t *testing.T) {
	e := newAccEnv(t, sandbox.Options{VisibilityDelay: time.Minute})
	f := newBXPFixture(e)
	cfg := e.config(bxpConfigTimeouts(f.pid, `create = "2s"`, uid(f.byID)))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkBXPGone(e, f.pid, []string{f.byID}),
		Steps: []resource.TestStep{
			{
				Config:      cfg,
				ExpectError: regexp.MustCompile(`(?s)added but not confirmed.*timed out.*not confirmed:\s+` + f.byID),
			},
			{
				PreConfig:          func() { checkMembers(t, e, f.pid, f.byID) },
				Config:             cfg,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPreRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(bxpAddr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
			},
		},
	})
}

// Changing the description updates in place without a request (it is sent
// only with adds); changing partnership_id replaces the resource: the users
// leave the old partnership and join the new one.
func TestAccBlueXPResourceAdmins_changeDescriptionAndPartnership(t *testing.T) {
	e := newAccEnv(t, sandbox.Options{})
	f := newBXPFixture(e)
	other := e.sb.BlueXP().AddPartnership("", "Other MSP")
	cfg := e.config(bxpConfig(f.pid, uid(f.byID), email(f.email)))
	described := strings.Replace(cfg, "MSP storage team", "Storage team of the MSP", 1)
	moved := strings.Replace(described, f.pid, other, 1)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: resource.ComposeTestCheckFunc(
			checkBXPGone(e, f.pid, []string{f.byID, f.byEmail}),
			checkBXPGone(e, other, []string{f.byID, f.byEmail}),
		),
		Steps: []resource.TestStep{
			{Config: cfg, Check: expectMembers(e, f.pid, f.byID, f.byEmail)},
			{
				PreConfig: e.sb.ResetLog,
				Config:    described,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(bxpAddr, plancheck.ResourceActionUpdate)},
				},
				Check: resource.ComposeTestCheckFunc(
					expectMembers(e, f.pid, f.byID, f.byEmail),
					func(*terraform.State) error {
						if add, del := e.countRoute(bxpRouteAdd), e.countRoute(bxpRouteRemove); add+del != 0 {
							return fmt.Errorf("a description change sent %d adds and %d removals", add, del)
						}
						return nil
					},
				),
			},
			{
				Config: moved,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(bxpAddr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: resource.ComposeTestCheckFunc(
					expectMembers(e, other, f.byID, f.byEmail),
					expectMembers(e, f.pid),
				),
			},
		},
	})
}
