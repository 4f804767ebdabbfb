package bluexp_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/sharedtest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
)

// idsExact checks a list of user IDs.
func idsExact(ids ...string) knownvalue.Check {
	checks := make([]knownvalue.Check, len(ids))
	for i, id := range sortedStrings(ids...) {
		checks[i] = knownvalue.StringExact(id)
	}
	return knownvalue.ListExact(checks)
}

// wrongBaseURL is e's provider block with a BlueXP API root whose path is
// wrong (every call answers 404 with BlueXP's body).
func wrongBaseURL(e *sharedtest.AccEnv) string {
	return e.ProviderConfigAt(sharedtest.Roots{Webex: e.URL + "/webex", BlueXP: e.URL + "/bluexp/v2/management", CloudCockpit: e.URL + "/cloudcockpit"}, 3)
}

// With exclusive, the create plan names who will lose the role before
// anyone confirms, and apply removes exactly them; a member added by hand
// later is drift shown by user ID and removed by the next apply; the
// partnership ends with exactly the configured users. A wrong base URL fails
// the plan (of the create and of the update) and removes no one, and destroy
// removes only the configured users.
func TestAccBlueXPAdmins_exclusive(t *testing.T) {
	for _, role := range sharedtest.BlueXPRoles {
		t.Run(role.Name, func(t *testing.T) {
			e := sharedtest.NewAccEnv(t, sandbox.Options{PageSize: 2})
			f := sharedtest.NewBlueXPFixture(e)
			st := e.Sandbox.BlueXP()
			outside := st.AddUser(sandbox.BlueXPUser{Name: "Outsider"})
			hand := st.AddUser(sandbox.BlueXPUser{Name: "Added by hand"})
			late := st.AddUser(sandbox.BlueXPUser{Name: "Added after the last apply"})
			if err := role.AddMember(e, f.PID, outside); err != nil {
				t.Fatal(err)
			}
			// The other role's members are not this resource's business.
			other := sharedtest.BlueXPResourceAdmins
			if role == other {
				other = sharedtest.BlueXPUserAdmins
			}
			if err := other.AddMember(e, f.PID, hand); err != nil {
				t.Fatal(err)
			}
			cfg := e.Config(role.ExclusiveConfig(f.PID, sharedtest.BlueXPUserID(f.ByID), sharedtest.BlueXPEmail(f.Email)))
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: sharedtest.ProviderFactories,
				CheckDestroy: resource.ComposeTestCheckFunc(
					role.CheckGone(e, f.PID, []string{f.ByID, f.ByEmail, outside, hand}, late),
					other.ExpectMembers(e, f.PID, hand),
				),
				Steps: []resource.TestStep{
					// A create whose plan cannot read the members fails at plan
					// time: no one is listed, so no one may be removed.
					{
						Config:      wrongBaseURL(e) + role.ExclusiveConfig(f.PID, sharedtest.BlueXPUserID(f.ByID), sharedtest.BlueXPEmail(f.Email)),
						ExpectError: regexp.MustCompile(`(?s)Unable to read BlueXP ` + role.Noun + `s to plan who loses the role.*404.*probably\s+wrong`),
					},
					{
						PreConfig: func() { role.CheckMembers(t, e, f.PID, outside) },
						Config:    cfg,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{
								plancheck.ExpectResourceAction(role.Addr, plancheck.ResourceActionCreate),
								plancheck.ExpectKnownValue(role.Addr, tfjsonpath.New("removes"), idsExact(outside)),
							},
						},
						ConfigStateChecks: []statecheck.StateCheck{
							role.ExpectMembersMap(map[string]string{f.ByID: f.ByID, f.Email: f.ByEmail}),
						},
						Check: resource.ComposeTestCheckFunc(
							role.ExpectMembers(e, f.PID, f.ByID, f.ByEmail),
							other.ExpectMembers(e, f.PID, hand),
						),
					},
					{
						Config:           cfg,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
					},
					// Added by hand: the refresh records the user's ID, and the
					// plan removes them.
					{
						PreConfig: func() {
							if err := role.AddMember(e, f.PID, hand); err != nil {
								t.Fatal(err)
							}
						},
						RefreshState:       true,
						ExpectNonEmptyPlan: true,
						Check: resource.ComposeTestCheckFunc(
							resource.TestCheckResourceAttr(role.Addr, "other_members.#", "1"),
							resource.TestCheckResourceAttr(role.Addr, "other_members.0", hand),
						),
						RefreshPlanChecks: resource.RefreshPlanChecks{
							PostRefresh: []plancheck.PlanCheck{
								plancheck.ExpectResourceAction(role.Addr, plancheck.ResourceActionUpdate),
								plancheck.ExpectKnownValue(role.Addr, tfjsonpath.New("removes"), idsExact(hand)),
							},
						},
					},
					// A wrong API root: the plan cannot read who holds the role,
					// fails, and nobody is removed.
					{
						Config:      wrongBaseURL(e) + role.ExclusiveConfig(f.PID, sharedtest.BlueXPUserID(f.ByID), sharedtest.BlueXPEmail(f.Email)),
						ExpectError: regexp.MustCompile(`(?s)Unable to read BlueXP ` + role.Noun + `s.*404.*base URL\s+` + regexp.QuoteMeta(e.URL+"/bluexp/v2/management") + `\s+is\s+probably\s+wrong`),
					},
					{
						PreConfig: func() {
							role.CheckMembers(t, e, f.PID, f.ByID, f.ByEmail, hand)
							e.Sandbox.ResetLog()
						},
						Config: cfg,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{
								plancheck.ExpectResourceAction(role.Addr, plancheck.ResourceActionUpdate),
								plancheck.ExpectKnownValue(role.Addr, tfjsonpath.New("removes"), idsExact(hand)),
							},
						},
						Check: resource.ComposeTestCheckFunc(
							role.ExpectMembers(e, f.PID, f.ByID, f.ByEmail),
							other.ExpectMembers(e, f.PID, hand),
							func(*terraform.State) error {
								if n := e.CountRoute(role.RouteAdd); n != 0 {
									return fmt.Errorf("removing a hand-added member sent %d adds", n)
								}
								return nil
							},
						),
					},
					{
						Config:           cfg,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
					},
					// Destroy removes the configured users only: a member added
					// since the last apply stays (CheckDestroy).
					{
						PreConfig: func() {
							if err := role.AddMember(e, f.PID, late); err != nil {
								t.Fatal(err)
							}
						},
						Config:             cfg,
						PlanOnly:           true,
						ExpectNonEmptyPlan: true,
					},
				},
			})
		})
	}
}

