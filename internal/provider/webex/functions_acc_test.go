package webex_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/sharedtest"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/webexid"
)

// Provider-defined functions came with Terraform 1.8 (OpenTofu 1.7).
var functionsCLI = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)}

// Terraform's docs have a module declare the provider whose functions it
// calls (terraform 1.11 also finds it implied from the name), and users
// declare it anyway for its real source address: the tests do the same,
// under the address terraform-plugin-testing serves the provider at.
const requiredProviders = `
terraform {
  required_providers {
    partneradmin = { source = "hashicorp/partneradmin" }
  }
}
`

// The functions need no provider configuration and no credentials: the
// configuration has no provider block, and Webex is never asked.
func TestAccWebexFunctions_outputs(t *testing.T) {
	regionalPadded := base64.URLEncoding.EncodeToString([]byte("ciscospark://urn:TEAM:eu-central-1_k/PEOPLE/" + strings.ToUpper(ciscoPersonUUID)))
	cfg := requiredProviders + fmt.Sprintf(`
locals {
  org_uuid = %[1]q
}

output "org_id" {
  value = provider::partneradmin::webex_id("ORGANIZATION", local.org_uuid)
}

output "person_id" {
  value = provider::partneradmin::webex_id("PEOPLE", %[2]q)
}

output "uuid_of_regional" {
  value = provider::partneradmin::webex_uuid(%[3]q)
}

output "round_trip" {
  value = provider::partneradmin::webex_uuid(provider::partneradmin::webex_id("ORGANIZATION", local.org_uuid))
}
`, ciscoOrgUUID, strings.ToUpper(ciscoPersonUUID), regionalPadded)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   functionsCLI,
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("org_id", knownvalue.StringExact(ciscoOrgID)),
					statecheck.ExpectKnownOutputValue("person_id", knownvalue.StringExact(ciscoPersonID)),
					statecheck.ExpectKnownOutputValue("uuid_of_regional", knownvalue.StringExact(ciscoPersonUUID)),
					statecheck.ExpectKnownOutputValue("round_trip", knownvalue.StringExact(ciscoOrgUUID)),
				},
			},
			{Config: cfg, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		},
	})
}

// Bad arguments fail the plan with an error naming the argument.
func TestAccWebexFunctions_errors(t *testing.T) {
	call := func(expr string) string {
		return requiredProviders + fmt.Sprintf("output \"x\" {\n  value = %s\n}\n", expr)
	}
	steps := []resource.TestStep{
		{
			Config:      call(fmt.Sprintf(`provider::partneradmin::webex_id("people", %q)`, ciscoPersonUUID)),
			ExpectError: regexp.MustCompile(`(?s)Invalid\s+value\s+for\s+"kind"\s+parameter:\s+kind\s+must\s+be\s+"PEOPLE"\s+or\s+"ORGANIZATION";\s+got\s+"people".*Write\s+it\s+in\s+upper\s+case`),
		},
		{
			Config:      call(`provider::partneradmin::webex_id("ROLE", "id_full_admin")`),
			ExpectError: regexp.MustCompile(`(?s)Invalid\s+value\s+for\s+"kind"\s+parameter:\s+kind\s+must\s+be\s+"PEOPLE"\s+or\s+"ORGANIZATION";\s+got\s+"ROLE"`),
		},
		{
			Config:      call(`provider::partneradmin::webex_id("ORGANIZATION", "Acme Corp")`),
			ExpectError: regexp.MustCompile(`(?s)Invalid\s+value\s+for\s+"uuid"\s+parameter:\s+uuid\s+must\s+be\s+a\s+UUID.*got\s+"Acme\s+Corp"`),
		},
		{
			Config:      call(fmt.Sprintf(`provider::partneradmin::webex_id("ORGANIZATION", %q)`, ciscoOrgID)),
			ExpectError: regexp.MustCompile(`(?s)Invalid\s+value\s+for\s+"uuid"\s+parameter:\s+uuid\s+must\s+be\s+a\s+UUID.*already\s+a\s+Webex\s+ORGANIZATION\s+ID`),
		},
		{
			Config:      call(fmt.Sprintf(`provider::partneradmin::webex_uuid(%q)`, ciscoOrgUUID)),
			ExpectError: regexp.MustCompile(`(?s)Invalid\s+value\s+for\s+"id"\s+parameter:\s+id\s+must\s+be\s+a\s+Webex\s+ID.*already\s+a\s+UUID`),
		},
		{
			Config:      call(`provider::partneradmin::webex_uuid(null)`),
			ExpectError: regexp.MustCompile(`(?s)Invalid\s+value\s+for\s+"id"\s+parameter:\s+argument\s+must\s+not\s+be\s+null`),
		},
	}
	for i := range steps {
		steps[i].PlanOnly = true
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   functionsCLI,
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		Steps:                    steps,
	})
}

