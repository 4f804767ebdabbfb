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
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
)

// configWithTimeouts is BlueXPConfig with a timeouts block.
func configWithTimeouts(role sharedtest.BlueXPRole, pid, timeouts string, users ...string) string {
	return strings.Replace(role.Config(pid, users...), "  users = [", "  timeouts = { "+timeouts+" }\n  users = [", 1)
}

// addStatuses lists the status of every logged add request (0: no answer).
func addStatuses(role sharedtest.BlueXPRole, e *sharedtest.AccEnv) []int {
	var out []int
	for _, l := range e.Sandbox.Log() {
		if l.Route == role.RouteAdd {
			out = append(out, l.Status)
		}
	}
	return out
}

// A user whose display name is another user's email address is never taken
// for that user: the email user is the one BlueXP added, learned from the
// member that appeared, and only that one is removed on destroy.
func TestAccBlueXPResourceAdmins_emailNeverMatchesName(t *testing.T) {
	for _, role := range sharedtest.BlueXPRoles {
		t.Run(role.Name, func(t *testing.T) {
			e := sharedtest.NewAccEnv(t, sandbox.Options{})
			f := sharedtest.NewBlueXPFixture(e)
			st := e.Sandbox.BlueXP()
			impostor := st.AddUser(sandbox.BlueXPUser{Name: f.Email})
			if err := role.AddMember(e, f.PID, impostor); err != nil {
				t.Fatal(err)
			}
			cfg := e.Config(role.Config(f.PID, sharedtest.BlueXPEmail(f.Email)))
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: sharedtest.ProviderFactories,
				CheckDestroy:             role.CheckGone(e, f.PID, []string{f.ByEmail}, impostor),
				Steps: []resource.TestStep{
					{
						Config:            cfg,
						ConfigStateChecks: []statecheck.StateCheck{role.ExpectMembersMap(map[string]string{f.Email: f.ByEmail})},
						Check:             role.ExpectMembers(e, f.PID, impostor, f.ByEmail),
					},
					{
						Config:           cfg,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
					},
					// Removed out of band: the impostor does not stand in for it.
					{
						PreConfig: func() {
							if err := role.RemoveMember(e, f.PID, f.ByEmail); err != nil {
								t.Fatal(err)
							}
						},
						Config: cfg,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(role.Addr, plancheck.ResourceActionUpdate)},
						},
						ConfigStateChecks: []statecheck.StateCheck{role.ExpectMembersMap(map[string]string{f.Email: f.ByEmail})},
						Check:             role.ExpectMembers(e, f.PID, impostor, f.ByEmail),
					},
				},
			})
		})
	}
}

