package webex_test

import (
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/sharedtest"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/webexid"
)

// Saved plans (terraform plan -out, then terraform apply <planfile>) of the
// authoritative resource, when the customer's partner admins change after
// the plan. terraform-plugin-testing has no saved-plan step, so these tests
// drive the CLI with the provider built from source.

// webexWrites are the logged assigns and unassigns.
func webexWrites(sb *sandbox.Server) []string {
	var out []string
	for _, l := range sb.Log() {
		if l.Route == sharedtest.WebexAssignRoute || l.Route == sharedtest.WebexUnassignRoute {
			out = append(out, l.Method+" "+l.Path)
		}
	}
	return out
}

// unassignsOf counts the logged unassigns of person.
func unassignsOf(sb *sandbox.Server, person string) int {
	n := 0
	for _, l := range sb.Log() {
		if l.Route != sharedtest.WebexUnassignRoute {
			continue
		}
		for _, seg := range strings.Split(l.Path, "/") {
			if webexid.Equal(seg, person) {
				n++
			}
		}
	}
	return n
}

// The docs: an apply removes only the persons its plan named, and when the
// partner admins it would remove change between plan and apply, Terraform
// stops with an inconsistent-final-plan error before anyone is assigned or
// removed. A saved plan is applied after a partner admin is assigned by
// hand, and after one it would remove is unassigned by hand: each apply
// fails naming removes, sends no assign and no unassign, and leaves the
// customer as it was. On create and on update. The next plan names everyone
// it removes, and applies.
func TestAccWebexCustomerPartnerAdmins_savedPlanStale(t *testing.T) {
	sb, cli := newCLI(t, sandbox.Options{})
	st := sb.Webex()
	org := st.AddOrg("Acme Corp")
	alice := st.AddPerson(sandbox.Person{DisplayName: "Alice", PartnerRole: sandbox.RolePartnerAdmin})
	mallory := st.AddPerson(sandbox.Person{DisplayName: "Mallory", PartnerRole: sandbox.RolePartnerAdmin})
	late := st.AddPerson(sandbox.Person{DisplayName: "Late Comer", PartnerRole: sandbox.RolePartnerAdmin})
	env := &sharedtest.AccEnv{T: t, Sandbox: sb}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(st.Assign(org, mallory))
	cli.Write("main.tf", sharedtest.FullAddressBlock+`provider "partneradmin" {}`+"\n"+customerAdminsConfig(org, alice))

	plan := func(removes ...string) {
		t.Helper()
		out := flatten(cli.Run("plan", "-out=tfplan", "-input=false", "-no-color"))
		for _, id := range removes {
			if !strings.Contains(out, `"`+id+`"`) {
				t.Fatalf("the plan does not name %s in removes:\n%s", id, out)
			}
		}
	}
	staleApply := func(what, change string, assigned ...string) {
		t.Helper()
		sb.ResetLog()
		code, out := exitCode(cli, "apply", "-input=false", "-no-color", "tfplan")
		if code == 0 || !strings.Contains(flatten(out), "Error: Provider produced inconsistent final plan") ||
			!regexp.MustCompile(sharedtest.Words("invalid new value for .removes: "+change)).MatchString(out) {
			t.Fatalf("%s: apply of the saved plan: exit %d, want the inconsistent-plan error (%s):\n%s", what, code, change, out)
		}
		if w := webexWrites(sb); len(w) != 0 {
			t.Errorf("%s: the stale apply sent %v, want no assign and no unassign", what, w)
		}
		if err := checkExactly(env, org, assigned...)(nil); err != nil {
			t.Errorf("%s: %v", what, err)
		}
	}

	// Create: a partner admin assigned after the plan.
	plan(mallory)
	must(st.Assign(org, late))
	staleApply("create, assigned after the plan", `new element "`+late+`" has appeared`, mallory, late)
	if got := strings.TrimSpace(cli.Run("state", "list")); got != "" {
		t.Fatalf("the failed create recorded %q", got)
	}
	// Create: one the plan would remove, unassigned after the plan.
	plan(mallory, late)
	must(st.Unassign(org, mallory))
	staleApply("create, a person in removes gone after the plan", `element "`+mallory+`" has vanished`, late)

	cli.Run("apply", "-auto-approve", "-input=false")
	must(checkExactly(env, org, alice)(nil))

	// Update: the plan removes one assigned by hand; another comes.
	must(st.Assign(org, mallory))
	plan(mallory)
	must(st.Assign(org, late))
	staleApply("update, assigned after the plan", `new element "`+late+`" has appeared`, alice, mallory, late)

	plan(mallory, late)
	cli.Run("apply", "-input=false", "tfplan")
	must(checkExactly(env, org, alice)(nil))
}

