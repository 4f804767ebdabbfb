package webex_test

import (
	"context"
	"fmt"
	"reflect"
	"regexp"
	"testing"
	"time"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/sharedtest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/webexid"
)

// Changing org_id or person_id replaces the assignment: the old one is
// unassigned, the new one assigned.
func TestAccWebexPartnerAdminAssignment_replace(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	f := sharedtest.NewWebexFixture(e)
	st := e.Sandbox.Webex()
	otherPerson := st.AddPerson(sandbox.Person{DisplayName: "Bob", PartnerRole: sandbox.RolePartnerAdmin})
	otherOrg := st.AddOrg("Globex")
	replace := func(attr string) resource.ConfigPlanChecks {
		return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
			plancheck.ExpectResourceAction(sharedtest.WebexAssignAddr, plancheck.ResourceActionReplace),
			expectReplacedBy{addr: sharedtest.WebexAssignAddr, attr: attr},
		}}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		CheckDestroy: func(s *terraform.State) error {
			if err := sharedtest.CheckWebexAssignmentsGone(e, f.OrgID)(s); err != nil {
				return err
			}
			return sharedtest.CheckWebexAssignmentsGone(e, otherOrg)(s)
		},
		Steps: []resource.TestStep{
			{Config: e.Config(sharedtest.WebexAssignmentConfig(f.OrgID, f.PersonID)), Check: checkAssigned(e, f.OrgID, f.PersonID)},
			{
				Config:           e.Config(sharedtest.WebexAssignmentConfig(f.OrgID, otherPerson)),
				ConfigPlanChecks: replace("person_id"),
				Check:            checkAssigned(e, f.OrgID, otherPerson),
			},
			{
				Config:           e.Config(sharedtest.WebexAssignmentConfig(otherOrg, otherPerson)),
				ConfigPlanChecks: replace("org_id"),
				Check: resource.ComposeAggregateTestCheckFunc(
					checkAssigned(e, otherOrg, otherPerson),
					sharedtest.CheckWebexAssignmentsGone(e, f.OrgID),
				),
			},
		},
	})
}

// Importing an assignment that does not exist fails clearly.
func TestAccWebexPartnerAdminAssignment_adoptMissing(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	f := sharedtest.NewWebexFixture(e)
	other := e.Sandbox.Webex().AddPerson(sandbox.Person{DisplayName: "Bob", PartnerRole: sandbox.RolePartnerAdmin})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: e.Config(sharedtest.WebexAssignmentConfig(f.OrgID, f.PersonID))},
			{
				ResourceName:  sharedtest.WebexAssignAddr,
				ImportState:   true,
				ImportStateId: f.OrgID + "/" + other,
				ExpectError:   regexp.MustCompile(`(?s)Cannot\s+import\s+non-existent\s+remote\s+object`),
			},
		},
	})
}

// A create for an unknown customer organization or person fails with what
// to check and Webex's own answer, and saves nothing.
func TestAccWebexPartnerAdminAssignment_createNotFound(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	f := sharedtest.NewWebexFixture(e)
	unknownOrg := webexid.Encode("us", webexid.TypeOrganization, "0badc0de-0000-4000-8000-000000000001")
	unknownPerson := webexid.Encode("us", webexid.TypePeople, "0badc0de-0000-4000-8000-000000000002")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      e.Config(sharedtest.WebexAssignmentConfig(unknownOrg, f.PersonID)),
				ExpectError: regexp.MustCompile(`(?s)customer\s+organization\s+was\s+not\s+found\s+\(check\s+org_id\).*HTTP\s+404.*Organization\s+not\s+found.*Tracking\s+ID`),
			},
			{
				Config:      e.Config(sharedtest.WebexAssignmentConfig(f.OrgID, unknownPerson)),
				ExpectError: regexp.MustCompile(`(?s)customer\s+organization\s+or\s+person\s+not\s+found.*HTTP\s+404.*Person\s+not\s+found.*Tracking\s+ID`),
			},
		},
	})
	if n := e.CountRoute(sharedtest.WebexAssignRoute); n != 1 {
		t.Errorf("%d assigns sent, want 1 (none for the unknown organization)", n)
	}
}