// The lifecycle under each reading NetApp's docs allow: the documented user
// shape (no email; auth0Id bare or prefixed), the continue token at the top
// level or in metadata (pages of 2, with members before and after the
// configured ones), and 409 while an add is in progress (with a visibility
// delay). Each applies an email, a prefixed auth0_id and a user_id, plans
// no change, re-adds a user removed out of band and destroys cleanly.
func TestAccBlueXPResourceAdmins_readings(t *testing.T) {
	for _, role := range sharedtest.BlueXPRoles {
		t.Run(role.Name, func(t *testing.T) {
			for name, opts := range map[string]sandbox.Options{
				"documented shape":              {PageSize: 2},
				"bare auth0 ids":                {PageSize: 2, BlueXPBareAuth0IDs: true},
				"continue token in metadata":    {PageSize: 2, BlueXPContinueInMetadata: true, BlueXPBareAuth0IDs: true},
				"409 while an add is in flight": {PageSize: 2, BlueXPConflictWhileAdding: true, VisibilityDelay: 500 * time.Millisecond},
			} {
				t.Run(name, func(t *testing.T) {
					e := sharedtest.NewAccEnv(t, opts)
					f := sharedtest.NewBlueXPFixture(e)
					st := e.Sandbox.BlueXP()
					var others []string
					for i := range 3 {
						id := st.AddUser(sandbox.BlueXPUser{Name: fmt.Sprintf("other %d", i)})
						if err := role.AddMember(e, f.PID, id); err != nil {
							t.Fatal(err)
						}
						others = append(others, id)
					}
					// Short timeouts, so a reading the provider misses fails fast.
					cfg := e.Config(configWithTimeouts(role, f.PID, `create = "30s", update = "30s"`, sharedtest.BlueXPEmail(f.Email), sharedtest.BlueXPAuth0(f.Auth0ID), sharedtest.BlueXPUserID(f.ByID)))
					members := map[string]string{f.Email: f.ByEmail, f.Auth0ID: f.ByAuth0, f.ByID: f.ByID}
					start := time.Now()
					resource.ParallelTest(t, resource.TestCase{
						ProtoV6ProviderFactories: sharedtest.ProviderFactories,
						CheckDestroy:             role.CheckGone(e, f.PID, []string{f.ByEmail, f.ByAuth0, f.ByID}, others...),
						Steps: []resource.TestStep{
							{
								Config:            cfg,
								ConfigStateChecks: []statecheck.StateCheck{role.ExpectMembersMap(members)},
								Check: resource.ComposeTestCheckFunc(
									role.ExpectMembers(e, f.PID, append([]string{f.ByEmail, f.ByAuth0, f.ByID}, others...)...),
									func(*terraform.State) error {
										t.Logf("apply took %s", time.Since(start))
										return nil
									},
								),
							},
							{
								Config:           cfg,
								ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
							},
							{
								PreConfig: func() {
									if err := role.RemoveMember(e, f.PID, f.ByAuth0); err != nil {
										t.Fatal(err)
									}
								},
								Config: cfg,
								ConfigPlanChecks: resource.ConfigPlanChecks{
									PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(role.Addr, plancheck.ResourceActionUpdate)},
								},
								ConfigStateChecks: []statecheck.StateCheck{role.ExpectMembersMap(members)},
								Check:             role.ExpectMembers(e, f.PID, append([]string{f.ByEmail, f.ByAuth0, f.ByID}, others...)...),
							},
							{
								Config:           cfg,
								ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
							},
						},
					})
				})
			}
		})
	}
}

// An add that BlueXP did but whose answer was lost is retried; the retry's
// 409 ("already in the role", or "another operation is in progress") is the
// first attempt's own doing: the provider waits for the users to appear and
// adopts them, instead of failing or calling them someone else's.
func TestAccBlueXPResourceAdmins_lostAddRetried(t *testing.T) {
	for _, role := range sharedtest.BlueXPRoles {
		t.Run(role.Name, func(t *testing.T) {
			for name, opts := range map[string]sandbox.Options{
				"409 as already in the role":   {VisibilityDelay: 800 * time.Millisecond},
				"409 as operation in progress": {VisibilityDelay: 800 * time.Millisecond, BlueXPConflictWhileAdding: true},
			} {
				t.Run(name, func(t *testing.T) {
					e := sharedtest.NewAccEnv(t, opts)
					f := sharedtest.NewBlueXPFixture(e)
					// The email add goes first, then the users named by ID: lose both answers.
					e.Sandbox.BlueXP().LoseAddAnswers(2)
					cfg := e.Config(configWithTimeouts(role, f.PID, `create = "30s"`, sharedtest.BlueXPEmail(f.Email), sharedtest.BlueXPUserID(f.ByID), sharedtest.BlueXPAAD(f.AADID)))
					resource.ParallelTest(t, resource.TestCase{
						ProtoV6ProviderFactories: sharedtest.ProviderFactories,
						CheckDestroy:             role.CheckGone(e, f.PID, []string{f.ByEmail, f.ByID, f.ByAAD}),
						Steps: []resource.TestStep{
							{
								Config:            cfg,
								ConfigStateChecks: []statecheck.StateCheck{role.ExpectMembersMap(map[string]string{f.Email: f.ByEmail, f.ByID: f.ByID, f.AADID: f.ByAAD})},
								Check: resource.ComposeTestCheckFunc(
									role.ExpectMembers(e, f.PID, f.ByEmail, f.ByID, f.ByAAD),
									func(*terraform.State) error {
										if got := fmt.Sprint(addStatuses(role, e)); got != "[0 409 0 409]" {
											return fmt.Errorf("add statuses = %s, want [0 409 0 409] (lost, retried, for each add)", got)
										}
										return nil
									},
								),
							},
							{
								Config:           cfg,
								ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
							},
						},
					})
				})
			}
		})
	}
}

