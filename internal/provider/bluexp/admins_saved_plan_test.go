package bluexp_test

import (
	"errors"
	"net/http"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/sharedtest"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
)

// Saved plans (terraform plan -out, then terraform apply <planfile>) of an
// exclusive resource, when the role's members change after the plan.
// terraform-plugin-testing has no saved-plan step, so these tests drive the
// CLI with the provider built from source.

// runCLI runs terraform with args and returns its exit code and output.
func runCLI(cli *sharedtest.CLI, args ...string) (int, string) {
	out, err := cli.Command(args...).CombinedOutput()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0, string(out)
	case errors.As(err, &exit):
		return exit.ExitCode(), string(out)
	}
	return -1, err.Error() + "\n" + string(out)
}

// writes are the logged requests of the role that add or remove a member.
func writes(e *sharedtest.AccEnv, role sharedtest.BlueXPRole) []string {
	var out []string
	for _, l := range e.Sandbox.Log() {
		if l.Route == role.RouteAdd || l.Route == role.RouteRemove {
			out = append(out, l.Method+" "+l.Path)
		}
	}
	return out
}

// removedIn is the logged DELETEs of the role whose path names user.
func removedIn(e *sharedtest.AccEnv, role sharedtest.BlueXPRole, user string) int {
	n := 0
	for _, l := range e.Sandbox.Log() {
		if l.Route == role.RouteRemove && strings.Contains(strings.ToLower(l.Path), strings.ToLower(user)) {
			n++
		}
	}
	return n
}

// The docs of removes: "if the members change between plan and apply,
// Terraform stops with an inconsistent-plan error before removing anyone".
// A saved plan is applied after a member appears, after a member it would
// remove disappears, and after one is swapped for another (the same count):
// each apply fails with Terraform's inconsistent-final-plan error naming
// removes, and sends no add and no DELETE; the members are as left by hand.
// On create and on update. A fresh apply then converges.
func TestAccBlueXPAdmins_exclusiveSavedPlanStale(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	built := sharedtest.NewDevCLI(t)
	for _, role := range sharedtest.BlueXPRoles {
		t.Run(role.Name, func(t *testing.T) {
			f := sharedtest.NewBlueXPFixture(e)
			st := e.Sandbox.BlueXP()
			outside := st.AddUser(sandbox.BlueXPUser{Name: "Outsider"})
			late := st.AddUser(sandbox.BlueXPUser{Name: "Added after the plan"})
			must := func(err error) {
				t.Helper()
				if err != nil {
					t.Fatal(err)
				}
			}
			must(role.AddMember(e, f.PID, outside))
			cli := *built
			cli.Dir = t.TempDir()
			cli.Write("main.tf", sharedtest.FullAddressBlock+e.Config(role.ExclusiveConfig(f.PID, sharedtest.BlueXPUserID(f.ByID))))

			// staleApply applies the saved plan: it must fail as the docs say,
			// write nothing, and leave exactly the members given.
			staleApply := func(what string, members ...string) {
				t.Helper()
				e.Sandbox.ResetLog()
				code, out := runCLI(&cli, "apply", "-input=false", "-no-color", "tfplan")
				if code == 0 || !regexp.MustCompile(`(?s)`+sharedtest.Words("Error: Provider produced inconsistent final plan")+`.*`+
					sharedtest.Words("produced an invalid new value for .removes")).MatchString(out) {
					t.Fatalf("%s: apply of the saved plan: exit %d, want the inconsistent-plan error on removes:\n%s", what, code, out)
				}
				if w := writes(e, role); len(w) != 0 {
					t.Errorf("%s: the stale apply sent %v, want no add and no removal", what, w)
				}
				role.CheckMembers(t, e, f.PID, members...)
			}
			plan := func(removes ...string) {
				t.Helper()
				out := cli.Run("plan", "-out=tfplan", "-input=false", "-no-color")
				for _, id := range removes {
					if !strings.Contains(out, `"`+id+`"`) {
						t.Fatalf("the plan does not name %s in removes:\n%s", id, out)
					}
				}
			}

			// Create: a member appears.
			plan(outside)
			must(role.AddMember(e, f.PID, late))
			staleApply("create, a member added after the plan", outside, late)
			if got := strings.TrimSpace(cli.Run("state", "list")); got != "" {
				t.Fatalf("the failed create recorded %q", got)
			}
			// Create: a member the plan would remove disappears.
			plan(outside, late)
			must(role.RemoveMember(e, f.PID, outside))
			staleApply("create, a member in removes gone after the plan", late)
			// Create: the one in removes leaves and another comes.
			plan(late)
			must(role.RemoveMember(e, f.PID, late))
			must(role.AddMember(e, f.PID, outside))
			staleApply("create, the member in removes swapped for another", outside)

			cli.Run("apply", "-auto-approve", "-input=false")
			role.CheckMembers(t, e, f.PID, f.ByID)

			// Update: the plan removes one added by hand; another appears.
			must(role.AddMember(e, f.PID, outside))
			plan(outside)
			must(role.AddMember(e, f.PID, late))
			staleApply("update, a member added after the plan", f.ByID, outside, late)
		})
	}
}

