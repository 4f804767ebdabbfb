package provider_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/sharedtest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
)

// With the sandbox's strictest readings of what the vendors leave open
// (every write listed only after 1.5 s; Webex: regional IDs, 400 for a
// duplicate assign and an absent unassign, paged partner lists; BlueXP: the documented user shape
// with bare auth0Ids, the continue token in metadata; pages of 2), 4 Webex
// assignments over 2 customers and a BlueXP resource with an email, a
// prefixed auth0_id and a user_id user apply in a few seconds: the polls
// after each write read fresh, not the page cached before the write was
// listed (which would keep them waiting for the cache's 30 s). The next plan
// is empty; after one assignment is removed out of band, destroy removes the
// rest.
func TestAccStrictestReadings_webexAndBlueXP(t *testing.T) {
	const visible = 1500 * time.Millisecond
	e := sharedtest.NewAccEnv(t, sandbox.Options{VisibilityDelay: visible, PageSize: 2,
		WebexRegionalIDs: true, WebexDuplicateAssignStatus: 400, WebexAbsentUnassignStatus: 400, WebexPagedPartnerLists: true,
		BlueXPBareAuth0IDs: true, BlueXPContinueInMetadata: true})
	e.RequireSandbox()
	st := e.Sandbox.Webex()
	bxp := sharedtest.NewBlueXPFixture(e)
	var orgs, people []string
	var hcl string
	for o := range 2 {
		org := st.AddOrg(fmt.Sprintf("Customer %d", o))
		orgs = append(orgs, org)
		for p := range 2 {
			person := st.AddPerson(sandbox.Person{DisplayName: fmt.Sprintf("Admin %d-%d", o, p), PartnerRole: sandbox.RolePartnerAdmin})
			people = append(people, person)
			hcl += fmt.Sprintf("resource \"partneradmin_webex_partner_admin_assignment\" \"a%d_%d\" {\n  org_id    = %q\n  person_id = %q\n}\n", o, p, org, person)
		}
	}
	bxpUsers := []string{bxp.ByEmail, bxp.ByAuth0, bxp.ByID}
	cfg := e.Config(hcl + sharedtest.BlueXPConfig(bxp.PID, sharedtest.BlueXPEmail(bxp.Email), sharedtest.BlueXPAuth0(bxp.Auth0ID), sharedtest.BlueXPUserID(bxp.ByID)))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		CheckDestroy: func(s *terraform.State) error {
			for _, org := range orgs {
				if left := st.Assignments(org); len(left) != 0 {
					return fmt.Errorf("org %s still has %v", org, left)
				}
			}
			return sharedtest.CheckBlueXPGone(e, bxp.PID, bxpUsers)(s)
		},
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: func(*terraform.State) error {
					for _, org := range orgs {
						if got := st.Assignments(org); len(got) != 2 {
							return fmt.Errorf("org %s has %v, want 2 assignments", org, got)
						}
					}
					if err := sharedtest.ExpectBlueXPMembers(e, bxp.PID, bxpUsers...)(nil); err != nil {
						return err
					}
					// The apply's span, from the sandbox's own log: from the first
					// request to the last confirming read. Cached polls would wait
					// out the cache's 30 s for each customer.
					log := e.Sandbox.Log()
					var first, last time.Time
					for _, l := range log {
						if first.IsZero() || l.Time.Before(first) {
							first = l.Time
						}
						if l.Time.After(last) {
							last = l.Time
						}
					}
					span := last.Sub(first)
					t.Logf("apply of 4 Webex assignments over 2 customers and 3 BlueXP users, writes listed after %s: %d requests over %s (%d Webex lists, %d assigns)",
						visible, len(log), span.Round(10*time.Millisecond), e.CountRoute(sharedtest.WebexAdminsRoute), e.CountRoute(sharedtest.WebexAssignRoute))
					if span > 15*time.Second {
						return fmt.Errorf("the apply's requests span %s, want well under 20 s", span)
					}
					if n := e.CountRoute(sharedtest.WebexAssignRoute); n != 4 {
						return fmt.Errorf("%d assigns, want 4", n)
					}
					return nil
				},
			},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{sharedtest.ExpectBlueXPMembersMap(map[string]string{bxp.Email: bxp.ByEmail, bxp.Auth0ID: bxp.ByAuth0, bxp.ByID: bxp.ByID})},
			},
			{
				PreConfig: func() {
					if err := st.Unassign(orgs[0], people[0]); err != nil {
						t.Fatal(err)
					}
				},
				Config:  cfg,
				Destroy: true,
			},
		},
	})
}