// BlueXP acts at once but answers after the create timeout: the add is
// recorded, and one confirming read shows it was done, so the resource is
// created and not tainted (the next plan is empty). For users named by ID
// and for an email user (whose ID the confirming read learns).
func TestAccBlueXPResourceAdmins_lateAnswerConfirmed(t *testing.T) {
	for _, role := range sharedtest.BlueXPRoles {
		t.Run(role.Name, func(t *testing.T) {
			for name, byEmail := range map[string]bool{"by id": false, "by email": true} {
				t.Run(name, func(t *testing.T) {
					e := sharedtest.NewAccEnv(t, sandbox.Options{})
					f := sharedtest.NewBlueXPFixture(e)
					e.Sandbox.BlueXP().AnswerAddsLate(2 * time.Second)
					users, members := []string{sharedtest.BlueXPUserID(f.ByID), sharedtest.BlueXPAuth0(f.Auth0ID)}, map[string]string{f.ByID: f.ByID, f.Auth0ID: f.ByAuth0}
					if byEmail {
						users, members = []string{sharedtest.BlueXPEmail(f.Email)}, map[string]string{f.Email: f.ByEmail}
					}
					var ids []string
					for _, id := range members {
						ids = append(ids, id)
					}
					cfg := e.Config(configWithTimeouts(role, f.PID, `create = "1s"`, users...))
					resource.ParallelTest(t, resource.TestCase{
						ProtoV6ProviderFactories: sharedtest.ProviderFactories,
						CheckDestroy:             role.CheckGone(e, f.PID, ids),
						Steps: []resource.TestStep{
							{
								Config:            cfg,
								ConfigStateChecks: []statecheck.StateCheck{role.ExpectMembersMap(members)},
								Check: resource.ComposeTestCheckFunc(
									role.ExpectMembers(e, f.PID, ids...),
									func(*terraform.State) error {
										if got := fmt.Sprint(addStatuses(role, e)); got != "[0]" {
											return fmt.Errorf("add statuses = %s, want [0] (answered after the client gave up)", got)
										}
										return nil
									},
								),
							},
							{
								Config:           cfg,
								ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
							},
						},
					})
				})
			}
		})
	}
}

