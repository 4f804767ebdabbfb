package webex_test

import (
	"fmt"
	"os"
	"regexp"
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
)

const eaAddr = "partneradmin_webex_executive_assistant.test"

func eaResourceConfig(personID, orgID, typ string) string {
	org := ""
	if orgID != "" {
		org = fmt.Sprintf("  org_id    = %q\n", orgID)
	}
	return fmt.Sprintf(`
resource "partneradmin_webex_executive_assistant" "test" {
  person_id = %q
%s  type      = %q
}
`, personID, org, typ)
}

// eaFixture is a Webex Calling user and, unless it is in the token's own
// organization, its organization: seeded in the sandbox, or from
// WEBEX_TEST_EA_PERSON_ID and WEBEX_TEST_EA_ORG_ID against a real tenant.
type eaFixture struct{ personID, orgID string }

// newEAFixture seeds a person in a customer organization (withOrg) or in the
// token's own. Against a real tenant it returns the fixture, skipping the
// test when the fixture's organization is not of the kind asked for.
func newEAFixture(e *sharedtest.AccEnv, withOrg bool) eaFixture {
	e.T.Helper()
	if e.Sandbox == nil {
		f := eaFixture{personID: os.Getenv(sharedtest.EnvWebexTestEAPersonID), orgID: os.Getenv(sharedtest.EnvWebexTestEAOrgID)}
		switch {
		case f.personID == "":
			e.T.Fatalf("against a real tenant set %s (a Webex Calling user reserved for tests) and, for a customer's user, %s",
				sharedtest.EnvWebexTestEAPersonID, sharedtest.EnvWebexTestEAOrgID)
		case withOrg != (f.orgID != ""):
			e.T.Skipf("the real-tenant fixture is a user of %s", map[bool]string{true: "a customer organization", false: "the token's own organization"}[f.orgID != ""])
		}
		return f
	}
	st := e.Sandbox.Webex()
	var f eaFixture
	if withOrg {
		f.orgID = st.AddOrg("Acme Corp")
	}
	f.personID = st.AddPerson(sandbox.Person{DisplayName: "Erin", Calling: true, OrgID: f.orgID})
	return f
}

// checkEAType checks the sandbox's latest type of a person (against a real
// tenant, the test's own steps read it back).
func checkEAType(e *sharedtest.AccEnv, personID, want string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if e.Sandbox == nil {
			return nil
		}
		got, err := e.Sandbox.Webex().ExecutiveAssistantType(personID)
		if err != nil {
			return err
		}
		if got != want {
			return fmt.Errorf("sandbox executive assistant type = %q, want %q", got, want)
		}
		return nil
	}
}

func TestAccWebexExecutiveAssistantResource_lifecycle(t *testing.T) {
	for name, withOrg := range map[string]bool{"own org": false, "customer org": true} {
		t.Run(name, func(t *testing.T) {
			e := sharedtest.NewAccEnv(t, sandbox.Options{})
			f := newEAFixture(e, withOrg)
			orgID, personID := f.orgID, f.personID
			var orgCheck knownvalue.Check = knownvalue.Null()
			importID := personID
			if withOrg {
				orgCheck = knownvalue.StringExact(orgID)
				importID = orgID + "/" + personID
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: sharedtest.ProviderFactories,
				CheckDestroy:             checkEAType(e, personID, sandbox.EATypeUnassigned),
				Steps: append([]resource.TestStep{
					{
						Config: e.Config(eaResourceConfig(personID, orgID, sandbox.EATypeExecutive)),
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(eaAddr, plancheck.ResourceActionCreate)},
						},
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(eaAddr, tfjsonpath.New("id"), knownvalue.StringExact(personID)),
							statecheck.ExpectKnownValue(eaAddr, tfjsonpath.New("type"), knownvalue.StringExact(sandbox.EATypeExecutive)),
							statecheck.ExpectKnownValue(eaAddr, tfjsonpath.New("org_id"), orgCheck),
						},
						Check: checkEAType(e, personID, sandbox.EATypeExecutive),
					},
					{
						Config: e.Config(eaResourceConfig(personID, orgID, sandbox.EATypeExecutive)),
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
					},
					// Update in place.
					{
						Config: e.Config(eaResourceConfig(personID, orgID, sandbox.EATypeExecutiveAssistant)),
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(eaAddr, plancheck.ResourceActionUpdate)},
						},
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(eaAddr, tfjsonpath.New("type"), knownvalue.StringExact(sandbox.EATypeExecutiveAssistant)),
							statecheck.ExpectKnownValue(eaAddr, tfjsonpath.New("id"), knownvalue.StringExact(personID)),
						},
						Check: checkEAType(e, personID, sandbox.EATypeExecutiveAssistant),
					},
				}, sharedtest.ImportSteps(e.Config(eaResourceConfig(personID, orgID, sandbox.EATypeExecutiveAssistant)), eaAddr, importID)...),
			})
		})
	}
}

