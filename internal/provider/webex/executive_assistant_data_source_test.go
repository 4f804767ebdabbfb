package webex_test

import (
	"fmt"
	"net/url"
	"os"
	"regexp"
	"testing"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/sharedtest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/webexid"
)

const eaDataAddr = "data.partneradmin_webex_executive_assistant.test"

func eaDataConfig(personID, orgID string) string {
	org := ""
	if orgID != "" {
		org = fmt.Sprintf("  org_id    = %q\n", orgID)
	}
	return fmt.Sprintf(`
data "partneradmin_webex_executive_assistant" "test" {
  person_id = %q
%s}
`, personID, org)
}

// eaGetRoute is the sandbox's route of the executive-assistant read.
const eaGetRoute = "GET /v1/people/{personId}/features/executiveAssistant"

// checkOrgIDQuery checks the last executive-assistant request's orgId query.
func checkOrgIDQuery(e *sharedtest.AccEnv, want string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		var last string
		found := false
		for _, entry := range e.Sandbox.Log() {
			if entry.Route == eaGetRoute {
				q, err := url.ParseQuery(entry.Query)
				if err != nil {
					return err
				}
				last, found = q.Get("orgId"), true
			}
		}
		if !found {
			return fmt.Errorf("no executive assistant request logged")
		}
		if last != want {
			return fmt.Errorf("orgId query = %q, want %q", last, want)
		}
		return nil
	}
}

func TestAccWebexExecutiveAssistantDataSource_types(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	st := e.Sandbox.Webex()
	customer := st.AddOrg("Acme Corp")
	var steps []resource.TestStep
	for _, typ := range []string{sandbox.EATypeUnassigned, sandbox.EATypeExecutive, sandbox.EATypeExecutiveAssistant} {
		// A person of the token's own organization, read without org_id.
		own := st.AddPerson(sandbox.Person{DisplayName: "Own " + typ, Calling: true, ExecutiveAssistantType: typ})
		steps = append(steps, resource.TestStep{
			Config: e.Config(eaDataConfig(own, "")),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(eaDataAddr, tfjsonpath.New("type"), knownvalue.StringExact(typ)),
				statecheck.ExpectKnownValue(eaDataAddr, tfjsonpath.New("id"), knownvalue.StringExact(own)),
				statecheck.ExpectKnownValue(eaDataAddr, tfjsonpath.New("org_id"), knownvalue.Null()),
			},
			Check: checkOrgIDQuery(e, ""),
		})
		// A customer's person, read by a partner with org_id.
		cust := st.AddPerson(sandbox.Person{DisplayName: "Customer " + typ, Calling: true, ExecutiveAssistantType: typ, OrgID: customer})
		steps = append(steps, resource.TestStep{
			Config: e.Config(eaDataConfig(cust, customer)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(eaDataAddr, tfjsonpath.New("type"), knownvalue.StringExact(typ)),
				statecheck.ExpectKnownValue(eaDataAddr, tfjsonpath.New("id"), knownvalue.StringExact(cust)),
				statecheck.ExpectKnownValue(eaDataAddr, tfjsonpath.New("org_id"), knownvalue.StringExact(customer)),
			},
			Check: checkOrgIDQuery(e, customer),
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		Steps:                    steps,
	})
}

func TestAccWebexExecutiveAssistantDataSource_errors(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	st := e.Sandbox.Webex()
	customer := st.AddOrg("Acme Corp")
	other := st.AddOrg("Other Corp")
	noCalling := st.AddPerson(sandbox.Person{DisplayName: "Carol", Calling: false})
	calling := st.AddPerson(sandbox.Person{DisplayName: "Dan", Calling: true, OrgID: customer})
	unknown := webexid.Encode("us", webexid.TypePeople, "0badc0de-0000-4000-8000-000000000000") // valid, not in the sandbox
	writeOnly := "sandbox-webex-no-people-read"
	st.AddToken(writeOnly, "spark-admin:organizations_read")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      e.Config(eaDataConfig(noCalling, "")),
				ExpectError: regexp.MustCompile(`(?s)not\s+be\s+a\s+Webex\s+Calling\s+user.*HTTP 400.*not\s+a\s+Webex\s+Calling\s+user.*Tracking\s+ID: \S+`),
			},
			{
				Config:      e.Config(eaDataConfig(unknown, "")),
				ExpectError: regexp.MustCompile(`(?s)person\s+not\s+found.*HTTP 404.*Tracking\s+ID: \S+`),
			},
			// The person is not in the org given.
			{
				Config:      e.Config(eaDataConfig(calling, other)),
				ExpectError: regexp.MustCompile(`(?s)person\s+not\s+found.*HTTP 404`),
			},
			{
				Config: fmt.Sprintf(`
provider "partneradmin" {
  webex = { base_url = %q, access_token = %q }
}
`, e.URL+"/webex", writeOnly) + eaDataConfig(calling, customer),
				ExpectError: regexp.MustCompile(`(?s)HTTP 403.*spark-admin:people_read.*administrator`),
			},
		},
	})
}

