package webex_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"regexp"
	"strings"
	"testing"
	"time"

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

// A base URL written without its scheme is refused at plan time with the
// URL it should be; a host that does not resolve fails at once, without
// retries, and quotes no tracking ID, since Webex never saw the request.
func TestAccWebexConfig_baseURLMistakes(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	f := sharedtest.NewWebexFixture(e)
	block := func(baseURL string) string {
		return fmt.Sprintf("provider \"partneradmin\" {\n  webex = {\n    base_url     = %q\n    access_token = %q\n  }\n}\n", baseURL, sandbox.DefaultWebexToken) +
			sharedtest.WebexAssignmentConfig(f.OrgID, f.PersonID)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      block("webexapis.com"),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)Invalid base URL.*` + sharedtest.Words(`base URL "webexapis.com" must start with https:// (for example "https://webexapis.com").`)),
		}},
	})

	// A reserved name (RFC 2606 .invalid) needs a resolver that answers
	// "no such host"; without one the lookup fails otherwise (and is
	// rightly retried), which the client's unit tests cover.
	const unknownHost = "partneradmin-test.invalid"
	var dnsErr *net.DNSError
	if _, err := net.DefaultResolver.LookupHost(context.Background(), unknownHost); !errors.As(err, &dnsErr) || !dnsErr.IsNotFound {
		t.Logf("the resolver does not answer NXDOMAIN for %s (%v): the unresolvable-host part is not run", unknownHost, err)
		return
	}
	cli := sharedtest.NewDevCLI(t, provider.EnvMaxRetries+"=10")
	cli.Write("main.tf", sharedtest.FullAddressBlock+block("https://"+unknownHost))
	start := time.Now()
	out, err := cli.Command("apply", "-auto-approve", "-input=false", "-no-color").CombinedOutput()
	took := time.Since(start)
	flat := strings.Join(strings.Fields(string(out)), " ")
	t.Logf("apply against %s: %v after %s:\n%s", unknownHost, err, took.Round(100*time.Millisecond), out)
	if err == nil || !strings.Contains(flat, "lookup "+unknownHost) || !strings.Contains(flat, "no such host") {
		t.Fatalf("apply did not fail on the unresolvable host")
	}
	if strings.Contains(strings.ToLower(flat), "tracking id") {
		t.Errorf("a request that never reached Webex quotes a tracking ID")
	}
	// Ten retries with backoff take over half a minute; one lookup, a second.
	if took > 15*time.Second {
		t.Errorf("an unresolvable host took %s to fail: it was retried", took)
	}
}