// The org_id identity attribute is optional: null for a person in the
// token's own org.
func TestAccWebexExecutiveAssistantResource_byIdentity(t *testing.T) {
	for name, withOrg := range map[string]bool{"own org": false, "customer org": true} {
		t.Run(name, func(t *testing.T) {
			e := sharedtest.NewAccEnv(t, sandbox.Options{})
			f := newEAFixture(e, withOrg)
			orgID, personID := f.orgID, f.personID
			var orgCheck knownvalue.Check = knownvalue.Null()
			if withOrg {
				orgCheck = knownvalue.StringExact(orgID)
			}
			resource.ParallelTest(t, resource.TestCase{
				TerraformVersionChecks:   sharedtest.IdentityCLI,
				ProtoV6ProviderFactories: sharedtest.ProviderFactories,
				CheckDestroy:             checkEAType(e, personID, sandbox.EATypeUnassigned),
				Steps: sharedtest.IdentitySteps(e.Config(eaResourceConfig(personID, orgID, sandbox.EATypeExecutive)), eaAddr, map[string]knownvalue.Check{
					"person_id": knownvalue.StringExact(personID),
					"org_id":    orgCheck,
				}),
			})
		})
	}
}

// The type changed outside Terraform: the refresh sees it and the plan
// changes it back in place.
func TestAccWebexExecutiveAssistantResource_drift(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	personID := e.Sandbox.Webex().AddPerson(sandbox.Person{Calling: true})
	cfg := e.Config(eaResourceConfig(personID, "", sandbox.EATypeExecutive))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		// The last step deletes the person: destroy's reset answers 404,
		// which counts as done.
		CheckDestroy: func(*terraform.State) error {
			if n := e.CountRoute("PUT /v1/people/{personId}/features/executiveAssistant"); n != 3 {
				return fmt.Errorf("PUT called %d times, want 3 (create, drift fix, destroy)", n)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig: func() {
					if err := e.Sandbox.Webex().SetExecutiveAssistantType(personID, sandbox.EATypeExecutiveAssistant); err != nil {
						t.Fatal(err)
					}
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(eaAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(eaAddr, tfjsonpath.New("type"), knownvalue.StringExact(sandbox.EATypeExecutive)),
					},
				},
				Check: checkEAType(e, personID, sandbox.EATypeExecutive),
			},
			// The person deleted outside Terraform: dropped from state, a create is planned.
			{
				PreConfig: func() { e.Sandbox.Webex().DeletePerson(personID) },
				Config:    cfg,
				PlanOnly:  true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(eaAddr, plancheck.ResourceActionCreate)},
				},
				ExpectNonEmptyPlan: true,
			},
		},
	})
}

// Writes that take a moment to become visible are waited for, so the
// refresh after apply shows no drift.
func TestAccWebexExecutiveAssistantResource_visibilityDelay(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{VisibilityDelay: 700 * time.Millisecond})
	e.RequireSandbox()
	personID := e.Sandbox.Webex().AddPerson(sandbox.Person{Calling: true})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: e.Config(eaResourceConfig(personID, "", sandbox.EATypeExecutive))},
			{Config: e.Config(eaResourceConfig(personID, "", sandbox.EATypeExecutiveAssistant))},
		},
	})
}

