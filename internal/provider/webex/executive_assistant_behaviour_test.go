package webex_test

import (
	"fmt"
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
	"github.com/partneradmin/terraform-provider-partneradmin/internal/webexid"
)

const eaPutRoute = "PUT /v1/people/{personId}/features/executiveAssistant"

// eaResourceConfigWith is eaResourceConfig with more arguments inside the
// resource (timeouts).
func eaResourceConfigWith(personID, orgID, typ, inner string) string {
	cfg := eaResourceConfig(personID, orgID, typ)
	return cfg[:len(cfg)-2] + inner + "\n}\n"
}

// A PUT whose answer is lost after Webex applied it (late past the create
// timeout, or dropped and retried) is confirmed by a read: saved with no
// error, and the next plan is empty.
func TestAccWebexExecutiveAssistantResource_lostPut(t *testing.T) {
	cases := map[string]struct {
		late  sandbox.LateWrites
		inner string
		puts  int
	}{
		"late answer past the timeout": {sandbox.LateWrites{Delay: 1500 * time.Millisecond}, `  timeouts = { create = "1s" }`, 1},
		"dropped after commit":         {sandbox.LateWrites{Drop: 1}, "", 2},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			e := sharedtest.NewAccEnv(t, sandbox.Options{LateWrites: c.late})
			e.RequireSandbox()
			personID := e.Sandbox.Webex().AddPerson(sandbox.Person{Calling: true})
			cfg := e.Config(eaResourceConfigWith(personID, "", sandbox.EATypeExecutive, c.inner))
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: sharedtest.ProviderFactories,
				CheckDestroy:             checkEAType(e, personID, sandbox.EATypeUnassigned),
				Steps: []resource.TestStep{
					{
						Config: cfg,
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(eaAddr, tfjsonpath.New("type"), knownvalue.StringExact(sandbox.EATypeExecutive)),
						},
						Check: resource.ComposeAggregateTestCheckFunc(
							checkEAType(e, personID, sandbox.EATypeExecutive),
							checkRouteCount(e, eaPutRoute, c.puts),
						),
					},
					{
						PreConfig:        func() { e.Sandbox.SetLateWrites(sandbox.LateWrites{}) },
						Config:           cfg,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
					},
				},
			})
		})
	}
}

// A type Webex accepted but no read shows before the create timeout (and a
// lost PUT no read confirms) is saved with an error: tainted, so the next
// apply sets it again.
func TestAccWebexExecutiveAssistantResource_notConfirmed(t *testing.T) {
	const visible = 5 * time.Second // well after the confirmation read, even on a busy machine
	cases := map[string]struct {
		late sandbox.LateWrites
		want string
	}{
		"accepted, not visible in time": {sandbox.LateWrites{}, `(?s)Executive\s+assistant\s+type\s+not\s+confirmed.*accepted\s+the\s+type\s+EXECUTIVE.*saved\s+in\s+state\s+\(tainted\)`},
		"answer lost, not visible":      {sandbox.LateWrites{Delay: 1500 * time.Millisecond}, `(?s)Executive\s+assistant\s+type\s+outcome\s+unknown.*answer\s+was\s+lost.*saved\s+in\s+state\s+\(tainted\)`},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			e := sharedtest.NewAccEnv(t, sandbox.Options{VisibilityDelay: visible, LateWrites: c.late})
			e.RequireSandbox()
			personID := e.Sandbox.Webex().AddPerson(sandbox.Person{Calling: true})
			cfg := e.Config(eaResourceConfigWith(personID, "", sandbox.EATypeExecutive, `  timeouts = { create = "1s" }`))
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: sharedtest.ProviderFactories,
				CheckDestroy:             checkEAType(e, personID, sandbox.EATypeUnassigned),
				Steps: []resource.TestStep{
					{Config: cfg, ExpectError: regexp.MustCompile(c.want)},
					{
						PreConfig: func() {
							e.Sandbox.SetLateWrites(sandbox.LateWrites{})
							time.Sleep(visible)
						},
						Config: e.Config(eaResourceConfig(personID, "", sandbox.EATypeExecutive)),
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(eaAddr, plancheck.ResourceActionDestroyBeforeCreate)},
						},
						Check: checkEAType(e, personID, sandbox.EATypeExecutive),
					},
				},
			})
		})
	}
}

// 401 and 404 on create (an unknown person, or a person of another org)
// fail with what to check, and save nothing.
func TestAccWebexExecutiveAssistantResource_createErrors(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	st := e.Sandbox.Webex()
	customer, other := st.AddOrg("Acme Corp"), st.AddOrg("Other Corp")
	person := st.AddPerson(sandbox.Person{Calling: true, OrgID: customer})
	unknown := webexid.Encode("us", webexid.TypePeople, "0badc0de-0000-4000-8000-000000000003")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: fmt.Sprintf(`
provider "partneradmin" {
  webex = { base_url = %q, access_token = "not-a-valid-token" }
}
`, e.URL+"/webex") + eaResourceConfig(person, customer, sandbox.EATypeExecutive),
				ExpectError: regexp.MustCompile(`(?s)HTTP\s+401.*WEBEX_ACCESS_TOKEN`),
			},
			{
				Config:      e.Config(eaResourceConfig(unknown, "", sandbox.EATypeExecutive)),
				ExpectError: regexp.MustCompile(`(?s)person\s+not\s+found\s+\(check\s+person_id.*HTTP\s+404.*Person\s+not\s+found.*Tracking\s+ID`),
			},
			{
				Config:      e.Config(eaResourceConfig(person, other, sandbox.EATypeExecutive)),
				ExpectError: regexp.MustCompile(`(?s)person\s+not\s+found\s+\(check\s+person_id,\s+and\s+org_id.*HTTP\s+404`),
			},
		},
	})
	if got, _ := st.ExecutiveAssistantType(person); got != sandbox.EATypeUnassigned {
		t.Errorf("type %q after failed creates, want UNASSIGNED", got)
	}
}