// A member that appears while the apply runs, after its final plan, is not
// removed: apply removes only the user IDs in removes. On create, the member
// appears as the add request arrives; on update, as the first DELETE
// arrives. The apply succeeds, removes exactly the planned users, and the
// next plan names the newcomer in removes.
func TestAccBlueXPAdmins_exclusiveMemberAddedDuringApply(t *testing.T) {
	e, hook := sharedtest.NewHookedAccEnv(t, sandbox.Options{})
	built := sharedtest.NewDevCLI(t)
	for _, role := range sharedtest.BlueXPRoles {
		t.Run(role.Name, func(t *testing.T) {
			f := sharedtest.NewBlueXPFixture(e)
			st := e.Sandbox.BlueXP()
			outside := st.AddUser(sandbox.BlueXPUser{Name: "Outsider"})
			hand := st.AddUser(sandbox.BlueXPUser{Name: "Added by hand"})
			during1 := st.AddUser(sandbox.BlueXPUser{Name: "Added during the create"})
			during2 := st.AddUser(sandbox.BlueXPUser{Name: "Added during the update"})
			if err := role.AddMember(e, f.PID, outside); err != nil {
				t.Fatal(err)
			}
			cli := *built
			cli.Dir = t.TempDir()
			cli.Write("main.tf", sharedtest.FullAddressBlock+e.Config(role.ExclusiveConfig(f.PID, sharedtest.BlueXPUserID(f.ByID))))
			// addOn adds user to the role once, when the first request of
			// this role with the method arrives, before it is served.
			addOn := func(method, user string) {
				var once sync.Once
				hook.Set(func(r *http.Request) {
					if r.Method == method && strings.Contains(r.URL.Path, f.PID+"/"+string(role.Sandbox)) {
						once.Do(func() {
							if err := role.AddMember(e, f.PID, user); err != nil {
								t.Error(err)
							}
						})
					}
				})
				t.Cleanup(func() { hook.Set(nil) })
			}
			apply := func(what, added, removed string) {
				t.Helper()
				e.Sandbox.ResetLog()
				code, out := runCLI(&cli, "apply", "-input=false", "-no-color", "tfplan")
				hook.Set(nil)
				if code != 0 {
					t.Fatalf("%s: apply of the saved plan: exit %d:\n%s", what, code, out)
				}
				if n := removedIn(e, role, added); n != 0 {
					t.Errorf("%s: %d DELETEs sent for %s, who joined after the plan", what, n, added)
				}
				if n := removedIn(e, role, removed); n != 1 {
					t.Errorf("%s: %d DELETEs sent for %s, the planned removal, want 1", what, n, removed)
				}
			}

			cli.Run("plan", "-out=tfplan", "-input=false")
			addOn(http.MethodPost, during1)
			apply("create", during1, outside)
			role.CheckMembers(t, e, f.PID, f.ByID, during1)

			if err := role.RemoveMember(e, f.PID, during1); err != nil {
				t.Fatal(err)
			}
			if err := role.AddMember(e, f.PID, hand); err != nil {
				t.Fatal(err)
			}
			cli.Run("plan", "-out=tfplan", "-input=false")
			addOn(http.MethodDelete, during2)
			apply("update", during2, hand)
			role.CheckMembers(t, e, f.PID, f.ByID, during2)

			code, out := runCLI(&cli, "plan", "-detailed-exitcode", "-input=false", "-no-color")
			if code != 2 || !regexp.MustCompile(`removes\s+= \[\s+\+ "`+during2+`"`).MatchString(out) {
				t.Fatalf("next plan: exit %d, want %s in removes:\n%s", code, during2, out)
			}
		})
	}
}

// When the plan cannot name who loses the role (a user's ID known only at
// apply, or exclusive itself), removes is unknown and the plan warns with the
// users holding the role now, so the plan still shows who is at risk.
func TestAccBlueXPAdmins_exclusiveRemovalsUnknown(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	built := sharedtest.NewDevCLI(t)
	for _, role := range sharedtest.BlueXPRoles {
		t.Run(role.Name, func(t *testing.T) {
			f := sharedtest.NewBlueXPFixture(e)
			outside := e.Sandbox.BlueXP().AddUser(sandbox.BlueXPUser{Name: "Outsider"})
			if err := role.AddMember(e, f.PID, outside); err != nil {
				t.Fatal(err)
			}
			cli := *built
			cli.Dir = t.TempDir()
			// terraform_data's output is known only after its apply.
			later := `
resource "terraform_data" "later" {
  input = "` + f.ByID + `"
}
`
			for _, c := range []struct{ name, config, at string }{
				{"user ID known at apply", role.ExclusiveConfig(f.PID, "{ user_id = terraform_data.later.output }"), "users"},
				{"exclusive known at apply", strings.Replace(role.ExclusiveConfig(f.PID, sharedtest.BlueXPUserID(f.ByID)),
					"exclusive      = true", "exclusive      = terraform_data.later.output != \"\"", 1), "exclusive"},
			} {
				cli.Write("main.tf", sharedtest.FullAddressBlock+e.Config(later+c.config))
				out := cli.Run("plan", "-input=false", "-no-color")
				want := sharedtest.Words(role.Noun+"s to remove are not known") + `.*` +
					sharedtest.Words(c.at+" is known only at apply") + `.*` + regexp.QuoteMeta(outside)
				if !regexp.MustCompile(`(?s)` + want).MatchString(out) {
					t.Errorf("%s: the plan does not warn naming %s:\n%s", c.name, outside, out)
				}
				if !strings.Contains(out, "removes        = (known after apply)") {
					t.Errorf("%s: removes is not unknown in the plan:\n%s", c.name, out)
				}
			}
			if w := writes(e, role); len(w) != 0 {
				t.Errorf("planning sent %v", w)
			}
		})
	}
}
