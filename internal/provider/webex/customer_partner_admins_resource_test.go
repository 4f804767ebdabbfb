package webex_test

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/sharedtest"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/webex"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/webexid"
)

const customerAdminsAddr = "partneradmin_webex_customer_partner_admins.test"

func customerAdminsConfig(orgID string, personIDs ...string) string {
	return customerAdminsConfigWith(orgID, "", personIDs...)
}

func customerAdminsConfigWith(orgID, inner string, personIDs ...string) string {
	quoted := make([]string, len(personIDs))
	for i, p := range personIDs {
		quoted[i] = fmt.Sprintf("%q", p)
	}
	return fmt.Sprintf(`
resource "partneradmin_webex_customer_partner_admins" "test" {
  org_id     = %q
  person_ids = [%s]
%s
}
`, orgID, strings.Join(quoted, ", "), inner)
}

// checkExactly checks that the sandbox's customer has exactly these partner
// admins (latest writes, visible or not).
func checkExactly(e *sharedtest.AccEnv, orgID string, want ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		got := e.Sandbox.Webex().Assignments(orgID)
		if len(got) != len(want) {
			return fmt.Errorf("customer's partner admins = %v, want %v", got, want)
		}
		for _, w := range want {
			if !slices.ContainsFunc(got, func(g string) bool { return webexid.Equal(g, w) }) {
				return fmt.Errorf("customer's partner admins = %v, want %v", got, want)
			}
		}
		return nil
	}
}

func namesOf(m map[string]string) knownvalue.Check {
	checks := map[string]knownvalue.Check{}
	for k, v := range m {
		checks[k] = knownvalue.StringExact(v)
	}
	return knownvalue.MapExact(checks)
}

func idSet(ids ...string) knownvalue.Check {
	checks := make([]knownvalue.Check, len(ids))
	for i, id := range ids {
		checks[i] = knownvalue.StringExact(id)
	}
	return knownvalue.SetExact(checks)
}

// The create plan names, in removes, the partner admin it will unassign
// (assigned by hand before): a value planned from a live read, before
// anyone confirms. The apply leaves exactly the configured set. A partner
// admin added by hand later is drift: the plan shows it in person_ids and
// names it in removes, and the apply removes it. Import by org_id reads the
// same state. Destroy unassigns the configured admins only: one added by
// hand after the last apply stays.
func TestAccWebexCustomerPartnerAdmins_basic(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	st := e.Sandbox.Webex()
	org := st.AddOrg("Acme Corp")
	admin := func(name string, emails ...string) string {
		return st.AddPerson(sandbox.Person{DisplayName: name, Emails: emails, PartnerRole: sandbox.RolePartnerAdmin})
	}
	alice, bob := admin("Alice Anders", "alice@partner.example"), admin("Bob Brown")
	mallory, carol, dave := admin("Mallory Hand"), admin("", "carol@partner.example"), admin("Dave")
	for _, p := range []string{alice, mallory} { // alice is kept, mallory removed
		if err := st.Assign(org, p); err != nil {
			t.Fatal(err)
		}
	}
	cfg := e.Config(customerAdminsConfig(org, alice, bob))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		CheckDestroy: resource.ComposeAggregateTestCheckFunc(
			checkExactly(e, org, dave),
			checkRouteCount(e, "DELETE /v1/partner/organizations/partnerAdmin/{personId}", 0),
		),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(customerAdminsAddr, plancheck.ResourceActionCreate),
						plancheck.ExpectKnownValue(customerAdminsAddr, tfjsonpath.New("removes"), namesOf(map[string]string{mallory: "Mallory Hand"})),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(customerAdminsAddr, tfjsonpath.New("person_ids"), idSet(alice, bob)),
					statecheck.ExpectKnownValue(customerAdminsAddr, tfjsonpath.New("display_names"), namesOf(map[string]string{alice: "Alice Anders", bob: "Bob Brown"})),
					statecheck.ExpectKnownValue(customerAdminsAddr, tfjsonpath.New("id"), knownvalue.StringExact(org)),
				},
				Check: checkExactly(e, org, alice, bob),
			},
			{
				// Carol, added by hand, has no display name: the plan names her by email.
				PreConfig: func() {
					if err := st.Assign(org, carol); err != nil {
						t.Fatal(err)
					}
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(customerAdminsAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(customerAdminsAddr, tfjsonpath.New("removes"), namesOf(map[string]string{carol: "carol@partner.example"})),
					},
				},
				Check: checkExactly(e, org, alice, bob),
			},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				ResourceName:                         customerAdminsAddr,
				ImportState:                          true,
				ImportStateId:                        org,
				ImportStateVerify:                    true,
				ImportStateVerifyIdentifierAttribute: "org_id",
				ImportStateVerifyIgnore:              []string{"timeouts", "removes"},
			},
			{
				PreConfig: func() {
					if err := st.Assign(org, dave); err != nil {
						t.Fatal(err)
					}
				},
				// Refreshed: dave is in person_ids (drift), not in
				// managed_person_ids, so destroy leaves him.
				RefreshState:       true,
				ExpectNonEmptyPlan: true,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckTypeSetElemAttr(customerAdminsAddr, "person_ids.*", dave),
					resource.TestCheckResourceAttr(customerAdminsAddr, "managed_person_ids.#", "2"),
				),
			},
		},
	})
}

