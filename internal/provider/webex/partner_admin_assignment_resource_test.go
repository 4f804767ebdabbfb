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

func TestAccWebexPartnerAdminAssignment_lifecycle(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	f := sharedtest.NewWebexFixture(e)
	cfg := e.Config(sharedtest.WebexAssignmentConfig(f.OrgID, f.PersonID))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		CheckDestroy:             sharedtest.CheckWebexAssignmentsGone(e, f.OrgID),
		Steps: append([]resource.TestStep{
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(sharedtest.WebexAssignAddr, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(sharedtest.WebexAssignAddr, tfjsonpath.New("id"), knownvalue.StringExact(f.OrgID+"/"+f.PersonID)),
					statecheck.ExpectKnownValue(sharedtest.WebexAssignAddr, tfjsonpath.New("display_name"), knownvalue.StringExact(f.DisplayName)),
					statecheck.ExpectKnownValue(sharedtest.WebexAssignAddr, tfjsonpath.New("emails"), knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact(f.Email)})),
					statecheck.ExpectKnownValue(sharedtest.WebexAssignAddr, tfjsonpath.New("role_in_customer_org"), knownvalue.StringExact(f.Role)),
				},
				Check: func(*terraform.State) error {
					if got := e.Sandbox.Webex().Assignments(f.OrgID); len(got) != 1 || !webexid.Equal(got[0], f.PersonID) {
						return fmt.Errorf("sandbox assignments = %v, want [%s]", got, f.PersonID)
					}
					return nil
				},
			},
			// Re-plan with no change: nothing to do.
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		}, sharedtest.ImportSteps(cfg, sharedtest.WebexAssignAddr, f.OrgID+"/"+f.PersonID)...), // terraform import, then an import block
	})
}

func TestAccWebexPartnerAdminAssignment_byIdentity(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	f := sharedtest.NewWebexFixture(e)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   sharedtest.IdentityCLI,
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		CheckDestroy:             sharedtest.CheckWebexAssignmentsGone(e, f.OrgID),
		Steps: sharedtest.IdentitySteps(e.Config(sharedtest.WebexAssignmentConfig(f.OrgID, f.PersonID)), sharedtest.WebexAssignAddr, map[string]knownvalue.Check{
			"org_id":    knownvalue.StringExact(f.OrgID),
			"person_id": knownvalue.StringExact(f.PersonID),
		}),
	})
}

func TestAccWebexPartnerAdminAssignment_drift(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	f := sharedtest.NewWebexFixture(e)
	cfg := e.Config(sharedtest.WebexAssignmentConfig(f.OrgID, f.PersonID))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		CheckDestroy:             sharedtest.CheckWebexAssignmentsGone(e, f.OrgID),
		Steps: []resource.TestStep{
			{Config: cfg},
			// Unassigned outside Terraform: the refresh drops it and the plan re-creates it.
			{
				PreConfig: func() {
					if err := e.Sandbox.Webex().Unassign(f.OrgID, f.PersonID); err != nil {
						t.Fatal(err)
					}
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(sharedtest.WebexAssignAddr, plancheck.ResourceActionCreate)},
				},
				Check: func(*terraform.State) error {
					if len(e.Sandbox.Webex().Assignments(f.OrgID)) != 1 {
						return fmt.Errorf("assignment was not re-created")
					}
					return nil
				},
			},
			// The customer org deleted outside Terraform: removed from state, then re-created (and failing, as
			// the org is gone) — here we only check the refresh plans a create instead of erroring.
			{
				PreConfig: func() { e.Sandbox.Webex().DeleteOrg(f.OrgID) },
				Config:    cfg,
				PlanOnly:  true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(sharedtest.WebexAssignAddr, plancheck.ResourceActionCreate)},
				},
				ExpectNonEmptyPlan: true,
			},
		},
	})
}

