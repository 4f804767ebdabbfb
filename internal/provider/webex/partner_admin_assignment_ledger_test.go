package webex_test

import (
	"encoding/base64"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/sharedtest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/webexid"
)

// assignmentConfigWith is WebexAssignmentConfig with more arguments or blocks
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
func checkAssigned(e *sharedtest.AccEnv, orgID, personID string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := e.Sandbox.Webex().Assignments(orgID); len(got) != 1 || !webexid.Equal(got[0], personID) {
			return fmt.Errorf("sandbox assignments = %v, want [%s]", got, personID)
		}
		return nil
	}
}

// checkRouteCount checks how many requests matched a route.
func checkRouteCount(e *sharedtest.AccEnv, route string, want int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if n := e.CountRoute(route); n != want {
			return fmt.Errorf("%s sent %d times, want %d", route, n, want)
		}
		return nil
	}
}

// fullAssignmentState checks that state holds the assignment as read from
// Webex (not only the ID saved after an unconfirmed write).
func fullAssignmentState(f sharedtest.WebexFixture) []statecheck.StateCheck {
	return []statecheck.StateCheck{
		statecheck.ExpectKnownValue(sharedtest.WebexAssignAddr, tfjsonpath.New("id"), knownvalue.StringExact(f.OrgID+"/"+f.PersonID)),
		statecheck.ExpectKnownValue(sharedtest.WebexAssignAddr, tfjsonpath.New("display_name"), knownvalue.StringExact(f.DisplayName)),
		statecheck.ExpectKnownValue(sharedtest.WebexAssignAddr, tfjsonpath.New("role_in_customer_org"), knownvalue.StringExact("id_full_admin")),
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
			e := sharedtest.NewAccEnv(t, sandbox.Options{LateWrites: c.late})
			e.RequireSandbox()
			f := sharedtest.NewWebexFixture(e)
			cfg := e.Config(assignmentConfigWith(f.OrgID, f.PersonID, c.timeouts))
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: sharedtest.ProviderFactories,
				CheckDestroy:             sharedtest.CheckWebexAssignmentsGone(e, f.OrgID),
				Steps: []resource.TestStep{
					{
						Config:            cfg,
						ConfigStateChecks: fullAssignmentState(f),
						Check: resource.ComposeAggregateTestCheckFunc(
							checkAssigned(e, f.OrgID, f.PersonID),
							checkRouteCount(e, sharedtest.WebexAssignRoute, c.assignOps),
						),
					},
					{
						PreConfig: func() { e.Sandbox.SetLateWrites(sandbox.LateWrites{}) },
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
	const visible = 5 * time.Second // well after the confirmation read, even on a busy machine
	e := sharedtest.NewAccEnv(t, sandbox.Options{VisibilityDelay: visible, LateWrites: sandbox.LateWrites{Delay: 1500 * time.Millisecond}})
	e.RequireSandbox()
	f := sharedtest.NewWebexFixture(e)
	cfg := e.Config(assignmentConfigWith(f.OrgID, f.PersonID, `timeouts = { create = "1s" }`))
	// The replacement waits for its own write to be listed.
	patient := e.Config(assignmentConfigWith(f.OrgID, f.PersonID, `timeouts = { create = "1m" }`))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		CheckDestroy:             sharedtest.CheckWebexAssignmentsGone(e, f.OrgID),
		Steps: []resource.TestStep{
			{
				Config:      cfg,
				ExpectError: regexp.MustCompile(`(?s)Partner\s+admin\s+assignment\s+outcome\s+unknown.*answer\s+was\s+lost.*saved\s+in\s+state\s+\(tainted\)`),
				Check:       checkAssigned(e, f.OrgID, f.PersonID),
			},
			// Saved, and tainted: replaced (unassigned, assigned again).
			{
				PreConfig: func() {
					e.Sandbox.SetLateWrites(sandbox.LateWrites{})
					e.Sandbox.ResetLog()
				},
				Config: patient,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(sharedtest.WebexAssignAddr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: fullAssignmentState(f),
				Check: resource.ComposeAggregateTestCheckFunc(
					checkAssigned(e, f.OrgID, f.PersonID),
					checkRouteCount(e, sharedtest.WebexUnassignRoute, 1),
					checkRouteCount(e, sharedtest.WebexAssignRoute, 1),
				),
			},
			{
				Config: patient,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

// An assignment made by hand before the Create is not taken over: the
// Create fails with the exact import ID and an import block, sends no
// assign, and the hand-made assignment stays (nothing in state to destroy).
// Under every reading: where Webex would accept the assign again (200), the
// check before it is all that tells.
func TestAccWebexPartnerAdminAssignment_existingRefused(t *testing.T) {
	for name, opts := range readings {
		t.Run(name, func(t *testing.T) { testExistingRefused(t, opts) })
	}
}

func testExistingRefused(t *testing.T, opts sandbox.Options) {
	e := sharedtest.NewAccEnv(t, opts)
	e.RequireSandbox()
	f := sharedtest.NewWebexFixture(e)
	if err := e.Sandbox.Webex().Assign(f.OrgID, f.PersonID); err != nil {
		t.Fatal(err)
	}
	id := regexp.QuoteMeta(f.OrgID + "/" + f.PersonID)
	cfg := e.Config(sharedtest.WebexAssignmentConfig(f.OrgID, f.PersonID))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		// The hand-made assignment outlives the failed create and its destroy.
		CheckDestroy: checkAssigned(e, f.OrgID, f.PersonID),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ExpectError: regexp.MustCompile(`(?s)Already\s+exists:\s+the\s+partner\s+admin\s+.*\s+assigned\s+to\s+customer.*organization` +
					`.*terraform\s+import\s+partneradmin_webex_partner_admin_assignment.<name>\s+"` + id + `"` +
					`.*import\s+\{\s+to\s+=\s+partneradmin_webex_partner_admin_assignment.<name>\s+id\s+=\s+"` + id + `"`),
				Check: checkRouteCount(e, sharedtest.WebexAssignRoute, 0),
			},
			// Nothing was saved: the same plan again, a create.
			{
				Config:   cfg,
				PlanOnly: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(sharedtest.WebexAssignAddr, plancheck.ResourceActionCreate)},
				},
				ExpectNonEmptyPlan: true,
			},
		},
	})
	if n := e.CountRoute(sharedtest.WebexAssignRoute) + e.CountRoute(sharedtest.WebexUnassignRoute); n != 0 {
		t.Errorf("%d assign/unassign requests were sent, want 0", n)
	}
}

// readings are the answers Cisco's docs allow for assigning an
// assigned partner admin and unassigning one not assigned: one of the
// documented refusals, or the success code with nothing changed.
var readings = map[string]sandbox.Options{
	"409 duplicate, 404 absent": {},
	"400 duplicate, 400 absent": {WebexDuplicateAssignStatus: 400, WebexAbsentUnassignStatus: 400},
	"200 duplicate, 200 absent": {WebexDuplicateAssignStatus: 200, WebexAbsentUnassignStatus: 200},
}

// refusalReadings are the readings where Webex refuses a duplicate assign.
// Under the idempotent one (200) nothing can tell an assignment another
// workspace made, that no list shows yet, from one's own: that case is the
// limit README's "Reliability" states.
func refusalReadings() map[string]sandbox.Options {
	out := map[string]sandbox.Options{}
	for name, opts := range readings {
		if opts.WebexDuplicateAssignStatus != 200 {
			out[name] = opts
		}
	}
	return out
}

// Under each reading: a retry's refusal after its own lost attempt is
// adopted; an unassign refused because the assignment is already gone
// succeeds once a read shows it absent.
func TestAccWebexPartnerAdminAssignment_readingsOwnLostAttempt(t *testing.T) {
	for name, opts := range readings {
		t.Run(name, func(t *testing.T) {
			opts.LateWrites = sandbox.LateWrites{Drop: 1}
			e := sharedtest.NewAccEnv(t, opts)
			e.RequireSandbox()
			f := sharedtest.NewWebexFixture(e)
			absent := opts.WebexAbsentUnassignStatus
			if absent == 0 {
				absent = 404
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: sharedtest.ProviderFactories,
				// Destroy without a refresh, so Delete meets an assignment
				// removed out of band.
				AdditionalCLIOptions: &resource.AdditionalCLIOptions{Plan: resource.PlanOptions{NoRefresh: true}},
				// Delete met the assignment gone, answered as the reading says,
				// and succeeded after reading it back.
				CheckDestroy: func(s *terraform.State) error {
					if err := sharedtest.CheckWebexAssignmentsGone(e, f.OrgID)(s); err != nil {
						return err
					}
					var statuses []int
					for _, l := range e.Sandbox.Log() {
						if l.Route == sharedtest.WebexUnassignRoute {
							statuses = append(statuses, l.Status)
						}
					}
					if len(statuses) != 1 || statuses[0] != absent {
						return fmt.Errorf("unassign answered %v, want [%d] (absent)", statuses, absent)
					}
					return nil
				},
				Steps: []resource.TestStep{
					{
						Config:            e.Config(sharedtest.WebexAssignmentConfig(f.OrgID, f.PersonID)),
						ConfigStateChecks: fullAssignmentState(f),
						Check: resource.ComposeAggregateTestCheckFunc(
							checkAssigned(e, f.OrgID, f.PersonID),
							checkRouteCount(e, sharedtest.WebexAssignRoute, 2),
						),
					},
					{
						PreConfig: func() {
							if err := e.Sandbox.Webex().Unassign(f.OrgID, f.PersonID); err != nil {
								t.Fatal(err)
							}
						},
						Config:  e.Config(sharedtest.WebexAssignmentConfig(f.OrgID, f.PersonID)),
						Destroy: true,
					},
				},
			})
		})
	}
}