// The drift plan names the hand-added admin in the CLI's own plan output,
// by ID and by name, and terraform show -json has it in removes.
func TestAccWebexCustomerPartnerAdmins_driftNamedInPlan(t *testing.T) {
	sb, cli := newCLI(t, sandbox.Options{})
	st := sb.Webex()
	org := st.AddOrg("Acme Corp")
	alice := st.AddPerson(sandbox.Person{DisplayName: "Alice Anders", PartnerRole: sandbox.RolePartnerAdmin})
	mallory := st.AddPerson(sandbox.Person{DisplayName: "Mallory Hand", PartnerRole: sandbox.RolePartnerAdmin})
	cli.Write("main.tf", sharedtest.FullAddressBlock+`provider "partneradmin" {}`+"\n"+customerAdminsConfig(org, alice))
	cli.Run("apply", "-auto-approve", "-input=false")
	if err := st.Assign(org, mallory); err != nil {
		t.Fatal(err)
	}
	code, out := exitCode(cli, "plan", "-detailed-exitcode", "-input=false", "-no-color")
	if code != 2 {
		t.Fatalf("plan: exit %d, want 2 (changes):\n%s", code, out)
	}
	flat := flatten(out)
	for _, want := range []string{
		`~ removes = { + "` + mallory + `" = "Mallory Hand" }`,
		`- "` + mallory + `"`,
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("the plan does not show %q:\n%s", want, out)
		}
	}
	cli.Run("apply", "-auto-approve", "-input=false")
	if got := st.Assignments(org); len(got) != 1 || !webexid.Equal(got[0], alice) {
		t.Fatalf("after apply: %v, want only alice", got)
	}
}

