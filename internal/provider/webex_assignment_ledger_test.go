package provider

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/webexid"
)

// The sandbox's routes of the partner-admin writes and list.
const (
	assignRoute   = "POST /v1/partner/organizations/{orgId}/partnerAdmin/{personId}/assign"
	unassignRoute = "DELETE /v1/partner/organizations/{orgId}/partnerAdmin/{personId}/unassign"
	adminsRoute   = "GET /v1/partner/organizations/{orgId}/partnerAdmins"
)

// assignmentConfigWith is assignmentConfig with more arguments or blocks
// inside the resource (timeouts, lifecycle).
func assignmentConfigWith(orgID, personID, inner string) string {
	return fmt.Sprintf(`
resource "partneradmin_webex_partner_admin_assignment" "test" {
  org_id    = %q
  person_id = %q
%s
}
`, orgID, personID, inner)
}

// checkAssigned checks the sandbox holds exactly this assignment under org.
func checkAssigned(e *accEnv, orgID, personID string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := e.sb.Webex().Assignments(orgID); len(got) != 1 || !webexid.Equal(got[0], personID) {
			return fmt.Errorf("sandbox assignments = %v, want [%s]", got, personID)
		}
		return nil
	}
}

// checkRouteCount checks how many requests matched a route.
func checkRouteCount(e *accEnv, route string, want int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if n := e.countRoute(route); n != want {
			return fmt.Errorf("%s sent %d times, want %d", route, n, want)
		}
		return nil
	}
}

// fullAssignmentState checks that state holds the assignment as read from
// Webex (not only the ID saved after an unconfirmed write).
func fullAssignmentState(f webexFixture) []statecheck.StateCheck {
	return []statecheck.StateCheck{
		statecheck.ExpectKnownValue(assignAddr, tfjsonpath.New("id"), knownvalue.StringExact(f.orgID+"/"+f.personID)),
		statecheck.ExpectKnownValue(assignAddr, tfjsonpath.New("display_name"), knownvalue.StringExact(f.displayName)),
		statecheck.ExpectKnownValue(assignAddr, tfjsonpath.New("role_in_customer_org"), knownvalue.StringExact("id_full_admin")),
	}
}

// An assign whose answer is lost after Webex committed it is recorded. When
// a read then shows it, it is saved as created, with no error and not
// tainted: the next plan is empty.
func TestAccWebexPartnerAdminAssignment_lostAnswerConfirmed(t *testing.T) {
	cases := map[string]struct {
		late      sandbox.LateWrites
		timeouts  string
		assignOps int
	}{
		// The vendor commits and answers 1.5 s later; the create timeout
		// ends the wait after 1 s.
		"late answer past the timeout": {sandbox.LateWrites{Delay: 1500 * time.Millisecond}, `timeouts = { create = "1s" }`, 1},
		// The connection drops after the commit; the client's retry meets
		// "already assigned", which follows its own lost attempt.
		"dropped after commit, retried": {sandbox.LateWrites{Drop: 1}, "", 2},
		// Every attempt drops (max_retries = 3): the retries run out.
		"dropped after commit, retries exhausted": {sandbox.LateWrites{Drop: 4}, "", 4},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			e := newAccEnv(t, sandbox.Options{LateWrites: c.late})
			e.requireSandbox()
			f := newWebexFixture(e)
			cfg := e.config(assignmentConfigWith(f.orgID, f.personID, c.timeouts))
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				CheckDestroy:             checkAssignmentsGone(e, f.orgID),
				Steps: []resource.TestStep{
					{
						Config:            cfg,
						ConfigStateChecks: fullAssignmentState(f),
						Check: resource.ComposeAggregateTestCheckFunc(
							checkAssigned(e, f.orgID, f.personID),
							checkRouteCount(e, assignRoute, c.assignOps),
						),
					},
					{
						PreConfig: func() { e.sb.SetLateWrites(sandbox.LateWrites{}) },
						Config:    cfg,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
					},
				},
			})
		})
	}
}

// An assign whose answer is lost and which no read can confirm yet (the
// write is not visible before the confirmation read) is saved with an
// error: tainted, so the next apply replaces it and converges, and nothing
// is orphaned.
func TestAccWebexPartnerAdminAssignment_lostAnswerUnconfirmed(t *testing.T) {
	const visible = 2500 * time.Millisecond
	e := newAccEnv(t, sandbox.Options{VisibilityDelay: visible, LateWrites: sandbox.LateWrites{Delay: 1500 * time.Millisecond}})
	e.requireSandbox()
	f := newWebexFixture(e)
	cfg := e.config(assignmentConfigWith(f.orgID, f.personID, `timeouts = { create = "1s" }`))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkAssignmentsGone(e, f.orgID),
		Steps: []resource.TestStep{
			{
				Config:      cfg,
				ExpectError: regexp.MustCompile(`(?s)Partner admin assignment outcome unknown.*answer was lost.*saved in state \(tainted\)`),
				Check:       checkAssigned(e, f.orgID, f.personID),
			},
			// Saved, and tainted: replaced (unassigned, assigned again).
			{
				PreConfig: func() {
					e.sb.SetLateWrites(sandbox.LateWrites{})
					e.sb.ResetLog()
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(assignAddr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: fullAssignmentState(f),
				Check: resource.ComposeAggregateTestCheckFunc(
					checkAssigned(e, f.orgID, f.personID),
					checkRouteCount(e, unassignRoute, 1),
					checkRouteCount(e, assignRoute, 1),
				),
			},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}
