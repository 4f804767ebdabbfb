package provider_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/shared"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	bluexpapi "github.com/partneradmin/terraform-provider-partneradmin/internal/client/bluexp"
	cloudcockpitapi "github.com/partneradmin/terraform-provider-partneradmin/internal/client/cloudcockpit"
	webexapi "github.com/partneradmin/terraform-provider-partneradmin/internal/client/webex"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/sharedtest"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
)

// TestAccNotFound_wrongBaseURLKeepsState drives the real CLI, because the
// exit code of destroy is the point. A Webex assignment, a BlueXP
// ResourceAdmins set and a CloudCockpit access assignment are applied at the
// right roots; then, for each way a base URL can be wrong, plan must fail
// without proposing a replacement, `apply -refresh-only` must fail and keep
// state, and destroy (with and without refresh) must exit non-zero, keep
// state and leave every grant in place. Base URLs that repeat the API path
// are refused at plan time. Finally, at the right roots, objects deleted out
// of band are still dropped from state.
func TestAccNotFound_wrongBaseURLKeepsState(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	wf := sharedtest.NewWebexFixture(e)
	bf := sharedtest.NewBlueXPFixture(e)
	cf := sharedtest.NewCCFixture(e, sandbox.RelationshipActive)
	cli := sharedtest.NewDevCLI(t)
	resources := sharedtest.WebexAssignmentConfig(wf.OrgID, wf.PersonID) + sharedtest.BlueXPConfig(bf.PID, sharedtest.BlueXPUserID(bf.ByID)) + sharedtest.CCConfig(cf, "")
	write := func(r sharedtest.Roots) {
		cli.Write("main.tf", sharedtest.FullAddressBlock+e.ProviderConfigAt(r, 1)+resources)
	}
	right := sharedtest.Roots{Webex: e.URL + "/webex", BlueXP: e.URL + sandbox.BlueXPBasePath, CloudCockpit: e.URL + "/cloudcockpit"}
	write(right)
	cli.Run("apply", "-auto-approve", "-input=false", "-no-color")
	addrs := []string{sharedtest.WebexAssignAddr, sharedtest.BlueXPAddr, sharedtest.CCAddr}
	expectState(t, cli, addrs...)

	grantsInPlace := func(t *testing.T) {
		t.Helper()
		if got := e.Sandbox.Webex().Assignments(wf.OrgID); len(got) != 1 {
			t.Errorf("Webex partner admins = %v, want the one applied", got)
		}
		if got := e.Sandbox.BlueXP().Members(bf.PID); len(got) != 1 {
			t.Errorf("BlueXP ResourceAdmins = %v, want the one applied", got)
		}
		if got := e.Sandbox.CloudCockpit().Assignments(cf.PID, cf.RID); len(got) != 1 {
			t.Errorf("CloudCockpit assignments = %v, want the one applied", got)
		}
	}

	for _, tc := range []struct {
		name    string
		unknown sandbox.UnknownPaths
		r       sharedtest.Roots
	}{
		// The vendor answers its own 404 body for a path it does not know.
		{"v2 root, vendor-shaped 404", sandbox.UnknownPathsVendor,
			sharedtest.Roots{Webex: e.URL + "/webex/v2", BlueXP: e.URL + "/bluexp/v2/management", CloudCockpit: e.URL + "/cloudcockpit/v2"}},
		// A gateway in front answers 404 with no body.
		{"gateway 404 without a body", sandbox.UnknownPathsBare,
			sharedtest.Roots{Webex: e.URL + "/webex/v2", BlueXP: e.URL + "/bluexp/v2/management", CloudCockpit: e.URL + "/cloudcockpit/v2"}},
		// A host that is not the API at all (net/http's text 404).
		{"wrong host path, text 404", sandbox.UnknownPathsVendor,
			sharedtest.Roots{Webex: e.URL + "/api", BlueXP: e.URL + "/api/v1/management", CloudCockpit: e.URL + "/api"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e.Sandbox.SetUnknownPaths(tc.unknown)
			defer e.Sandbox.SetUnknownPaths(sandbox.UnknownPathsVendor)
			write(tc.r)
			wantWrongRoot := func(t *testing.T, what, out string) {
				t.Helper()
				flat := flatten(out)
				for _, base := range []string{tc.r.Webex, tc.r.BlueXP, tc.r.CloudCockpit} {
					if !strings.Contains(flat, "the base URL "+base+" is probably wrong") {
						t.Errorf("%s does not say that %s is probably wrong:\n%s", what, base, out)
					}
				}
				for _, setting := range []string{"webex.base_url", "bluexp.base_url", "cloudcockpit.base_url"} {
					if !strings.Contains(flat, setting) {
						t.Errorf("%s does not name %s:\n%s", what, setting, out)
					}
				}
			}

			out := runFails(t, cli, "plan", "-input=false", "-no-color")
			wantWrongRoot(t, "plan", out)
			for _, replace := range []string{"will be created", "must be replaced"} {
				if strings.Contains(out, replace) {
					t.Errorf("plan proposes a change (%q):\n%s", replace, out)
				}
			}

			out = runFails(t, cli, "apply", "-refresh-only", "-auto-approve", "-input=false", "-no-color")
			wantWrongRoot(t, "apply -refresh-only", out)
			expectState(t, cli, addrs...)

			out = runFails(t, cli, "destroy", "-auto-approve", "-input=false", "-no-color")
			wantWrongRoot(t, "destroy", out)
			if strings.Contains(out, "Destroy complete") {
				t.Errorf("destroy reports completion:\n%s", out)
			}
			expectState(t, cli, addrs...)

			// Without a refresh, Delete itself meets the 404. CloudCockpit's
			// Delete only forgets (there is no API), so it is left out.
			out = runFails(t, cli, "destroy", "-refresh=false", "-auto-approve", "-input=false", "-no-color",
				"-target="+sharedtest.WebexAssignAddr, "-target="+sharedtest.BlueXPAddr)
			if flat := flatten(out); !strings.Contains(flat, "the base URL "+tc.r.Webex+" is probably wrong") ||
				!strings.Contains(flat, "the base URL "+tc.r.BlueXP+" is probably wrong") {
				t.Errorf("destroy -refresh=false does not blame the base URLs:\n%s", out)
			}
			expectState(t, cli, addrs...)
			grantsInPlace(t)
		})
	}

	t.Run("API path repeated, refused at plan time", func(t *testing.T) {
		write(sharedtest.Roots{Webex: right.Webex + "/v1", BlueXP: right.BlueXP + "/v1/management", CloudCockpit: right.CloudCockpit + "/v1/"})
		e.Sandbox.ResetLog()
		for _, args := range [][]string{
			{"plan", "-input=false", "-no-color"},
			{"apply", "-refresh-only", "-auto-approve", "-input=false", "-no-color"},
			{"destroy", "-auto-approve", "-input=false", "-no-color"},
		} {
			flat := flatten(runFails(t, cli, args...))
			for _, want := range []string{
				`"` + right.Webex + `/v1" ends in /v1, but the provider adds /v1 to every Webex path itself: use "` + right.Webex + `"`,
				`"` + right.BlueXP + `/v1/management" has /v1/management twice`,
				`"` + right.CloudCockpit + `/v1/" ends in /v1, but the provider adds /v1 to every CloudCockpit path itself: use "` + right.CloudCockpit + `"`,
			} {
				if !strings.Contains(flat, want) {
					t.Errorf("terraform %s: the error does not show %q:\n%s", args[0], want, flat)
				}
			}
		}
		if n := len(e.Sandbox.Log()); n != 0 {
			t.Errorf("%d requests reached the vendors; a refused base URL must send none", n)
		}
		expectState(t, cli, addrs...)
		grantsInPlace(t)
	})

	t.Run("right roots: deleted out of band is still drift", func(t *testing.T) {
		write(right)
		if out := cli.Run("plan", "-input=false", "-no-color"); !strings.Contains(out, "No changes.") {
			t.Fatalf("plan at the right roots is not empty:\n%s", out)
		}
		e.Sandbox.Webex().DeleteOrg(wf.OrgID)
		e.Sandbox.BlueXP().DeletePartnership(bf.PID)
		e.Sandbox.CloudCockpit().DeleteAssignment(cf.PID, cf.RID)
		cli.Run("apply", "-refresh-only", "-auto-approve", "-input=false", "-no-color")
		expectState(t, cli)
	})
}