// Turning exclusive on for an existing resource plans the removals of the
// members it does not name, and applies them; without exclusive the same
// members were left alone, and dropping a user names it in removes.
func TestAccBlueXPAdmins_exclusiveTurnedOn(t *testing.T) {
	for _, role := range sharedtest.BlueXPRoles {
		t.Run(role.Name, func(t *testing.T) {
			e := sharedtest.NewAccEnv(t, sandbox.Options{})
			f := sharedtest.NewBlueXPFixture(e)
			outside := e.Sandbox.BlueXP().AddUser(sandbox.BlueXPUser{Name: "Outsider"})
			if err := role.AddMember(e, f.PID, outside); err != nil {
				t.Fatal(err)
			}
			additive := e.Config(role.Config(f.PID, sharedtest.BlueXPUserID(f.ByID), sharedtest.BlueXPAAD(f.AADID)))
			fewer := e.Config(role.Config(f.PID, sharedtest.BlueXPUserID(f.ByID)))
			exclusive := e.Config(role.ExclusiveConfig(f.PID, sharedtest.BlueXPUserID(f.ByID)))
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: sharedtest.ProviderFactories,
				CheckDestroy:             role.CheckGone(e, f.PID, []string{f.ByID, f.ByAAD, outside}),
				Steps: []resource.TestStep{
					{
						Config: additive,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{plancheck.ExpectKnownValue(role.Addr, tfjsonpath.New("removes"), idsExact())},
						},
						Check: role.ExpectMembers(e, f.PID, outside, f.ByID, f.ByAAD),
					},
					{
						Config: fewer,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{plancheck.ExpectKnownValue(role.Addr, tfjsonpath.New("removes"), idsExact(f.ByAAD))},
						},
						Check: role.ExpectMembers(e, f.PID, outside, f.ByID),
					},
					{
						Config: exclusive,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{
								plancheck.ExpectResourceAction(role.Addr, plancheck.ResourceActionUpdate),
								plancheck.ExpectKnownValue(role.Addr, tfjsonpath.New("removes"), idsExact(outside)),
							},
						},
						Check: role.ExpectMembers(e, f.PID, f.ByID),
					},
					{
						Config:           exclusive,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
					},
				},
			})
		})
	}
}