// A type Cisco adds later, read on refresh, is shown and set back to the
// configured one in place.
func TestAccWebexExecutiveAssistantResource_undocumentedType(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	personID := e.Sandbox.Webex().AddPerson(sandbox.Person{Calling: true})
	cfg := e.Config(eaResourceConfig(personID, "", sandbox.EATypeExecutive))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		CheckDestroy:             checkEAType(e, personID, sandbox.EATypeUnassigned),
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig: func() {
					if err := e.Sandbox.Webex().SetUndocumentedExecutiveAssistantType(personID, "EXECUTIVE_DELEGATE"); err != nil {
						t.Fatal(err)
					}
				},
				RefreshState:       true,
				Check:              resource.TestCheckResourceAttr(eaAddr, "type", "EXECUTIVE_DELEGATE"),
				ExpectNonEmptyPlan: true,
			},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(eaAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(eaAddr, tfjsonpath.New("type"), knownvalue.StringExact(sandbox.EATypeExecutive)),
					},
				},
				Check: checkEAType(e, personID, sandbox.EATypeExecutive),
			},
		},
	})
}

// Changing person_id or org_id replaces the resource: the old person is set
// back to UNASSIGNED, the new one gets the type.
func TestAccWebexExecutiveAssistantResource_replace(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	st := e.Sandbox.Webex()
	customer := st.AddOrg("Acme Corp")
	first := st.AddPerson(sandbox.Person{Calling: true, OrgID: customer})
	second := st.AddPerson(sandbox.Person{Calling: true, OrgID: customer})
	replace := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(eaAddr, plancheck.ResourceActionReplace)}}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		CheckDestroy: resource.ComposeAggregateTestCheckFunc(
			checkEAType(e, first, sandbox.EATypeUnassigned),
			checkEAType(e, second, sandbox.EATypeUnassigned),
		),
		Steps: []resource.TestStep{
			{Config: e.Config(eaResourceConfig(first, "", sandbox.EATypeExecutive)), Check: checkEAType(e, first, sandbox.EATypeExecutive)},
			{
				Config:           e.Config(eaResourceConfig(second, "", sandbox.EATypeExecutive)),
				ConfigPlanChecks: replace,
				Check: resource.ComposeAggregateTestCheckFunc(
					checkEAType(e, first, sandbox.EATypeUnassigned),
					checkEAType(e, second, sandbox.EATypeExecutive),
				),
			},
			{
				Config:           e.Config(eaResourceConfig(second, customer, sandbox.EATypeExecutive)),
				ConfigPlanChecks: replace,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(eaAddr, tfjsonpath.New("org_id"), knownvalue.StringExact(customer)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkEAType(e, second, sandbox.EATypeExecutive),
					checkOrgIDQueryOf(e, eaPutRoute, customer),
				),
			},
		},
	})
}

// checkOrgIDQueryOf checks the orgId query of the last request on route.
func checkOrgIDQueryOf(e *sharedtest.AccEnv, route, want string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		var last *sandbox.LogEntry
		log := e.Sandbox.Log()
		for i := range log {
			if log[i].Route == route {
				last = &log[i]
			}
		}
		if last == nil {
			return fmt.Errorf("no %s logged", route)
		}
		if want := "orgId=" + want; last.Query != want {
			return fmt.Errorf("query %q, want %q", last.Query, want)
		}
		return nil
	}
}

// The read and delete timeouts: a refresh slower than its timeout fails and
// keeps the resource; a reset whose answer comes after the delete timeout is
// confirmed by a read.
func TestAccWebexExecutiveAssistantResource_timeouts(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	personID := e.Sandbox.Webex().AddPerson(sandbox.Person{Calling: true})
	cfg := e.Config(eaResourceConfigWith(personID, "", sandbox.EATypeExecutive, `  timeouts = { read = "1s", delete = "1s", update = "1s" }`))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		CheckDestroy: resource.ComposeAggregateTestCheckFunc(
			checkEAType(e, personID, sandbox.EATypeUnassigned),
			func(*terraform.State) error {
				var last sandbox.LogEntry
				for _, l := range e.Sandbox.Log() {
					if l.Route == eaPutRoute {
						last = l
					}
				}
				if last.Fault != sandbox.FaultLateAnswer || last.Status != 0 || !last.Acted {
					return fmt.Errorf("last PUT %+v: want the destroy's, answered after its timeout", last)
				}
				return nil
			},
		),
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig:   func() { e.Sandbox.SetFaults(sandbox.Faults{Latency: 3 * time.Second}) },
				Config:      cfg,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Unable\s+to\s+read\s+executive\s+assistant\s+settings.*` + sharedtest.TimedOut("read", "1s", sharedtest.Words("while waiting on Webex to"), "2s")),
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
