package webex_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/sharedtest"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/webex"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
)

// The provider block can be empty when the environment carries the
// settings, and a vendor without credentials fails only its own resources.
func TestAccWebexConfig_environment(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	f := sharedtest.NewWebexFixture(e)
	t.Setenv(webex.EnvBaseURL, e.URL+"/webex")
	t.Setenv(webex.EnvAccessToken, sandbox.DefaultWebexToken)
	t.Setenv(provider.EnvMaxRetries, "2")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		CheckDestroy:             sharedtest.CheckWebexAssignmentsGone(e, f.OrgID),
		Steps: []resource.TestStep{{
			Config: `provider "partneradmin" {}` + sharedtest.WebexAssignmentConfig(f.OrgID, f.PersonID),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(sharedtest.WebexAssignAddr, tfjsonpath.New("display_name"), knownvalue.StringExact(f.DisplayName)),
			},
		}},
	})
}

func TestAccWebexConfig_unconfiguredVendor(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	f := sharedtest.NewWebexFixture(e)
	t.Setenv(webex.EnvAccessToken, "")
	t.Setenv(provider.EnvMaxRetries, "")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      `provider "partneradmin" {}` + sharedtest.WebexAssignmentConfig(f.OrgID, f.PersonID),
				ExpectError: regexp.MustCompile(`(?s)Webex is not configured.*webex.access_token.*WEBEX_ACCESS_TOKEN`),
			},
			{
				Config:      `provider "partneradmin" {}` + sharedtest.WebexAssignmentConfig(f.OrgID, f.PersonID),
				PreConfig:   func() { t.Setenv(provider.EnvMaxRetries, "lots") },
				ExpectError: regexp.MustCompile(`PARTNERADMIN_MAX_RETRIES\s+must\s+be\s+a\s+whole\s+number`),
			},
		},
	})
	if n := e.VendorRequests(""); n != 0 {
		t.Fatalf("an unconfigured vendor sent %d requests, want 0", n)
	}
}