func TestAccWebexExecutiveAssistantResource_vendorErrors(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	st := e.Sandbox.Webex()
	noCalling := st.AddPerson(sandbox.Person{DisplayName: "Carol"})
	calling := st.AddPerson(sandbox.Person{DisplayName: "Dan", Calling: true})
	readOnly := "sandbox-webex-people-read-only"
	st.AddToken(readOnly, sandbox.ScopePeopleRead)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      e.Config(eaResourceConfig(noCalling, "", sandbox.EATypeExecutive)),
				ExpectError: regexp.MustCompile(`(?s)not\s+be\s+a\s+Webex\s+Calling\s+user.*HTTP 400.*not\s+a\s+Webex\s+Calling\s+user.*Tracking\s+ID: \S+`),
			},
			{
				Config: fmt.Sprintf(`
provider "partneradmin" {
  webex = { base_url = %q, access_token = %q }
}
`, e.URL+"/webex", readOnly) + eaResourceConfig(calling, "", sandbox.EATypeExecutive),
				ExpectError: regexp.MustCompile(`(?s)HTTP 403.*spark-admin:people_write`),
			},
		},
	})
	if got, _ := st.ExecutiveAssistantType(calling); got != sandbox.EATypeUnassigned {
		t.Fatalf("a read-only token changed the type to %q", got)
	}
}

// Bad input is refused at plan time and no request is sent.
func TestAccWebexExecutiveAssistantResource_planTimeValidation(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	st := e.Sandbox.Webex()
	org := st.AddOrg("Acme Corp")
	person := st.AddPerson(sandbox.Person{Calling: true, OrgID: org})
	cases := map[string]struct{ person, org, typ, want string }{
		"unknown type":   {person, org, "BOSS", `(?s)type\s+value\s+must\s+be\s+one\s+of`},
		"lower case":     {person, org, "executive", `(?s)type\s+value\s+must\s+be\s+one\s+of`},
		"empty type":     {person, org, "", `(?s)type\s+value\s+must\s+be\s+one\s+of`},
		"path traversal": {"../../v1/people", org, "EXECUTIVE", `Invalid Webex ID`},
		"swapped":        {org, person, "EXECUTIVE", `(?s)person_id\s+must\s+be\s+a\s+Webex\s+PEOPLE\s+ID`},
		"org query":      {person, org + "&x=1", "EXECUTIVE", `Invalid Webex ID`},
	}
	var steps []resource.TestStep
	for name, c := range cases {
		steps = append(steps, resource.TestStep{
			Config:      e.Config(eaResourceConfig(c.person, c.org, c.typ)) + "\n# " + name,
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(c.want),
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		Steps:                    steps,
	})
	if n := e.VendorRequests("webex"); n != 0 {
		t.Fatalf("invalid input sent %d requests to the Webex API, want 0", n)
	}

	// The same with the resource already in state, where a refresh would
	// otherwise read it: validation fails first, and nothing is read.
	t.Run("in state", func(t *testing.T) {
		inState := e.InvalidInStateSteps(e.Config(eaResourceConfig(person, org, sandbox.EATypeExecutive)), steps)
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: sharedtest.ProviderFactories,
			CheckDestroy:             checkEAType(e, person, sandbox.EATypeUnassigned),
			Steps:                    inState,
		})
	})
}

func TestAccWebexExecutiveAssistantResource_badAdoptionIDs(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	st := e.Sandbox.Webex()
	org := st.AddOrg("Acme Corp")
	person := st.AddPerson(sandbox.Person{Calling: true, OrgID: org})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: e.Config(eaResourceConfig(person, org, sandbox.EATypeExecutive))},
			{ResourceName: eaAddr, ImportState: true, ImportStateId: org, ExpectError: regexp.MustCompile(`person_id\s+part\s+is\s+not\s+a\s+Webex\s+person\s+ID`)},
			{ResourceName: eaAddr, ImportState: true, ImportStateId: person + "/" + org, ExpectError: regexp.MustCompile(`org_id\s+part\s+is\s+not\s+a\s+Webex\s+organization\s+ID`)},
			{ResourceName: eaAddr, ImportState: true, ImportStateId: org + "/" + person + "/x", ExpectError: regexp.MustCompile(`expected\s+an\s+import\s+ID\s+of\s+the\s+form`)},
		},
	})
}