// Under each reading: an assignment another workspace made through the API
// (not yet listed) makes the assign refused, and it is not adopted; once it
// is listed, the Create fails as on any existing assignment. It is never
// revoked.
func TestAccWebexPartnerAdminAssignment_readingsOtherWorkspace(t *testing.T) {
	for name, opts := range refusalReadings() {
		t.Run(name, func(t *testing.T) {
			// API writes are listed only after an hour: the other workspace's
			// assignment stays unlisted until the test lists it (admin API).
			opts.VisibilityDelay = time.Hour
			e := sharedtest.NewAccEnv(t, opts)
			e.RequireSandbox()
			f := sharedtest.NewWebexFixture(e)
			duplicate := opts.WebexDuplicateAssignStatus
			if duplicate == 0 {
				duplicate = 409
			}
			// A bounded create: adopting the unlisted assignment would wait for it.
			cfg := e.Config(assignmentConfigWith(f.OrgID, f.PersonID, `timeouts = { create = "10s" }`))
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: sharedtest.ProviderFactories,
				CheckDestroy:             checkAssigned(e, f.OrgID, f.PersonID),
				Steps: []resource.TestStep{
					{
						PreConfig:   func() { e.WebexAPIAssign(f.OrgID, f.PersonID) },
						Config:      cfg,
						ExpectError: regexp.MustCompile(fmt.Sprintf(`(?s)Unable\s+to\s+assign\s+partner\s+admin.*HTTP\s+%d.*already\s+assigned`, duplicate)),
					},
					{
						PreConfig: func() {
							// Listed now (admin writes are visible at once).
							st := e.Sandbox.Webex()
							if err := st.Unassign(f.OrgID, f.PersonID); err != nil {
								t.Fatal(err)
							}
							if err := st.Assign(f.OrgID, f.PersonID); err != nil {
								t.Fatal(err)
							}
						},
						Config:      cfg,
						ExpectError: regexp.MustCompile(`(?s)Already\s+exists:\s+the\s+partner\s+admin.*terraform\s+import`),
						// The other workspace's assign, and ours in step 1.
						Check: checkRouteCount(e, sharedtest.WebexAssignRoute, 2),
					},
				},
			})
			if n := e.CountRoute(sharedtest.WebexAssignRoute); n != 2 {
				t.Errorf("%d assigns, want 2: the other workspace's and step 1's", n)
			}
		})
	}
}