// Webex may return IDs in another encoding (regional cluster, padding);
// the configuration's own strings stay in state and no diff appears.
func TestAccWebexPartnerAdminAssignment_idForms(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{WebexRegionalIDs: true, VisibilityDelay: 700 * time.Millisecond})
	e.RequireSandbox()
	f := sharedtest.NewWebexFixture(e)
	id, err := webexid.Parse(f.PersonID)
	if err != nil {
		t.Fatal(err)
	}
	padded := base64.StdEncoding.EncodeToString([]byte("ciscospark://us/PEOPLE/" + strings.ToUpper(id.UUID)))
	cfg := e.Config(sharedtest.WebexAssignmentConfig(f.OrgID, padded))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		CheckDestroy:             sharedtest.CheckWebexAssignmentsGone(e, f.OrgID),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(sharedtest.WebexAssignAddr, tfjsonpath.New("person_id"), knownvalue.StringExact(padded)),
					statecheck.ExpectKnownValue(sharedtest.WebexAssignAddr, tfjsonpath.New("display_name"), knownvalue.StringExact(f.DisplayName)),
				},
			},
			{Config: cfg, PlanOnly: true},
		},
	})
}

// Vendor errors reach the user with status, message and tracking id.
func TestAccWebexPartnerAdminAssignment_vendorErrors(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	f := sharedtest.NewWebexFixture(e)
	fullAdmin := e.Sandbox.Webex().AddPerson(sandbox.Person{DisplayName: "Fiona", PartnerRole: sandbox.RolePartnerFullAdmin})
	readOnly := "sandbox-webex-read-only"
	e.Sandbox.Webex().AddToken(readOnly, "spark-admin:organizations_read")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      e.Config(sharedtest.WebexAssignmentConfig(f.OrgID, fullAdmin)),
				ExpectError: regexp.MustCompile(`(?s)Unable to assign partner admin.*HTTP 400.*already\s+has\s+access\s+to\s+all\s+customers.*Tracking\s+ID: \S+`),
			},
			{
				Config: fmt.Sprintf(`
provider "partneradmin" {
  webex = { base_url = %q, access_token = %q }
}
`, e.URL+"/webex", readOnly) + sharedtest.WebexAssignmentConfig(f.OrgID, f.PersonID),
				ExpectError: regexp.MustCompile(`(?s)HTTP 403.*spark-admin:organizations_write`),
			},
			{
				Config: fmt.Sprintf(`
provider "partneradmin" {
  webex = { base_url = %q, access_token = "not-a-valid-token" }
}
`, e.URL+"/webex") + sharedtest.WebexAssignmentConfig(f.OrgID, f.PersonID),
				ExpectError: regexp.MustCompile(`(?s)HTTP 401.*WEBEX_ACCESS_TOKEN`),
			},
		},
	})
}

// Bad input is refused at plan time and no request is sent.
func TestAccWebexPartnerAdminAssignment_planTimeValidation(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	f := sharedtest.NewWebexFixture(e)
	cases := map[string]struct{ org, person, want string }{
		"path traversal":    {"../../v1/people", f.PersonID, `Invalid Webex ID`},
		"encoded slash":     {f.OrgID + "%2Fx", f.PersonID, `Invalid Webex ID`},
		"query":             {f.OrgID, f.PersonID + "?x=1", `Invalid Webex ID`},
		"fragment":          {f.OrgID, f.PersonID + "#x", `Invalid Webex ID`},
		"whitespace":        {f.OrgID + " ", f.PersonID, `Invalid Webex ID`},
		"swapped types":     {f.PersonID, f.OrgID, `(?s)org_id\s+must\s+be\s+a\s+Webex\s+ORGANIZATION\s+ID.*PEOPLE`},
		"raw uuid":          {"11a3f990-0c1b-4b5d-9f1e-2a6c3b4d5e6f", f.PersonID, `Invalid Webex ID`},
		"empty person":      {f.OrgID, "", `Invalid Webex ID`},
		"not ciscospark id": {base64.RawStdEncoding.EncodeToString([]byte("hello/ORGANIZATION/x")), f.PersonID, `Invalid Webex ID`},
	}
	var steps []resource.TestStep
	for name, c := range cases {
		steps = append(steps, resource.TestStep{
			Config:      e.Config(sharedtest.WebexAssignmentConfig(c.org, c.person)) + "\n# " + name,
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(c.want),
		})
	}
	steps = append(steps, resource.TestStep{
		Config: `provider "partneradmin" {
  webex = { base_url = "http://webexapis.example.com", access_token = "x" }
}
` + sharedtest.WebexAssignmentConfig(f.OrgID, f.PersonID),
		PlanOnly:    true,
		ExpectError: regexp.MustCompile(`(?s)Invalid base URL.*https://`),
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		Steps:                    steps,
	})
	if n := e.VendorRequests(""); n != 0 {
		t.Fatalf("invalid input sent %d requests to the vendor API, want 0", n)
	}

	// The same with the resource already in state, where a refresh would
	// otherwise read it: validation fails first, and nothing is read.
	t.Run("in state", func(t *testing.T) {
		cfg := e.Config(sharedtest.WebexAssignmentConfig(f.OrgID, f.PersonID))
		inState := []resource.TestStep{{Config: cfg}}
		for i, step := range steps {
			// A full plan, not plan-only: a plan-only step starts with a
			// plan without refresh, which would hide a refresh's requests.
			step.PlanOnly = false
			if i == 0 {
				step.PreConfig = e.Sandbox.ResetLog
			}
			inState = append(inState, step)
		}
		inState = append(inState, resource.TestStep{
			PreConfig: func() {
				if n := e.VendorRequests(""); n != 0 {
					t.Errorf("invalid input with the resource in state sent %d requests to the vendor API, want 0", n)
				}
			},
			Config: cfg,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
		})
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: sharedtest.ProviderFactories,
			CheckDestroy:             sharedtest.CheckWebexAssignmentsGone(e, f.OrgID),
			Steps:                    inState,
		})
	})
}

