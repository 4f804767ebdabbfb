package webex_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/webex"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/sharedtest"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/webexid"
)

// newCLI serves a sandbox and returns a terraform working directory with
// the provider built from source, configured for the sandbox's Webex API.
func newCLI(t *testing.T, opts sandbox.Options) (*sandbox.Server, *sharedtest.CLI) {
	t.Helper()
	sb := sandbox.New(opts)
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	cli := sharedtest.NewDevCLI(t, webex.EnvBaseURL+"="+srv.URL+"/webex", webex.EnvAccessToken+"="+sandbox.DefaultWebexToken, provider.EnvMaxRetries+"=2")
	return sb, cli
}

// exitCode runs terraform and returns its exit code and combined output.
func exitCode(cli *sharedtest.CLI, args ...string) (int, string) {
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

// Two workspaces (two working directories, two states) declare the same
// assignment: the second apply fails, naming the import ID, and records
// nothing; destroying it is a no-op that leaves the first workspace's grant;
// destroying the first revokes it, after which the second can create it.
func TestAccWebexPartnerAdminAssignment_twoWorkspaces(t *testing.T) {
	sb, first := newCLI(t, sandbox.Options{})
	st := sb.Webex()
	org := st.AddOrg("Acme Corp")
	person := st.AddPerson(sandbox.Person{DisplayName: "Alice", PartnerRole: sandbox.RolePartnerAdmin})
	cfg := sharedtest.FullAddressBlock + `provider "partneradmin" {}` + "\n" + sharedtest.WebexAssignmentConfig(org, person)
	second := *first
	second.Dir = t.TempDir()
	first.Write("main.tf", cfg)
	second.Write("main.tf", cfg)
	assigned := func() bool {
		got := st.Assignments(org)
		return len(got) == 1 && webexid.Equal(got[0], person)
	}

	first.Run("apply", "-auto-approve", "-input=false")
	if !assigned() {
		t.Fatalf("first workspace: assignments %v", st.Assignments(org))
	}
	code, out := exitCode(&second, "apply", "-auto-approve", "-input=false", "-no-color")
	if code == 0 || !strings.Contains(out, "Already exists") || !strings.Contains(out, `"`+org+"/"+person+`"`) {
		t.Fatalf("second workspace's apply: exit %d, want a failure naming the import ID:\n%s", code, out)
	}
	if got := second.Run("state", "list"); strings.TrimSpace(got) != "" {
		t.Fatalf("second workspace recorded %q", got)
	}
	second.Run("destroy", "-auto-approve", "-input=false")
	if !assigned() {
		t.Fatal("destroying the second workspace revoked the first workspace's assignment")
	}
	if code, out := exitCode(first, "plan", "-detailed-exitcode", "-input=false"); code != 0 {
		t.Fatalf("first workspace's plan: exit %d, want 0 (no changes):\n%s", code, out)
	}
	first.Run("destroy", "-auto-approve", "-input=false")
	if got := st.Assignments(org); len(got) != 0 {
		t.Fatalf("after the first workspace's destroy: %v", got)
	}
	second.Run("apply", "-auto-approve", "-input=false")
	if !assigned() {
		t.Fatal("the second workspace could not create it once the first let go")
	}
	second.Run("destroy", "-auto-approve", "-input=false")
}

// Ctrl-C while an assign is in flight (the vendor commits and would answer
// later): terraform stops, and the assignment is in state, confirmed, so the
// next plan is empty and destroy revokes it.
func TestAccWebexPartnerAdminAssignment_interrupt(t *testing.T) {
	sb, cli := newCLI(t, sandbox.Options{LateWrites: sandbox.LateWrites{Delay: time.Minute}})
	st := sb.Webex()
	org := st.AddOrg("Acme Corp")
	var hcl strings.Builder
	var people []string
	for i := range 3 {
		p := st.AddPerson(sandbox.Person{DisplayName: fmt.Sprintf("Admin %d", i), PartnerRole: sandbox.RolePartnerAdmin})
		people = append(people, p)
		fmt.Fprintf(&hcl, "resource \"partneradmin_webex_partner_admin_assignment\" \"a%d\" {\n  org_id    = %q\n  person_id = %q\n}\n", i, org, p)
	}
	cli.Write("main.tf", sharedtest.FullAddressBlock+`provider "partneradmin" {}`+"\n"+hcl.String())

	cmd := cli.Command("apply", "-auto-approve", "-input=false", "-no-color")
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Interrupt once every assign has reached the vendor (and been applied).
	deadline := time.Now().Add(2 * time.Minute)
	for len(st.Assignments(org)) < len(people) {
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			t.Fatalf("assigns never arrived:\n%s", out.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_ = cmd.Wait() // terraform reports the interruption; what matters is the state
	t.Logf("terraform exited %s after Ctrl-C:\n%s", time.Since(start).Round(10*time.Millisecond), out.String())
	if d := time.Since(start); d > 30*time.Second {
		t.Errorf("terraform took %s to stop after Ctrl-C", d)
	}

	list := strings.Fields(cli.Run("state", "list"))
	if len(list) != len(people) {
		t.Fatalf("state after Ctrl-C holds %v, want all %d assignments", list, len(people))
	}
	sb.SetLateWrites(sandbox.LateWrites{})
	if code, plan := exitCode(cli, "plan", "-detailed-exitcode", "-input=false", "-no-color"); code != 0 {
		t.Fatalf("plan after Ctrl-C: exit %d, want 0 (confirmed, not tainted):\n%s", code, plan)
	}
	cli.Run("destroy", "-auto-approve", "-input=false")
	if got := st.Assignments(org); len(got) != 0 {
		t.Fatalf("after destroy: %v", got)
	}
}

// Ctrl-C during a slow refresh is reported as what it is: the message
// claims no timeout and suggests no timeouts value, however long the read
// timeout is.
func TestAccWebexPartnerAdminAssignment_interruptIsNoTimeout(t *testing.T) {
	sb := sandbox.New(sandbox.Options{})
	var armed atomic.Bool
	arrived := make(chan struct{})
	var once sync.Once
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if armed.Load() && r.Method == http.MethodGet {
			once.Do(func() { close(arrived) })
		}
		sb.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	cli := sharedtest.NewDevCLI(t, webex.EnvBaseURL+"="+srv.URL+"/webex", webex.EnvAccessToken+"="+sandbox.DefaultWebexToken, provider.EnvMaxRetries+"=2")
	st := sb.Webex()
	org := st.AddOrg("Acme Corp")
	person := st.AddPerson(sandbox.Person{DisplayName: "Admin", PartnerRole: sandbox.RolePartnerAdmin})
	cli.Write("main.tf", sharedtest.FullAddressBlock+`provider "partneradmin" {}`+"\n"+assignmentConfigWith(org, person, `  timeouts = { read = "10m" }`))
	cli.Run("apply", "-auto-approve", "-input=false")

	sb.SetFaults(sandbox.Faults{Latency: 5 * time.Minute})
	armed.Store(true)
	cmd := cli.Command("plan", "-input=false", "-no-color")
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-arrived:
	case <-time.After(2 * time.Minute):
		_ = cmd.Process.Kill()
		t.Fatalf("the refresh never reached Webex:\n%s", out.String())
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	t.Logf("interrupted plan:\n%s", out.String())
	flat := strings.Join(strings.Fields(out.String()), " ")
	if !strings.Contains(flat, "Unable to read partner admin assignment") || !strings.Contains(flat, "context canceled") {
		t.Fatalf("the interrupted read is not reported as cancelled:\n%s", out.String())
	}
	for _, claim := range []string{"Timed out", "timeouts.read", "allow more time"} {
		if strings.Contains(flat, claim) {
			t.Errorf("an interrupt is reported as a timeout (%q):\n%s", claim, out.String())
		}
	}
	sb.SetFaults(sandbox.Faults{})
	cli.Run("destroy", "-auto-approve", "-input=false")
}