// Webex IDs compare by type and UUID: an import with the regional, padded
// form Webex itself returns, against a configuration in the plain form,
// plans no replacement (create_before_destroy included) and leaves the next
// plan empty; no write reaches Webex.
func TestAccWebexPartnerAdminAssignment_regionalImport(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{WebexRegionalIDs: true})
	e.RequireSandbox()
	f := sharedtest.NewWebexFixture(e)
	if err := e.Sandbox.Webex().Assign(f.OrgID, f.PersonID); err != nil {
		t.Fatal(err)
	}
	regionalOrg, regionalPerson := regionalForm(t, f.OrgID), regionalForm(t, f.PersonID)
	cfg := e.Config(assignmentConfigWith(f.OrgID, f.PersonID, "  lifecycle {\n    create_before_destroy = true\n  }"))
	importBlock := fmt.Sprintf("import {\n  to = %s\n  id = %q\n}\n", sharedtest.WebexAssignAddr, regionalOrg+"/"+regionalPerson)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		CheckDestroy:             sharedtest.CheckWebexAssignmentsGone(e, f.OrgID),
		Steps: []resource.TestStep{
			{
				Config: cfg + importBlock,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(sharedtest.WebexAssignAddr, plancheck.ResourceActionNoop)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(sharedtest.WebexAssignAddr, tfjsonpath.New("org_id"), knownvalue.StringExact(regionalOrg)),
					statecheck.ExpectKnownValue(sharedtest.WebexAssignAddr, tfjsonpath.New("person_id"), knownvalue.StringExact(regionalPerson)),
					statecheck.ExpectKnownValue(sharedtest.WebexAssignAddr, tfjsonpath.New("display_name"), knownvalue.StringExact(f.DisplayName)),
				},
			},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error {
					if n := e.CountRoute(sharedtest.WebexAssignRoute) + e.CountRoute(sharedtest.WebexUnassignRoute); n != 0 {
						return fmt.Errorf("%d writes reached Webex, want 0", n)
					}
					return checkAssigned(e, f.OrgID, f.PersonID)(nil)
				},
			},
		},
	})
}