// A person ID listed twice in two encodings is refused at plan time, as is
// an ID that is not a person's; no request is sent.
func TestAccWebexCustomerPartnerAdmins_planTimeValidation(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	st := e.Sandbox.Webex()
	org := st.AddOrg("Acme Corp")
	alice := st.AddPerson(sandbox.Person{DisplayName: "Alice", PartnerRole: sandbox.RolePartnerAdmin})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      e.Config(customerAdminsConfig(org, alice, regionalForm(t, alice))),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Duplicate\s+partner\s+admin.*person_ids\s+names\s+the\s+same\s+person\s+twice`),
			},
			{
				Config:      e.Config(customerAdminsConfig(org, org)),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Invalid\s+Webex\s+ID.*person_ids.*must\s+be\s+a\s+Webex\s+PEOPLE\s+ID`),
			},
			{
				Config:      e.Config(customerAdminsConfig("../../v1/people/me", alice)),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Invalid\s+Webex\s+ID.*org_id`),
			},
		},
	})
	if n := e.VendorRequests(""); n != 0 {
		t.Fatalf("invalid input sent %d requests to the vendor API, want 0", n)
	}
}

// flatten undoes the CLI's diagnostic boxes and line wrapping.
func flatten(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "│", " ")), " ")
}

// An assign refused part way (a person without the Partner Administrator
// role) fails the apply; state holds what Webex holds (the admins assigned
// before the failure, and the one the plan meant to remove, which is not
// removed after a failed assign), not the plan. Once the role is granted,
// the next apply converges to exactly the configured set. A failed create
// is tainted and replaced; a failed update is not.
func TestAccWebexCustomerPartnerAdmins_partialFailure(t *testing.T) {
	sb, cli := newCLI(t, sandbox.Options{})
	st := sb.Webex()
	org := st.AddOrg("Acme Corp")
	alice := st.AddPerson(sandbox.Person{DisplayName: "Alice", PartnerRole: sandbox.RolePartnerAdmin})
	bob := st.AddPerson(sandbox.Person{DisplayName: "Bob", PartnerRole: sandbox.RolePartnerAdmin})
	mallory := st.AddPerson(sandbox.Person{DisplayName: "Mallory", PartnerRole: sandbox.RolePartnerAdmin})
	eve := st.AddPerson(sandbox.Person{DisplayName: "Eve"}) // no partner role yet: her assign is refused
	if err := st.Assign(org, mallory); err != nil {
		t.Fatal(err)
	}
	setEveRole := func(role string) {
		if _, err := st.AddPersonWithID(eve, sandbox.Person{DisplayName: "Eve", PartnerRole: role}); err != nil {
			t.Fatal(err)
		}
	}
	write := func(ids ...string) {
		cli.Write("main.tf", sharedtest.FullAddressBlock+`provider "partneradmin" {}`+"\n"+customerAdminsConfig(org, ids...))
	}
	// stateTrue checks that person_ids in state is what the sandbox holds.
	stateTrue := func(what string, wantTainted bool) {
		t.Helper()
		ids, tainted := statePersons(t, cli)
		if err := checkExactly(&sharedtest.AccEnv{T: t, Sandbox: sb}, org, ids...)(nil); err != nil {
			t.Fatalf("%s: state person_ids %v are not what Webex holds: %v", what, ids, err)
		}
		if tainted != wantTainted {
			t.Fatalf("%s: tainted = %v, want %v", what, tainted, wantTainted)
		}
	}
	holds := func(p string) bool {
		return slices.ContainsFunc(st.Assignments(org), func(g string) bool { return webexid.Equal(g, p) })
	}

	write(alice, bob, eve)
	if code, out := exitCode(cli, "apply", "-auto-approve", "-input=false", "-no-color"); code == 0 ||
		!regexp.MustCompile(`(?s)Unable\s+to\s+assign\s+partner\s+admin.*HTTP\s+400.*not\s+a\s+partner\s+administrator`).MatchString(out) {
		t.Fatalf("create: exit %d, want the refused assign:\n%s", code, out)
	}
	stateTrue("after the failed create", true)
	if !holds(mallory) {
		t.Fatal("mallory was removed after a failed assign")
	}
	setEveRole(sandbox.RolePartnerAdmin)
	cli.Run("apply", "-auto-approve", "-input=false")
	if err := checkExactly(&sharedtest.AccEnv{T: t, Sandbox: sb}, org, alice, bob, eve)(nil); err != nil {
		t.Fatal(err)
	}

	// Update: Eve loses the role by hand; dropping Bob and re-adding Eve
	// fails on Eve's assign, so Bob is not removed either.
	if err := st.Unassign(org, eve); err != nil {
		t.Fatal(err)
	}
	setEveRole("")
	write(alice, eve)
	if code, out := exitCode(cli, "apply", "-auto-approve", "-input=false", "-no-color"); code == 0 {
		t.Fatalf("update: exit 0, want the refused assign:\n%s", out)
	}
	stateTrue("after the failed update", false)
	if !holds(bob) {
		t.Fatal("bob was removed after a failed assign")
	}
	setEveRole(sandbox.RolePartnerAdmin)
	cli.Run("apply", "-auto-approve", "-input=false")
	if err := checkExactly(&sharedtest.AccEnv{T: t, Sandbox: sb}, org, alice, eve)(nil); err != nil {
		t.Fatal(err)
	}
	cli.Run("destroy", "-auto-approve", "-input=false")
	if got := st.Assignments(org); len(got) != 0 {
		t.Fatalf("after destroy: %v", got)
	}
}

// statePersons returns person_ids of the one resource in the CLI's state,
// and whether it is tainted.
func statePersons(t *testing.T, cli *sharedtest.CLI) ([]string, bool) {
	t.Helper()
	var st struct {
		Resources []struct {
			Instances []struct {
				Status     string `json:"status"`
				Attributes struct {
					PersonIDs []string `json:"person_ids"`
				} `json:"attributes"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal([]byte(cli.Run("state", "pull")), &st); err != nil {
		t.Fatal(err)
	}
	if len(st.Resources) != 1 || len(st.Resources[0].Instances) != 1 {
		t.Fatalf("state holds %d resources, want the one: the assigned admins would be orphaned", len(st.Resources))
	}
	in := st.Resources[0].Instances[0]
	return in.Attributes.PersonIDs, in.Status == "tainted"
}

