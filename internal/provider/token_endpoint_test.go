package provider_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	bluexpapi "github.com/partneradmin/terraform-provider-partneradmin/internal/client/bluexp"
	cloudcockpitapi "github.com/partneradmin/terraform-provider-partneradmin/internal/client/cloudcockpit"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/sharedtest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
)

// tokenVendor is one vendor with a token flow, configured against the
// sandbox with one resource whose create timeout is extra's.
type tokenVendor struct {
	name     string
	endpoint string // token URL path, as named in errors
	config   func(e *sharedtest.AccEnv, timeouts string) string
}

var tokenVendors = []tokenVendor{
	{"bluexp", sandbox.BlueXPTokenPath, func(e *sharedtest.AccEnv, timeouts string) string {
		f := sharedtest.NewBlueXPFixture(e)
		return e.BlueXPAuthConfig(fmt.Sprintf("client_id = %q\n    client_secret = %q", sandbox.DefaultBlueXPClientID, sandbox.DefaultBlueXPClientSecret)) +
			strings.Replace(sharedtest.BlueXPConfig(f.PID, sharedtest.BlueXPUserID(f.ByID)), "  users = [", "  "+timeouts+"\n  users = [", 1)
	}},
	{"cloudcockpit", sharedtest.EntraTokenPath, func(e *sharedtest.AccEnv, timeouts string) string {
		f := sharedtest.NewCCFixture(e, sandbox.RelationshipActive)
		return "provider \"partneradmin\" {\n  max_retries = 1\n  cloudcockpit = {\n" + fmt.Sprintf(`    base_url      = %q
    token_url     = %q
    tenant        = %q
    client_id     = %q
    client_secret = %q`, e.URL+"/cloudcockpit", e.URL+sharedtest.EntraTokenPath,
			sandbox.DefaultCloudCockpitTenant, sandbox.DefaultCloudCockpitClientID, sandbox.DefaultCloudCockpitClientSecret) +
			"\n  }\n}\n" + sharedtest.CCConfig(f, timeouts)
	}},
	{"webex", "/webex/v1/access_token", func(e *sharedtest.AccEnv, timeouts string) string {
		f := sharedtest.NewWebexFixture(e)
		return e.WebexRefreshConfig(1) + strings.Replace(sharedtest.WebexAssignmentConfig(f.OrgID, f.PersonID), "  person_id", "  "+timeouts+"\n  person_id", 1)
	}},
}

// tokenEndpointError matches the diagnostic of a failed token fetch: it
// names the token endpoint, not the API call.
func tokenEndpointError(e *sharedtest.AccEnv, endpoint, cause string) *regexp.Regexp {
	return regexp.MustCompile(`(?s)unable\s+to\s+obtain\s+an\s+access\s+token\s+from\s+the\s+token\s+endpoint\s+` +
		regexp.QuoteMeta(e.URL+endpoint) + `.*` + cause)
}

// A wrong BlueXP or CloudCockpit client secret fails with the token
// endpoint's refusal and names the secret's attribute and environment
// variable, as a 401 from the API does.
func TestAccTokenEndpoint_wrongSecret(t *testing.T) {
	for _, v := range []struct {
		tokenVendor
		secret, want string
	}{
		{tokenVendors[0], sandbox.DefaultBlueXPClientSecret, bluexpapi.RefusedServiceAccount},
		{tokenVendors[1], sandbox.DefaultCloudCockpitClientSecret, cloudcockpitapi.RefusedAPIAccess},
	} {
		t.Run(v.name, func(t *testing.T) {
			e := sharedtest.NewAccEnv(t, sandbox.Options{})
			e.RequireSandbox()
			cfg := v.config(e, "")
			bad := strings.Replace(cfg, fmt.Sprintf("%q", v.secret), `"not-the-secret"`, 1)
			if bad == cfg {
				t.Fatal("could not replace the client secret in the configuration")
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: sharedtest.ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      bad,
					ExpectError: tokenEndpointError(e, v.endpoint, `invalid_client.*`+sharedtest.Words(v.want)),
				}},
			})
			if n := e.VendorRequests(v.name); n != 0 {
				t.Errorf("%d API requests sent without a token", n)
			}
		})
	}
}