// regionalForm re-encodes a Webex ID the way Webex returns it from some
// regions: the cluster as a URN, standard base64 with its padding.
func regionalForm(t *testing.T, id string) string {
	t.Helper()
	p, err := webexid.Parse(id)
	if err != nil {
		t.Fatal(err)
	}
	s := base64.StdEncoding.EncodeToString([]byte("ciscospark://urn:TEAM:us-east-2_a/" + p.Type + "/" + p.UUID))
	if !strings.HasSuffix(s, "=") || s == id {
		t.Fatalf("%s is not a padded regional form of %s", s, id)
	}
	return s
}

// Two resources of one assignment in one configuration: under every
// reading one is created and the other fails with "Already exists", and a
// single assign is sent. Where Webex accepts a duplicate assign, checking
// both at once and assigning twice would have left both in state, each
// one's destroy revoking the other's grant.
func TestAccWebexPartnerAdminAssignment_sameAssignmentTwice(t *testing.T) {
	for name, opts := range readings {
		t.Run(name, func(t *testing.T) {
			e := sharedtest.NewAccEnv(t, opts)
			e.RequireSandbox()
			f := sharedtest.NewWebexFixture(e)
			twin := strings.Replace(sharedtest.WebexAssignmentConfig(f.OrgID, f.PersonID), `"test"`, `"twin"`, 1)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: sharedtest.ProviderFactories,
				CheckDestroy:             sharedtest.CheckWebexAssignmentsGone(e, f.OrgID),
				Steps: []resource.TestStep{
					{
						Config:      e.Config(sharedtest.WebexAssignmentConfig(f.OrgID, f.PersonID) + twin),
						ExpectError: regexp.MustCompile(`(?s)Already\s+exists:\s+the\s+partner\s+admin`),
					},
				},
			})
			if n := e.CountRoute(sharedtest.WebexAssignRoute); n != 1 {
				t.Errorf("%d assigns sent for two resources of one assignment, want 1", n)
			}
		})
	}
}