// An assign and an unassign whose answers are lost after Webex acted (the
// connection drops; the retries meet "already assigned" and "not
// assigned") are confirmed by a read: no error, exactly the configured set,
// and the next plan is empty.
func TestAccWebexCustomerPartnerAdmins_lostAnswersConfirmed(t *testing.T) {
	for name, opts := range readings {
		t.Run(name, func(t *testing.T) {
			e := sharedtest.NewAccEnv(t, opts)
			e.RequireSandbox()
			st := e.Sandbox.Webex()
			org := st.AddOrg("Acme Corp")
			alice := st.AddPerson(sandbox.Person{DisplayName: "Alice", PartnerRole: sandbox.RolePartnerAdmin})
			mallory := st.AddPerson(sandbox.Person{DisplayName: "Mallory", PartnerRole: sandbox.RolePartnerAdmin})
			if err := st.Assign(org, mallory); err != nil {
				t.Fatal(err)
			}
			cfg := e.Config(customerAdminsConfig(org, alice))
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: sharedtest.ProviderFactories,
				CheckDestroy:             checkExactly(e, org),
				Steps: []resource.TestStep{
					{
						// Alice's first assign is applied, and its answer dropped.
						PreConfig: func() { e.Sandbox.SetLateWrites(sandbox.LateWrites{Drop: 1}) },
						Config:    cfg,
						Check: resource.ComposeAggregateTestCheckFunc(
							checkExactly(e, org, alice),
							checkRouteCount(e, sharedtest.WebexAssignRoute, 2),
						),
					},
					{
						PreConfig: func() {
							if err := st.Assign(org, mallory); err != nil {
								t.Fatal(err)
							}
							e.Sandbox.SetLateWrites(sandbox.LateWrites{Drop: 1})
						},
						Config: cfg,
						Check: resource.ComposeAggregateTestCheckFunc(
							checkExactly(e, org, alice),
							// Step 1's unassign of Mallory, and now two: the
							// dropped one and its retry.
							checkRouteCount(e, sharedtest.WebexUnassignRoute, 3),
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

// An assign whose answer is lost and that no read shows yet (Webex lists
// it only after a delay) fails the apply but is kept in state, with the
// admin the plan meant to remove (nothing is removed after it); the next
// apply converges to exactly the configured set.
func TestAccWebexCustomerPartnerAdmins_lostAnswerUnconfirmed(t *testing.T) {
	sb, cli := newCLI(t, sandbox.Options{VisibilityDelay: 5 * time.Second, LateWrites: sandbox.LateWrites{Delay: 1500 * time.Millisecond}})
	st := sb.Webex()
	org := st.AddOrg("Acme Corp")
	alice := st.AddPerson(sandbox.Person{DisplayName: "Alice", PartnerRole: sandbox.RolePartnerAdmin})
	mallory := st.AddPerson(sandbox.Person{DisplayName: "Mallory", PartnerRole: sandbox.RolePartnerAdmin})
	if err := st.Assign(org, mallory); err != nil {
		t.Fatal(err)
	}
	cli.Write("main.tf", sharedtest.FullAddressBlock+`provider "partneradmin" {}`+"\n"+customerAdminsConfigWith(org, `timeouts = { create = "1s" }`, alice))
	code, out := exitCode(cli, "apply", "-auto-approve", "-input=false", "-no-color")
	if code == 0 || !regexp.MustCompile(`(?s)Partner\s+admin\s+assignment\s+outcome\s+unknown.*answer\s+was\s+lost.*kept\s+in\s+state`).MatchString(out) {
		t.Fatalf("apply: exit %d, want the unknown outcome:\n%s", code, out)
	}
	ids, tainted := statePersons(t, cli)
	if !tainted || len(ids) != 2 || !slices.ContainsFunc(ids, func(s string) bool { return webexid.Equal(s, alice) }) {
		t.Fatalf("state person_ids %v (tainted %v), want alice (unconfirmed) and mallory (not removed), tainted", ids, tainted)
	}
	e := &sharedtest.AccEnv{T: t, Sandbox: sb}
	if err := checkExactly(e, org, alice, mallory)(nil); err != nil {
		t.Fatal(err)
	}
	sb.SetLateWrites(sandbox.LateWrites{})
	cli.Write("main.tf", sharedtest.FullAddressBlock+`provider "partneradmin" {}`+"\n"+customerAdminsConfigWith(org, `timeouts = { create = "1m", delete = "1m" }`, alice))
	cli.Run("apply", "-auto-approve", "-input=false")
	if err := checkExactly(e, org, alice)(nil); err != nil {
		t.Fatal(err)
	}
	cli.Run("destroy", "-auto-approve", "-input=false")
	if err := checkExactly(e, org)(nil); err != nil {
		t.Fatal(err)
	}
}

// A refresh costs one list request per page, and the plan's live read of
// removes shares it: a plan of a customer with five admins at two per page
// sends exactly three requests, the three pages.
func TestAccWebexCustomerPartnerAdmins_requestBudget(t *testing.T) {
	sb, cli := newCLI(t, sandbox.Options{PageSize: 2, WebexPagedPartnerLists: true})
	st := sb.Webex()
	org := st.AddOrg("Acme Corp")
	var people []string
	for i := range 5 {
		people = append(people, st.AddPerson(sandbox.Person{DisplayName: fmt.Sprintf("Admin %d", i), PartnerRole: sandbox.RolePartnerAdmin}))
	}
	cli.Write("main.tf", sharedtest.FullAddressBlock+`provider "partneradmin" {}`+"\n"+customerAdminsConfig(org, people...))
	cli.Run("apply", "-auto-approve", "-input=false")
	sb.ResetLog()
	if code, out := exitCode(cli, "plan", "-detailed-exitcode", "-input=false"); code != 0 {
		t.Fatalf("plan: exit %d, want 0 (no changes):\n%s", code, out)
	}
	var starts []string
	for _, entry := range sb.Log() {
		if entry.Route != sharedtest.WebexAdminsRoute {
			t.Fatalf("plan sent %s %s, want only the partner admins list", entry.Method, entry.Path)
		}
		starts = append(starts, entry.Query)
	}
	if len(starts) != 3 {
		t.Fatalf("plan sent %d list requests (%q), want 3: one per page, shared by the refresh and the plan's read", len(starts), starts)
	}
}

// One plan holding the authoritative resource and an assignment of the
// same customer warns, naming the person the authoritative resource would
// remove; an assignment of another customer does not.
func TestAccWebexCustomerPartnerAdmins_conflictWarning(t *testing.T) {
	sb, cli := newCLI(t, sandbox.Options{})
	st := sb.Webex()
	org, other := st.AddOrg("Acme Corp"), st.AddOrg("Other Corp")
	alice := st.AddPerson(sandbox.Person{DisplayName: "Alice", PartnerRole: sandbox.RolePartnerAdmin})
	bob := st.AddPerson(sandbox.Person{DisplayName: "Bob", PartnerRole: sandbox.RolePartnerAdmin})
	base := sharedtest.FullAddressBlock + `provider "partneradmin" {}` + "\n" + customerAdminsConfig(org, alice)
	cli.Write("main.tf", base+fmt.Sprintf(`
resource "partneradmin_webex_partner_admin_assignment" "elsewhere" {
  org_id    = %q
  person_id = %q
}
`, other, bob))
	if out := flatten(cli.Run("plan", "-input=false", "-no-color")); strings.Contains(out, "Conflicting resources") {
		t.Fatalf("an assignment of another customer is reported as a conflict:\n%s", out)
	}
	cli.Write("main.tf", base+fmt.Sprintf(`
resource "partneradmin_webex_partner_admin_assignment" "same" {
  org_id    = %q
  person_id = %q
}
`, org, bob))
	out := flatten(cli.Run("plan", "-input=false", "-no-color"))
	if !strings.Contains(out, "Warning: Conflicting resources for one customer") ||
		!strings.Contains(out, bob+": assigned by an assignment resource, and not in the authoritative resource's person_ids") {
		t.Fatalf("the plan does not warn about the conflict naming %s:\n%s", bob, out)
	}
}

// With a wrong base URL (a 404 that proves nothing), plan, destroy and
// destroy without refresh fail, naming the base URL, and nobody is
// unassigned.
func TestAccWebexCustomerPartnerAdmins_wrongBaseURL(t *testing.T) {
	sb := sandbox.New(sandbox.Options{})
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	cli := sharedtest.NewDevCLI(t, webex.EnvAccessToken+"="+sandbox.DefaultWebexToken)
	st := sb.Webex()
	org := st.AddOrg("Acme Corp")
	alice := st.AddPerson(sandbox.Person{DisplayName: "Alice", PartnerRole: sandbox.RolePartnerAdmin})
	mallory := st.AddPerson(sandbox.Person{DisplayName: "Mallory", PartnerRole: sandbox.RolePartnerAdmin})
	resources := customerAdminsConfig(org, alice)
	write := func(base string) {
		cli.Write("main.tf", sharedtest.FullAddressBlock+fmt.Sprintf(`
provider "partneradmin" {
  max_retries = 1
  webex = { base_url = %q }
}
`, base)+resources)
	}
	write(srv.URL + "/webex")
	cli.Run("apply", "-auto-approve", "-input=false")
	if err := st.Assign(org, mallory); err != nil {
		t.Fatal(err)
	}
	wrong := srv.URL + "/webex/v2"
	write(wrong)
	sb.ResetLog()
	for _, args := range [][]string{
		{"plan", "-input=false", "-no-color"},
		{"destroy", "-auto-approve", "-input=false", "-no-color"},
		{"destroy", "-refresh=false", "-auto-approve", "-input=false", "-no-color"},
	} {
		code, out := exitCode(cli, args...)
		if code == 0 || !strings.Contains(flatten(out), "the base URL "+wrong+" is probably wrong") {
			t.Errorf("terraform %s: exit %d, want a failure blaming the base URL:\n%s", strings.Join(args, " "), code, out)
		}
	}
	for _, l := range sb.Log() {
		if l.Route == sharedtest.WebexUnassignRoute && l.Status < 300 {
			t.Errorf("an unassign succeeded through the wrong base URL: %s", l.Path)
		}
	}
	if got := st.Assignments(org); len(got) != 2 {
		t.Fatalf("after the failed commands the customer has %v, want alice and mallory untouched", got)
	}
	if got := strings.Fields(cli.Run("state", "list")); len(got) != 1 {
		t.Fatalf("state holds %v, want the resource", got)
	}
}

// Terraform 1.12+: an import block by identity (org_id) reads every partner
// admin of the customer, and the next plan is empty.
func TestAccWebexCustomerPartnerAdmins_identity(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	st := e.Sandbox.Webex()
	org := st.AddOrg("Acme Corp")
	alice := st.AddPerson(sandbox.Person{DisplayName: "Alice", PartnerRole: sandbox.RolePartnerAdmin})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		CheckDestroy:             checkExactly(e, org),
		Steps: []resource.TestStep{
			{
				Config: e.Config(customerAdminsConfig(org, alice)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(customerAdminsAddr, map[string]knownvalue.Check{"org_id": knownvalue.StringExact(org)}),
				},
			},
			{
				Config:          e.Config(customerAdminsConfig(org, alice)),
				ResourceName:    customerAdminsAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
		},
	})
}

// The authoritative resource against the fixtures: in the sandbox, or on a
// real tenant's customer reserved for it (WEBEX_TEST_EXCLUSIVE_ORG_ID, with
// WEBEX_TEST_PERSON_ID), whose other partner admins it removes. The
// customer is left with exactly the test person, then with nobody.
func TestAccWebexCustomerPartnerAdmins_fixture(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	f := sharedtest.NewWebexExclusiveFixture(e)
	cfg := e.Config(customerAdminsConfig(f.OrgID, f.PersonID))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		CheckDestroy:             sharedtest.CheckWebexAssignmentsGone(e, f.OrgID),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(customerAdminsAddr, tfjsonpath.New("person_ids"), idSet(f.PersonID)),
					statecheck.ExpectKnownValue(customerAdminsAddr, tfjsonpath.New("managed_person_ids"), idSet(f.PersonID)),
				},
			},
			{
				Config:            cfg,
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(customerAdminsAddr, tfjsonpath.New("removes"), knownvalue.MapExact(map[string]knownvalue.Check{}))},
			},
		},
	})
}