// A function's result as a resource argument: the assignment is created
// from the UUIDs alone, re-plans with no change (Webex answering with
// regional IDs, too), and swapping the call for the ID it stands for, or
// for another encoding of it, plans nothing.
func TestAccWebexFunctions_resourceArguments(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{WebexRegionalIDs: true})
	f := sharedtest.NewWebexFixture(e)
	org, err := webexid.ParseType(f.OrgID, webexid.TypeOrganization)
	if err != nil {
		t.Fatal(err)
	}
	person, err := webexid.ParseType(f.PersonID, webexid.TypePeople)
	if err != nil {
		t.Fatal(err)
	}
	orgUUID := requiredProviders + `
output "org_uuid" {
  value = provider::partneradmin::webex_uuid(partneradmin_webex_partner_admin_assignment.test.org_id)
}
`
	withFunctions := e.Config(orgUUID, fmt.Sprintf(`
resource "partneradmin_webex_partner_admin_assignment" "test" {
  org_id    = provider::partneradmin::webex_id("ORGANIZATION", %q)
  person_id = provider::partneradmin::webex_id("PEOPLE", %q)
}
`, strings.ToUpper(org.UUID), person.UUID))
	otherEncoding := base64.StdEncoding.EncodeToString([]byte("ciscospark://urn:TEAM:eu-central-1_k/PEOPLE/" + person.UUID))
	noChange := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   functionsCLI,
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		CheckDestroy:             sharedtest.CheckWebexAssignmentsGone(e, f.OrgID),
		Steps: []resource.TestStep{
			{
				Config: withFunctions,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(sharedtest.WebexAssignAddr, plancheck.ResourceActionCreate),
					plancheck.ExpectKnownValue(sharedtest.WebexAssignAddr, tfjsonpath.New("org_id"), knownvalue.StringExact(org.String())),
					plancheck.ExpectKnownValue(sharedtest.WebexAssignAddr, tfjsonpath.New("person_id"), knownvalue.StringExact(person.String())),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(sharedtest.WebexAssignAddr, tfjsonpath.New("id"), knownvalue.StringExact(org.String()+"/"+person.String())),
					statecheck.ExpectKnownValue(sharedtest.WebexAssignAddr, tfjsonpath.New("display_name"), knownvalue.StringExact(f.DisplayName)),
					statecheck.ExpectKnownOutputValue("org_uuid", knownvalue.StringExact(org.UUID)),
				},
				Check: func(*terraform.State) error {
					if e.Sandbox == nil {
						return nil
					}
					if got := e.Sandbox.Webex().Assignments(f.OrgID); len(got) != 1 || !webexid.Equal(got[0], f.PersonID) {
						return fmt.Errorf("sandbox assignments = %v, want [%s]", got, f.PersonID)
					}
					return nil
				},
			},
			{Config: withFunctions, ConfigPlanChecks: noChange},
			{Config: e.Config(orgUUID, sharedtest.WebexAssignmentConfig(org.String(), person.String())), ConfigPlanChecks: noChange},
			{Config: e.Config(orgUUID, sharedtest.WebexAssignmentConfig(f.OrgID, otherEncoding)), ConfigPlanChecks: noChange},
		},
	})
}

// The documentation's examples apply, as a user would run them, against the
// sandbox's demo data (the UUIDs they name are the demo's), give the outputs
// their comments show, re-plan with no change and destroy. The real CLI runs
// them, not terraform-plugin-testing, whose state shim refuses for_each.
func TestAccWebexFunctions_examples(t *testing.T) {
	sharedtest.SkipBelowCLI(t, "1.8.0", "provider-defined functions")
	sb, cli := newCLI(t, sandbox.Options{})
	demo := sb.SeedDemo()
	cli.Write("main.tf", sharedtest.FullAddressBlock+`provider "partneradmin" {}`+"\n")
	for _, name := range []string{"webex_id", "webex_uuid"} {
		// Without the examples' terraform blocks: main.tf has the one.
		cli.Write(name+".tf", sharedtest.ExampleConfig(t, filepath.Join("..", "..", "..", "examples", "functions", name, "function.tf")))
	}

	cli.Run("apply", "-auto-approve", "-input=false")
	got := sb.Webex().Assignments(demo.AcmeOrgID)
	has := func(want string) bool {
		return slices.ContainsFunc(got, func(g string) bool { return webexid.Equal(g, want) })
	}
	if len(got) != 2 || !has(demo.AliceID) || !has(demo.BobID) {
		t.Errorf("Acme's partner admins = %v, want Alice %s and Bob %s", got, demo.AliceID, demo.BobID)
	}
	var outputs map[string]struct{ Value any }
	if err := json.Unmarshal([]byte(cli.Run("output", "-json")), &outputs); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"acme_org_id":                    demo.AcmeOrgID,
		"acme_org_uuid":                  sandbox.DemoAcmeOrgUUID,
		"acme_org_uuid_from_regional_id": sandbox.DemoAcmeOrgUUID,
	} {
		if outputs[name].Value != want {
			t.Errorf("output %s = %v, want %q", name, outputs[name].Value, want)
		}
	}
	if code, out := exitCode(cli, "plan", "-detailed-exitcode", "-input=false"); code != 0 {
		t.Errorf("re-plan: exit %d, want 0 (no changes):\n%s", code, out)
	}
	cli.Run("destroy", "-auto-approve", "-input=false")
	if left := sb.Webex().Assignments(demo.AcmeOrgID); len(left) != 0 {
		t.Errorf("after destroy: %v", left)
	}
}