// A delete that fails (a token without the write scope: 403; Webex failing:
// 5xx) shows the error and keeps the assignment in state; the next plan with
// the resource in the configuration is empty.
func TestAccWebexPartnerAdminAssignment_deleteFails(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	f := sharedtest.NewWebexFixture(e)
	readOnly := "sandbox-webex-read-only"
	e.Sandbox.Webex().AddToken(readOnly, sandbox.ScopeOrganizationsRead)
	cfg := e.Config(sharedtest.WebexAssignmentConfig(f.OrgID, f.PersonID))
	kept := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		CheckDestroy:             sharedtest.CheckWebexAssignmentsGone(e, f.OrgID),
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				// The resource removed from the configuration: destroy it
				// with a read-only token.
				Config: fmt.Sprintf(`
provider "partneradmin" {
  webex = { base_url = %q, access_token = %q }
}
`, e.URL+"/webex", readOnly),
				ExpectError: regexp.MustCompile(`(?s)Unable\s+to\s+unassign\s+partner\s+admin.*HTTP\s+403.*spark-admin:organizations_write`),
				Check:       checkAssigned(e, f.OrgID, f.PersonID),
			},
			{Config: cfg, ConfigPlanChecks: kept},
		},
	})

	// Webex failing (every request answered 5xx, retries run out): the
	// destroy is planned without a refresh, so the failure meets Delete.
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		AdditionalCLIOptions:     &resource.AdditionalCLIOptions{Plan: resource.PlanOptions{NoRefresh: true}},
		CheckDestroy:             sharedtest.CheckWebexAssignmentsGone(e, f.OrgID),
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig:   func() { e.Sandbox.SetFaults(sandbox.Faults{ServerError: 1}) },
				Config:      e.Config(),
				ExpectError: regexp.MustCompile(`(?s)Unable\s+to\s+unassign\s+partner\s+admin.*HTTP\s+50[0-4]`),
				Check:       checkAssigned(e, f.OrgID, f.PersonID),
			},
			{
				PreConfig: func() { e.Sandbox.SetFaults(sandbox.Faults{}) },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: checkAssigned(e, f.OrgID, f.PersonID),
			},
		},
	})
}

// Each timeout bounds its operation. Delete: the unassign's answer arrives
// after the deadline, and a read confirms it is gone. Read: a refresh slower
// than its timeout fails and keeps the assignment. (Create: see
// TestAccWebexPartnerAdminAssignment_lostAnswerConfirmed.)
func TestAccWebexPartnerAdminAssignment_timeouts(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	f := sharedtest.NewWebexFixture(e)
	cfg := e.Config(assignmentConfigWith(f.OrgID, f.PersonID, `timeouts = { read = "1s", delete = "1s" }`))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		CheckDestroy: func(s *terraform.State) error {
			if err := sharedtest.CheckWebexAssignmentsGone(e, f.OrgID)(s); err != nil {
				return err
			}
			for _, l := range e.Sandbox.Log() {
				if l.Route == sharedtest.WebexUnassignRoute && (l.Fault != sandbox.FaultLateAnswer || !l.Acted) {
					return fmt.Errorf("unassign %+v: want one answered late, after acting", l)
				}
			}
			return checkRouteCount(e, sharedtest.WebexUnassignRoute, 1)(s)
		},
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig:   func() { e.Sandbox.SetFaults(sandbox.Faults{Latency: 3 * time.Second}) },
				Config:      cfg,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Unable\s+to\s+read\s+partner\s+admin\s+assignment.*` + sharedtest.TimedOut("read", "1s", sharedtest.Words("while waiting on Webex to"), "2s")),
			},
			{
				PreConfig: func() {
					e.Sandbox.SetFaults(sandbox.Faults{})
					e.Sandbox.SetLateWrites(sandbox.LateWrites{Delay: 3 * time.Second})
				},
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

// expectReplacedBy checks that a planned replacement is caused by attr alone.
type expectReplacedBy struct{ addr, attr string }

func (e expectReplacedBy) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != e.addr {
			continue
		}
		want := []any{e.attr}
		if len(rc.Change.ReplacePaths) != 1 || !reflect.DeepEqual(rc.Change.ReplacePaths[0], want) {
			resp.Error = fmt.Errorf("%s: replace paths %v, want [%v]", e.addr, rc.Change.ReplacePaths, want)
		}
		return
	}
	resp.Error = fmt.Errorf("%s: not in the plan", e.addr)
}