// runFails runs terraform, expecting a non-zero exit; it returns stdout and
// stderr together.
func runFails(t *testing.T, cli *sharedtest.CLI, args ...string) string {
	t.Helper()
	out, err := cli.Command(args...).CombinedOutput()
	if err == nil {
		t.Errorf("terraform %s succeeded, want an error:\n%s", strings.Join(args, " "), out)
	}
	return string(out)
}

// expectState checks `terraform state list`.
func expectState(t *testing.T, cli *sharedtest.CLI, want ...string) {
	t.Helper()
	got := strings.Fields(cli.Run("state", "list"))
	want = slices.Sorted(slices.Values(want))
	if !slices.Equal(got, want) {
		t.Errorf("state holds %v, want %v", got, want)
	}
}

// flatten undoes the CLI's diagnostic boxes and line wrapping.
func flatten(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "│", " ")), " ")
}

// The base_url validators report at the attribute's path.
func TestBaseURLValidatorsReportAtPath(t *testing.T) {
	for _, tc := range []struct {
		v   validator.String
		at  path.Path
		bad string
	}{
		{shared.IsBaseURL(webexapi.ValidateBaseURL), path.Root("webex").AtName("base_url"), "https://webexapis.com/v1"},
		{shared.IsBaseURL(bluexpapi.ValidateBaseURL), path.Root("bluexp").AtName("base_url"), "https://api.bluexp.netapp.com/v1/management/v1/management/"},
		{shared.IsBaseURL(cloudcockpitapi.ValidateBaseURL), path.Root("cloudcockpit").AtName("base_url"), "https://api.cloudcockpit.com/V1"},
	} {
		var resp validator.StringResponse
		tc.v.ValidateString(context.Background(), validator.StringRequest{Path: tc.at, ConfigValue: types.StringValue(tc.bad)}, &resp)
		if resp.Diagnostics.ErrorsCount() != 1 {
			t.Errorf("%s = %q: %d errors, want 1", tc.at, tc.bad, resp.Diagnostics.ErrorsCount())
			continue
		}
		if d, ok := resp.Diagnostics[0].(diag.DiagnosticWithPath); !ok || !d.Path().Equal(tc.at) {
			t.Errorf("%s = %q: the error is not at the attribute's path: %v", tc.at, tc.bad, resp.Diagnostics)
		}
	}
}