// The documented examples apply against the sandbox's demo data as written:
// the resource leaves Globex with exactly Alice and Bob (removing Carol's
// stand-in, a partner admin assigned by hand), and the data source lists
// the customers Alice manages.
func TestAccWebexCustomerPartnerAdmins_examples(t *testing.T) {
	res := sharedtest.ExampleConfig(t, "../../../examples/resources/partneradmin_webex_customer_partner_admins/resource.tf")
	ds := sharedtest.ExampleConfig(t, "../../../examples/data-sources/partneradmin_webex_managed_customers/data-source.tf")
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	demo := e.Sandbox.SeedDemo()
	st := e.Sandbox.Webex()
	extra := st.AddPerson(sandbox.Person{DisplayName: "Hand Made", PartnerRole: sandbox.RolePartnerAdmin})
	for _, a := range [][2]string{{demo.GlobexOrgID, extra}, {demo.AcmeOrgID, demo.AliceID}} {
		if err := st.Assign(a[0], a[1]); err != nil {
			t.Fatal(err)
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: e.Config(res),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("globex_partner_admins", knownvalue.ListExact([]knownvalue.Check{
						knownvalue.StringExact("Alice Anders"), knownvalue.StringExact("Bob Baker"),
					})),
				},
				Check: checkExactly(e, demo.GlobexOrgID, demo.AliceID, demo.BobID),
			},
			{
				Config: e.Config(res + ds),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("alice_customers", knownvalue.ListExact([]knownvalue.Check{
						knownvalue.StringExact(demo.AcmeOrgID), knownvalue.StringExact(demo.GlobexOrgID),
					})),
				},
			},
		},
	})
}
