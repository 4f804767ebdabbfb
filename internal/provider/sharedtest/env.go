package sharedtest

import (
	"bytes"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
)

// ProviderFactories serve the provider in-process to the real
// terraform CLI, through the same server main.go serves.
var ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"partneradmin": func() (tfprotov6.ProviderServer, error) { return provider.NewProtocol6Server("test")(), nil },
}

// Main is every acceptance package's TestMain: it points
// terraform-plugin-testing at the terraform on PATH, so it never downloads
// one, and runs the sweepers when given -sweep (real tenants only; each
// vendor registers its own with resource.AddTestSweepers).
func Main(m *testing.M) {
	if os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		if p, err := exec.LookPath("terraform"); err == nil {
			if abs, err := filepath.Abs(p); err == nil {
				_ = os.Setenv("TF_ACC_TERRAFORM_PATH", abs)
			}
		}
	}
	resource.TestMain(m)
}

// CLIIsOpenTofu reports whether the acceptance tests run OpenTofu
// (TF_ACC_TERRAFORM_PATH=/path/to/tofu), from what the CLI says it is.
var CLIIsOpenTofu = sync.OnceValue(func() bool {
	out, err := exec.Command(os.Getenv("TF_ACC_TERRAFORM_PATH"), "version").Output()
	return err == nil && bytes.HasPrefix(bytes.TrimSpace(out), []byte("OpenTofu"))
})

// SkipOnOpenTofu skips a test of a Terraform feature OpenTofu does not have.
func SkipOnOpenTofu(t *testing.T, why string) {
	t.Helper()
	if os.Getenv("TF_ACC") != "" && CLIIsOpenTofu() {
		t.Skip(why)
	}
}

// RealTenant reports whether acceptance tests target real vendor APIs
// (PARTNERADMIN_ACC_REAL=1 with credentials in the environment) instead of
// the sandbox.
func RealTenant() bool { return os.Getenv("PARTNERADMIN_ACC_REAL") == "1" }

// AccEnv is one test's world: a sandbox on loopback and the provider block
// that points at it.
type AccEnv struct {
	T       *testing.T
	Sandbox *sandbox.Server
	// url is the sandbox's root URL; each vendor lives under its prefix.
	URL string
}

// NewAccEnv starts a sandbox for one test. Against a real tenant it returns
// an env without a sandbox; tests that need the sandbox's admin side skip
// there (see RequireSandbox).
func NewAccEnv(t *testing.T, opts sandbox.Options) *AccEnv {
	t.Helper()
	if RealTenant() {
		return &AccEnv{T: t}
	}
	sb := sandbox.New(opts)
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	return &AccEnv{T: t, Sandbox: sb, URL: srv.URL}
}

// RequireSandbox skips a test that can only run against the sandbox (it
// changes vendor state out of band or injects faults).
func (e *AccEnv) RequireSandbox() {
	e.T.Helper()
	if e.Sandbox == nil {
		e.T.Skip("needs the sandbox's admin side; not available against a real tenant")
	}
}

// ProviderConfig is the provider block: explicit sandbox settings, or an
// empty block (credentials from the environment) against a real tenant.
func (e *AccEnv) ProviderConfig() string {
	if e.Sandbox == nil {
		return `provider "partneradmin" {}` + "\n"
	}
	return e.ProviderConfigAt(Roots{Webex: e.URL + "/webex", BlueXP: e.URL + sandbox.BlueXPBasePath, CloudCockpit: e.URL + "/cloudcockpit"}, 3)
}

// Roots are the base URLs a provider block gives each vendor.
type Roots struct{ Webex, BlueXP, CloudCockpit string }

// ProviderConfigAt is the sandbox's provider block with other base URLs
// (a wrong root, say) and retry count.
func (e *AccEnv) ProviderConfigAt(r Roots, maxRetries int) string {
	return fmt.Sprintf(`
provider "partneradmin" {
  max_retries = %d
  webex = {
    base_url     = %q
    access_token = %q
  }
  bluexp = {
    base_url     = %q
    token_url    = %q
    access_token = %q
  }
  cloudcockpit = {
    base_url     = %q
    tenant       = %q
    access_token = %q
  }
}
`, maxRetries, r.Webex, sandbox.DefaultWebexToken, r.BlueXP, e.URL+sandbox.BlueXPTokenPath, sandbox.DefaultBlueXPToken,
		r.CloudCockpit, sandbox.DefaultCloudCockpitTenant, sandbox.DefaultCloudCockpitToken)
}

// config joins the provider block and HCL.
func (e *AccEnv) Config(hcl ...string) string {
	return e.ProviderConfig() + strings.Join(hcl, "\n")
}

// ImportSteps imports addr by ID twice: with `terraform import` (state
// verified against the created one, ignoring the attributes import cannot
// know), then with an import block in cfg.
func ImportSteps(cfg, addr, id string, ignore ...string) []resource.TestStep {
	return []resource.TestStep{
		{
			ResourceName:            addr,
			ImportState:             true,
			ImportStateId:           id,
			ImportStateVerify:       true,
			ImportStateVerifyIgnore: append([]string{"timeouts"}, ignore...),
		},
		{
			Config:          cfg,
			ResourceName:    addr,
			ImportState:     true,
			ImportStateKind: resource.ImportBlockWithID,
			ImportStateId:   id,
		},
	}
}

// VendorRequests counts logged requests of a vendor (all, when vendor is "").
func (e *AccEnv) VendorRequests(vendor string) int {
	n := 0
	for _, entry := range e.Sandbox.Log() {
		if vendor == "" || entry.Vendor == vendor {
			n++
		}
	}
	return n
}

// CountRoute counts logged requests that matched a route pattern.
func (e *AccEnv) CountRoute(route string) int {
	n := 0
	for _, entry := range e.Sandbox.Log() {
		if entry.Route == route {
			n++
		}
	}
	return n
}

// InvalidInStateSteps runs invalid configurations against a resource already
// in state, where a refresh would otherwise read it: validation must fail
// before any request. valid is applied first; each invalid step then runs as
// a full plan (a plan-only step starts with a plan without refresh, which
// would hide a refresh's requests); last, no vendor request may have been
// sent since the first invalid step, and valid plans no change.
func (e *AccEnv) InvalidInStateSteps(valid string, invalid []resource.TestStep) []resource.TestStep {
	steps := []resource.TestStep{{Config: valid}}
	for i, step := range invalid {
		step.PlanOnly = false
		if i == 0 {
			step.PreConfig = e.Sandbox.ResetLog
		}
		steps = append(steps, step)
	}
	return append(steps, resource.TestStep{
		PreConfig: func() {
			if n := e.VendorRequests(""); n != 0 {
				e.T.Errorf("invalid input with the resource in state sent %d requests to the vendor API, want 0", n)
			}
		},
		Config:           valid,
		ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
	})
}