func TestAccWebexPartnerAdminAssignment_badAdoptionIDs(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	f := sharedtest.NewWebexFixture(e)
	cfg := e.Config(sharedtest.WebexAssignmentConfig(f.OrgID, f.PersonID))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg},
			{ResourceName: sharedtest.WebexAssignAddr, ImportState: true, ImportStateId: f.OrgID, ExpectError: regexp.MustCompile(`expected an import ID of the form "<org_id>/<person_id>"`)},
			{ResourceName: sharedtest.WebexAssignAddr, ImportState: true, ImportStateId: f.PersonID + "/" + f.OrgID, ExpectError: regexp.MustCompile(`org_id part is not a Webex organization ID`)},
		},
	})
}

// A refresh of N assignments over K customers lists each customer once per
// page, not once per assignment (the provider's read cache).
func TestAccWebexPartnerAdminAssignment_refreshRequestBudget(t *testing.T) {
	const orgs, people, pageSize = 3, 10, 4
	e := sharedtest.NewAccEnv(t, sandbox.Options{PageSize: pageSize, WebexPagedPartnerLists: true})
	e.RequireSandbox()
	st := e.Sandbox.Webex()
	var hcl strings.Builder
	for o := range orgs {
		org := st.AddOrg(fmt.Sprintf("Customer %d", o))
		for p := range people {
			person := st.AddPerson(sandbox.Person{DisplayName: fmt.Sprintf("Admin %d-%d", o, p), PartnerRole: sandbox.RolePartnerAdmin})
			fmt.Fprintf(&hcl, "resource \"partneradmin_webex_partner_admin_assignment\" \"a%d_%d\" {\n  org_id = %q\n  person_id = %q\n}\n", o, p, org, person)
		}
	}
	cfg := e.Config(hcl.String())
	pagesPerOrg := (people + pageSize - 1) / pageSize
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig: e.Sandbox.ResetLog,
				Config:    cfg,
				PlanOnly:  true,
			},
			{
				PreConfig: func() {
					if n, limit := e.CountRoute("GET /v1/partner/organizations/{orgId}/partnerAdmins"), orgs*pagesPerOrg; n > limit {
						t.Errorf("a refresh of %d assignments over %d customers sent %d list requests, want at most %d", orgs*people, orgs, n, limit)
					} else {
						t.Logf("refresh of %d assignments over %d customers: %d list requests (limit %d)", orgs*people, orgs, n, limit)
					}
				},
				Config:   cfg,
				PlanOnly: true,
			},
		},
	})
}