// Bad IDs are refused at plan time and no request is sent.
func TestAccWebexExecutiveAssistantDataSource_planTimeValidation(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	st := e.Sandbox.Webex()
	org := st.AddOrg("Acme Corp")
	person := st.AddPerson(sandbox.Person{Calling: true, OrgID: org})
	cases := map[string]struct{ person, org, want string }{
		"path traversal": {"../../v1/people", "", `Invalid Webex ID`},
		"query":          {person + "?orgId=x", "", `Invalid Webex ID`},
		"org as person":  {org, "", `(?s)person_id\s+must\s+be\s+a\s+Webex\s+PEOPLE\s+ID`},
		"person as org":  {person, person, `(?s)org_id\s+must\s+be\s+a\s+Webex\s+ORGANIZATION\s+ID`},
		"raw uuid":       {"11a3f990-0c1b-4b5d-9f1e-2a6c3b4d5e6f", "", `Invalid Webex ID`},
	}
	var steps []resource.TestStep
	for name, c := range cases {
		steps = append(steps, resource.TestStep{
			Config:      e.Config(eaDataConfig(c.person, c.org)) + "\n# " + name,
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(c.want),
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		Steps:                    steps,
	})
	if n := e.VendorRequests(""); n != 0 {
		t.Fatalf("invalid input sent %d requests to the vendor API, want 0", n)
	}
}

// A type the provider does not know (Cisco may add values) is passed through.
func TestAccWebexExecutiveAssistantDataSource_unknownTypePassedThrough(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	st := e.Sandbox.Webex()
	person := st.AddPerson(sandbox.Person{Calling: true})
	if err := st.SetUndocumentedExecutiveAssistantType(person, "EXECUTIVE_DELEGATE"); err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: e.Config(eaDataConfig(person, "")),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(eaDataAddr, tfjsonpath.New("type"), knownvalue.StringExact("EXECUTIVE_DELEGATE")),
			},
		}},
	})
}

// The data source reads what the resource set, with the same org_id; it
// runs against a real tenant too (WEBEX_TEST_EA_PERSON_ID, optional
// WEBEX_TEST_EA_ORG_ID), where the type is known only after the resource
// set it.
func TestAccWebexExecutiveAssistantDataSource_readsResource(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	withOrg := true
	if e.Sandbox == nil {
		withOrg = os.Getenv(sharedtest.EnvWebexTestEAOrgID) != ""
	}
	f := newEAFixture(e, withOrg)
	org := "null"
	if f.orgID != "" {
		org = fmt.Sprintf("%q", f.orgID)
	}
	cfg := e.Config(eaResourceConfig(f.personID, f.orgID, sandbox.EATypeExecutiveAssistant) + fmt.Sprintf(`
data "partneradmin_webex_executive_assistant" "test" {
  person_id = partneradmin_webex_executive_assistant.test.person_id
  org_id    = %s
  depends_on = [partneradmin_webex_executive_assistant.test]
}
`, org))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		CheckDestroy:             checkEAType(e, f.personID, sandbox.EATypeUnassigned),
		Steps: []resource.TestStep{{
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(eaDataAddr, tfjsonpath.New("type"), knownvalue.StringExact(sandbox.EATypeExecutiveAssistant)),
				statecheck.ExpectKnownValue(eaDataAddr, tfjsonpath.New("id"), knownvalue.StringExact(f.personID)),
			},
		}},
	})
}

// The data source's 401, 429 and 5xx (retries run out) show the status and
// what to check.
func TestAccWebexExecutiveAssistantDataSource_httpErrors(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	person := e.Sandbox.Webex().AddPerson(sandbox.Person{Calling: true})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: fmt.Sprintf(`
provider "partneradmin" {
  webex = { base_url = %q, access_token = "not-a-valid-token" }
}
`, e.URL+"/webex") + eaDataConfig(person, ""),
				ExpectError: regexp.MustCompile(`(?s)Unable\s+to\s+read\s+executive\s+assistant\s+settings.*HTTP\s+401.*Tracking\s+ID.*WEBEX_ACCESS_TOKEN`),
			},
			{
				PreConfig:   func() { e.Sandbox.SetFaults(sandbox.Faults{RateLimited: 1}) },
				Config:      e.Config(eaDataConfig(person, "")),
				ExpectError: regexp.MustCompile(`(?s)Unable\s+to\s+read\s+executive\s+assistant\s+settings.*HTTP\s+429.*Tracking\s+ID`),
			},
			{
				PreConfig:   func() { e.Sandbox.SetFaults(sandbox.Faults{ServerError: 1}) },
				Config:      e.Config(eaDataConfig(person, "")),
				ExpectError: regexp.MustCompile(`(?s)Unable\s+to\s+read\s+executive\s+assistant\s+settings.*HTTP\s+50[0-4].*Tracking\s+ID`),
			},
			{
				PreConfig: func() {
					e.Sandbox.SetFaults(sandbox.Faults{})
					// max_retries = 3: the 401 read once, the 429 and 5xx 4 times each.
					if n := e.CountRoute(eaGetRoute); n != 1+4+4 {
						t.Errorf("%d reads, want 9: the 401 once, 4 attempts each for 429 and 5xx", n)
					}
				},
				Config: e.Config(eaDataConfig(person, "")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(eaDataAddr, tfjsonpath.New("type"), knownvalue.StringExact(sandbox.EATypeUnassigned)),
				},
			},
		},
	})
}