// A token endpoint that hangs fails the apply within the resource's create
// timeout, with an error naming the token endpoint.
func TestAccTokenEndpoint_hangs(t *testing.T) {
	for _, v := range tokenVendors {
		t.Run(v.name, func(t *testing.T) {
			e := sharedtest.NewAccEnv(t, sandbox.Options{TokenFaults: sandbox.TokenFaults{Hang: -1}})
			e.RequireSandbox()
			cfg := v.config(e, `timeouts = { create = "10s" }`)
			var start time.Time
			var took time.Duration
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: sharedtest.ProviderFactories,
				Steps: []resource.TestStep{
					{
						PreConfig:   func() { start = time.Now() },
						Config:      cfg,
						ExpectError: regexp.MustCompile(`(?s)` + sharedtest.TimedOut("create", "10s", sharedtest.Words("while obtaining an access token for"), "20s") + `.*` + tokenEndpointError(e, v.endpoint, `deadline\s+exceeded`).String()),
					},
					{
						PreConfig: func() { took = time.Since(start) },
						Config:    cfg,
						PlanOnly:  true, ExpectNonEmptyPlan: true,
					},
				},
			})
			t.Logf("plan + apply with a hanging token endpoint and create = 10s: %v", took.Round(100*time.Millisecond))
			if took > 25*time.Second {
				t.Errorf("the failed apply took %v, past its 10s create timeout", took)
			}
			if n := e.APIRequests(v.name); n != 0 {
				t.Errorf("%d API requests were sent without a token", n)
			}
		})
	}
}

// One 429 or 503 (Retry-After: 1) from the token endpoint is retried after
// the wait, and the apply succeeds.
func TestAccTokenEndpoint_retried(t *testing.T) {
	for _, v := range tokenVendors {
		for _, fault := range []struct {
			name   string
			faults sandbox.TokenFaults
			status int
		}{
			{"429", sandbox.TokenFaults{RateLimited: 1, RetryAfter: time.Second}, 429},
			{"503", sandbox.TokenFaults{Unavailable: 1, RetryAfter: time.Second}, 503},
		} {
			t.Run(v.name+"/"+fault.name, func(t *testing.T) {
				e := sharedtest.NewAccEnv(t, sandbox.Options{TokenFaults: fault.faults})
				e.RequireSandbox()
				resource.ParallelTest(t, resource.TestCase{
					ProtoV6ProviderFactories: sharedtest.ProviderFactories,
					Steps: []resource.TestStep{{
						Config: v.config(e, ""),
						Check: func(*terraform.State) error {
							reqs := e.TokenRequests(v.name)
							if len(reqs) < 2 || reqs[0].Status != fault.status || reqs[1].Status != 200 {
								return fmt.Errorf("token requests %+v; want a %d, then a 200", reqs, fault.status)
							}
							if gap := reqs[1].Time.Sub(reqs[0].Time); gap < 900*time.Millisecond {
								return fmt.Errorf("retried %v after the %d: Retry-After: 1 was not honoured", gap, fault.status)
							}
							return nil
						},
					}},
				})
			})
		}
	}
}

// A token endpoint that drops the connection is reported as a failure of
// the token endpoint, not as an EOF of the API call, and no API request is
// sent.
func TestAccTokenEndpoint_droppedConnection(t *testing.T) {
	for _, v := range tokenVendors {
		t.Run(v.name, func(t *testing.T) {
			e := sharedtest.NewAccEnv(t, sandbox.Options{TokenFaults: sandbox.TokenFaults{Reset: -1}})
			e.RequireSandbox()
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: sharedtest.ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      v.config(e, ""),
					ExpectError: tokenEndpointError(e, v.endpoint, `(EOF|connection\s+reset)`),
				}},
			})
			if n := e.APIRequests(v.name); n != 0 {
				t.Errorf("%d API requests were sent without a token", n)
			}
			if reqs := e.TokenRequests(v.name); len(reqs) != 2 {
				t.Errorf("%d token requests; want 2 (max_retries = 1)", len(reqs))
			}
		})
	}
}