// A partner admin assigned while the apply runs is left, with a warning,
// for the next plan to show: the apply removes only the persons its plan
// named. Once assigned as the apply's first assign arrives (after the apply
// read the customer's admins; a create), once as the apply's own read
// arrives (after its final plan; an update). Each apply succeeds promptly,
// warns naming the newcomer, removes exactly the planned person, and the
// next plan names the newcomer in removes.
func TestAccWebexCustomerPartnerAdmins_assignedDuringApply(t *testing.T) {
	e, hook := sharedtest.NewHookedAccEnv(t, sandbox.Options{})
	sb := e.Sandbox
	cli := sharedtest.NewDevCLI(t)
	st := sb.Webex()
	org := st.AddOrg("Acme Corp")
	alice := st.AddPerson(sandbox.Person{DisplayName: "Alice", PartnerRole: sandbox.RolePartnerAdmin})
	bob := st.AddPerson(sandbox.Person{DisplayName: "Bob", PartnerRole: sandbox.RolePartnerAdmin})
	mallory := st.AddPerson(sandbox.Person{DisplayName: "Mallory", PartnerRole: sandbox.RolePartnerAdmin})
	during1 := st.AddPerson(sandbox.Person{DisplayName: "During Create", PartnerRole: sandbox.RolePartnerAdmin})
	during2 := st.AddPerson(sandbox.Person{DisplayName: "During Update", PartnerRole: sandbox.RolePartnerAdmin})
	if err := st.Assign(org, mallory); err != nil {
		t.Fatal(err)
	}
	// Short timeouts: an apply that waited for the newcomer to go would
	// fail in seconds, not minutes.
	write := func(ids ...string) {
		cli.Write("main.tf", sharedtest.FullAddressBlock+e.Config(customerAdminsConfigWith(org,
			`  timeouts = { create = "20s", update = "20s" }`, ids...)))
	}
	// assignOn assigns person once, when the nth request of the route
	// ("POST" assign, "GET" list) arrives, before it is served.
	assignOn := func(method string, nth int, person string) {
		var mu sync.Mutex
		seen := 0
		hook.Set(func(r *http.Request) {
			if r.Method != method || !strings.Contains(r.URL.Path, "/partner/organizations/"+org+"/partnerAdmin") {
				return
			}
			mu.Lock()
			defer mu.Unlock()
			if seen++; seen == nth {
				if err := st.Assign(org, person); err != nil {
					t.Error(err)
				}
			}
		})
	}
	apply := func(what, during, name, removed string, want ...string) {
		t.Helper()
		sb.ResetLog()
		code, out := exitCode(cli, "apply", "-input=false", "-no-color", "tfplan")
		hook.Set(nil)
		flat := flatten(out)
		if code != 0 {
			t.Fatalf("%s: apply of the saved plan: exit %d:\n%s", what, code, out)
		}
		if !strings.Contains(flat, "Warning: Partner admins assigned since the plan were not removed") ||
			!strings.Contains(flat, during+" ("+name+")") {
			t.Errorf("%s: no warning naming %s (%s):\n%s", what, during, name, out)
		}
		if n := unassignsOf(sb, during); n != 0 {
			t.Errorf("%s: %d unassigns of %s, assigned during the apply", what, n, during)
		}
		if n := unassignsOf(sb, removed); n != 1 {
			t.Errorf("%s: %d unassigns of %s, the planned removal; want 1", what, n, removed)
		}
		if err := checkExactly(e, org, want...)(nil); err != nil {
			t.Errorf("%s: %v", what, err)
		}
	}

	write(alice)
	cli.Run("plan", "-out=tfplan", "-input=false")
	assignOn(http.MethodPost, 1, during1)
	apply("create", during1, "During Create", mallory, alice, during1)

	write(alice, bob)
	cli.Run("plan", "-out=tfplan", "-input=false")
	// The apply's first list is its final plan's; the second, its own read.
	assignOn(http.MethodGet, 2, during2)
	apply("update", during2, "During Update", during1, alice, bob, during2)

	code, out := exitCode(cli, "plan", "-detailed-exitcode", "-input=false", "-no-color")
	if code != 2 || !strings.Contains(flatten(out), `~ removes = { + "`+during2+`" = "During Update"`) {
		t.Fatalf("next plan: exit %d, want %s in removes:\n%s", code, during2, out)
	}
	cli.Run("apply", "-auto-approve", "-input=false")
	if err := checkExactly(e, org, alice, bob)(nil); err != nil {
		t.Fatal(err)
	}
}