// BlueXP acts but answers late, and the users are not visible yet when the
// confirming read comes: the add is recorded in state with an error, so the
// resource is tainted (the next plan replaces it, rather than creating it
// next to an orphan), and destroy removes what was added.
func TestAccBlueXPResourceAdmins_lateAnswerUnconfirmed(t *testing.T) {
	for _, role := range sharedtest.BlueXPRoles {
		t.Run(role.Name, func(t *testing.T) {
			e := sharedtest.NewAccEnv(t, sandbox.Options{VisibilityDelay: 2500 * time.Millisecond})
			f := sharedtest.NewBlueXPFixture(e)
			e.Sandbox.BlueXP().AnswerAddsLate(2 * time.Second)
			cfg := e.Config(configWithTimeouts(role, f.PID, `create = "1s"`, sharedtest.BlueXPUserID(f.ByID), sharedtest.BlueXPAAD(f.AADID)))
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: sharedtest.ProviderFactories,
				CheckDestroy:             role.CheckGone(e, f.PID, []string{f.ByID, f.ByAAD}),
				Steps: []resource.TestStep{
					{
						Config:      cfg,
						ExpectError: regexp.MustCompile(`(?s)added but not confirmed.*not confirmed:\s+` + strings.Join(sortedStrings(f.ByID, f.AADID), `,\s+`)),
					},
					{
						PreConfig: func() {
							e.Sandbox.BlueXP().AnswerAddsLate(0)
							role.CheckMembers(t, e, f.PID, f.ByID, f.ByAAD)
							time.Sleep(2500 * time.Millisecond) // visible by now
						},
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

func sortedStrings(s ...string) []string {
	out := append([]string(nil), s...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

// Two entries for one user: an email and the user_id it resolved to are
// refused at plan time once state shows it, and at apply when the Create
// learns it; replacing one entry by the other never removes the user.
func TestAccBlueXPResourceAdmins_sameUser(t *testing.T) {
	for _, role := range sharedtest.BlueXPRoles {
		t.Run(role.Name, func(t *testing.T) {
			e := sharedtest.NewAccEnv(t, sandbox.Options{})
			f := sharedtest.NewBlueXPFixture(e)
			byEmail := e.Config(role.Config(f.PID, sharedtest.BlueXPEmail(f.Email)))
			both := e.Config(role.Config(f.PID, sharedtest.BlueXPEmail(f.Email), sharedtest.BlueXPUserID(f.ByEmail)))
			byID := e.Config(role.Config(f.PID, sharedtest.BlueXPUserID(f.ByEmail)))
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: sharedtest.ProviderFactories,
				CheckDestroy:             role.CheckGone(e, f.PID, []string{f.ByEmail}),
				Steps: []resource.TestStep{
					{Config: byEmail, Check: role.ExpectMembers(e, f.PID, f.ByEmail)},
					{
						Config:      both,
						PlanOnly:    true,
						ExpectError: regexp.MustCompile(`(?s)Two entries name the same BlueXP user.*` + regexp.QuoteMeta(f.Email) + `.*` + f.ByEmail),
					},
					{
						PreConfig: e.Sandbox.ResetLog,
						Config:    byID,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(role.Addr, plancheck.ResourceActionUpdate)},
						},
						ConfigStateChecks: []statecheck.StateCheck{role.ExpectMembersMap(map[string]string{f.ByEmail: f.ByEmail})},
						Check: resource.ComposeTestCheckFunc(
							role.ExpectMembers(e, f.PID, f.ByEmail),
							func(*terraform.State) error {
								if n := e.CountRoute(role.RouteRemove); n != 0 {
									return fmt.Errorf("%d removals of a user still named by the configuration", n)
								}
								return nil
							},
						),
					},
				},
			})
		})
	}
}

// A Create whose email user turns out to be the user another entry names by
// ID fails once it learns it, keeping in state what it added.
func TestAccBlueXPResourceAdmins_sameUserAtApply(t *testing.T) {
	for _, role := range sharedtest.BlueXPRoles {
		t.Run(role.Name, func(t *testing.T) {
			e := sharedtest.NewAccEnv(t, sandbox.Options{})
			f := sharedtest.NewBlueXPFixture(e)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: sharedtest.ProviderFactories,
				CheckDestroy:             role.CheckGone(e, f.PID, []string{f.ByEmail}),
				Steps: []resource.TestStep{
					{
						Config:      e.Config(role.Config(f.PID, sharedtest.BlueXPEmail(f.Email), sharedtest.BlueXPUserID(f.ByEmail))),
						ExpectError: regexp.MustCompile(`(?s)Two entries name the same BlueXP user.*` + regexp.QuoteMeta(f.Email) + `.*` + f.ByEmail),
					},
					{
						PreConfig:          func() { role.CheckMembers(t, e, f.PID, f.ByEmail) },
						Config:             e.Config(role.Config(f.PID, sharedtest.BlueXPEmail(f.Email))),
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