// Webex refresh-token auth end to end: tokens come from /v1/access_token;
// when the token is revoked mid-apply, the refused request is retried on a
// new token and the apply succeeds; plan is then empty and destroy clean.
func TestAccTokenEndpoint_webexRefreshRevokedMidApply(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{RevokeTokensAfter: 3})
	e.RequireSandbox()
	st := e.Sandbox.Webex()
	orgs := []string{st.AddOrg("Acme"), st.AddOrg("Globex")}
	var hcl strings.Builder
	for i, org := range orgs {
		for j, name := range []string{"Alice", "Bob"} {
			person := st.AddPerson(sandbox.Person{DisplayName: name, PartnerRole: sandbox.RolePartnerAdmin, Emails: []string{fmt.Sprintf("%s%d@partner.example.com", strings.ToLower(name), i)}})
			fmt.Fprintf(&hcl, "resource \"partneradmin_webex_partner_admin_assignment\" \"a%d%d\" {\n  org_id    = %q\n  person_id = %q\n}\n", i, j, org, person)
		}
	}
	cfg := e.WebexRefreshConfig(3) + hcl.String()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		CheckDestroy: resource.ComposeTestCheckFunc(
			sharedtest.CheckWebexAssignmentsGone(e, orgs[0]), sharedtest.CheckWebexAssignmentsGone(e, orgs[1])),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: resource.ComposeTestCheckFunc(
					sharedtest.CheckRetriedOnNewToken(e, "webex"),
					func(*terraform.State) error {
						for _, org := range orgs {
							if got := st.Assignments(org); len(got) != 2 {
								return fmt.Errorf("org %s has %d assignments, want 2", org, len(got))
							}
						}
						return nil
					},
				),
			},
			{Config: cfg, PlanOnly: true},
		},
	})
}

// Tokens are renewed before they expire: with 2-second tokens and writes
// that take 2.5 s to show, no request is ever refused for an expired token.
func TestAccTokenEndpoint_webexRenewedBeforeExpiry(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{TokenLifetime: 2 * time.Second, VisibilityDelay: 2500 * time.Millisecond})
	e.RequireSandbox()
	f := sharedtest.NewWebexFixture(e)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		CheckDestroy:             sharedtest.CheckWebexAssignmentsGone(e, f.OrgID),
		Steps: []resource.TestStep{{
			Config: e.WebexRefreshConfig(3) + sharedtest.WebexAssignmentConfig(f.OrgID, f.PersonID),
			Check: func(*terraform.State) error {
				labels := map[string]bool{}
				for _, l := range e.Sandbox.Log() {
					if l.Vendor != "webex" || l.Route == sharedtest.WebexTokenRoute {
						continue
					}
					if l.Status == 401 {
						return fmt.Errorf("%s %s was sent with an expired token (%s)", l.Method, l.Path, l.Token)
					}
					labels[l.Token] = true
				}
				if len(labels) < 2 {
					return fmt.Errorf("API requests used tokens %v; the apply outlived a token, so want at least 2", labels)
				}
				return nil
			},
		}},
	})
}

// Webex credentials are checked at plan time, naming what is missing or
// conflicting, and nothing is sent to Webex or its token endpoint.
func TestAccTokenEndpoint_webexRefreshValidation(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	f := sharedtest.NewWebexFixture(e)
	full := e.WebexRefreshConfig(1)
	without := func(attr string) string {
		return regexp.MustCompile(`(?m)^\s*`+attr+`\s*=.*$`).ReplaceAllString(full, "")
	}
	res := sharedtest.WebexAssignmentConfig(f.OrgID, f.PersonID)
	cases := []struct{ config, want string }{
		{without("client_secret") + res, `(?s)Incomplete Webex integration credentials.*webex\.client_secret.*WEBEX_CLIENT_SECRET`},
		{without("client_id") + res, `(?s)Incomplete Webex integration credentials.*webex\.client_id.*WEBEX_CLIENT_ID`},
		{without("refresh_token") + res, `(?s)Incomplete Webex integration credentials.*webex\.refresh_token.*WEBEX_REFRESH_TOKEN`},
		{strings.Replace(full, "    client_id", fmt.Sprintf("    access_token = %q\n    client_id", sandbox.DefaultWebexToken), 1) + res,
			`(?s)Conflicting Webex credentials.*webex\.access_token.*webex\.client_id.*webex\.client_secret.*webex\.refresh_token`},
	}
	var steps []resource.TestStep
	for _, c := range cases {
		steps = append(steps, resource.TestStep{Config: c.config, PlanOnly: true, ExpectError: regexp.MustCompile(c.want)})
	}
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: sharedtest.ProviderFactories, Steps: steps})
	if n := e.VendorRequests("webex"); n != 0 {
		t.Errorf("plan-time validation sent %d requests to Webex", n)
	}
}
