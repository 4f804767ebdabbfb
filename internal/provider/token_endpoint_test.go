package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
)

// entraTokenPath is the sandbox's Entra ID token endpoint for CloudCockpit.
const entraTokenPath = "/entra/4e806121-ff28-4286-ab4e-3be0a08f9ce0/oauth2/v2.0/token"

// webexTokenRoute is the Webex token endpoint's route, as logged.
const webexTokenRoute = "POST /v1/access_token"

// tokenVendor is one vendor with a token flow, configured against the
// sandbox with one resource whose create timeout is extra's.
type tokenVendor struct {
	name     string
	endpoint string // token URL path, as named in errors
	config   func(e *AccEnv, timeouts string) string
}

var tokenVendors = []tokenVendor{
	{"bluexp", sandbox.BlueXPTokenPath, func(e *AccEnv, timeouts string) string {
		f := NewBlueXPFixture(e)
		return e.BlueXPAuthConfig(fmt.Sprintf("client_id = %q\n    client_secret = %q", sandbox.DefaultBlueXPClientID, sandbox.DefaultBlueXPClientSecret)) +
			strings.Replace(BlueXPConfig(f.PID, BlueXPUserID(f.ByID)), "  users = [", "  "+timeouts+"\n  users = [", 1)
	}},
	{"cloudcockpit", entraTokenPath, func(e *AccEnv, timeouts string) string {
		f := NewCCFixture(e, sandbox.RelationshipActive)
		return "provider \"partneradmin\" {\n  max_retries = 1\n  cloudcockpit = {\n" + fmt.Sprintf(`    base_url      = %q
    token_url     = %q
    tenant        = %q
    client_id     = %q
    client_secret = %q`, e.URL+"/cloudcockpit", e.URL+entraTokenPath,
			sandbox.DefaultCloudCockpitTenant, sandbox.DefaultCloudCockpitClientID, sandbox.DefaultCloudCockpitClientSecret) +
			"\n  }\n}\n" + CCConfig(f, timeouts)
	}},
	{"webex", "/webex/v1/access_token", func(e *AccEnv, timeouts string) string {
		f := NewWebexFixture(e)
		return e.WebexRefreshConfig(1) + strings.Replace(WebexAssignmentConfig(f.OrgID, f.PersonID), "  person_id", "  "+timeouts+"\n  person_id", 1)
	}},
}

// webexRefreshConfig is a provider block with Webex refresh-token auth.
func (e *AccEnv) WebexRefreshConfig(maxRetries int) string {
	return fmt.Sprintf(`
provider "partneradmin" {
  max_retries = %d
  webex = {
    base_url      = %q
    client_id     = %q
    client_secret = %q
    refresh_token = %q
  }
}
`, maxRetries, e.URL+"/webex", sandbox.DefaultWebexClientID, sandbox.DefaultWebexClientSecret, sandbox.DefaultWebexRefreshToken)
}

// tokenRequests returns the log entries of a vendor's token endpoint.
func (e *AccEnv) TokenRequests(vendor string) []sandbox.LogEntry {
	var out []sandbox.LogEntry
	for _, l := range e.Sandbox.Log() {
		switch {
		case vendor == "bluexp" && l.Vendor == "bluexp-auth",
			vendor == "cloudcockpit" && l.Vendor == "entra",
			vendor == "webex" && l.Vendor == "webex" && l.Route == webexTokenRoute:
			out = append(out, l)
		}
	}
	return out
}

// apiRequests counts a vendor's API requests, token requests excluded.
func (e *AccEnv) APIRequests(vendor string) int {
	n := 0
	for _, l := range e.Sandbox.Log() {
		if l.Vendor == vendor && l.Route != webexTokenRoute {
			n++
		}
	}
	return n
}

// tokenEndpointError matches the diagnostic of a failed token fetch: it
// names the token endpoint, not the API call.
func tokenEndpointError(e *AccEnv, endpoint, cause string) *regexp.Regexp {
	return regexp.MustCompile(`(?s)unable\s+to\s+obtain\s+an\s+access\s+token\s+from\s+the\s+token\s+endpoint\s+` +
		regexp.QuoteMeta(e.URL+endpoint) + `.*` + cause)
}

// A token endpoint that hangs fails the apply within the resource's create
// timeout, with an error naming the token endpoint.
func TestAccTokenEndpoint_hangs(t *testing.T) {
	for _, v := range tokenVendors {
		t.Run(v.name, func(t *testing.T) {
			e := NewAccEnv(t, sandbox.Options{TokenFaults: sandbox.TokenFaults{Hang: -1}})
			e.RequireSandbox()
			cfg := v.config(e, `timeouts = { create = "10s" }`)
			var start time.Time
			var took time.Duration
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: ProviderFactories,
				Steps: []resource.TestStep{
					{
						PreConfig:   func() { start = time.Now() },
						Config:      cfg,
						ExpectError: tokenEndpointError(e, v.endpoint, `deadline\s+exceeded`),
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
				e := NewAccEnv(t, sandbox.Options{TokenFaults: fault.faults})
				e.RequireSandbox()
				resource.ParallelTest(t, resource.TestCase{
					ProtoV6ProviderFactories: ProviderFactories,
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
			e := NewAccEnv(t, sandbox.Options{TokenFaults: sandbox.TokenFaults{Reset: -1}})
			e.RequireSandbox()
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: ProviderFactories,
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

// checkRetriedOnNewToken checks, in the sandbox's log, that an API request
// of vendor refused with 401 on an issued token was retried (same tracking
// id, method and path) and succeeded on a newer token, all within one
// terraform command.
func CheckRetriedOnNewToken(e *AccEnv, vendor string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		log := e.Sandbox.Log()
		var refused []string
		for i, l := range log {
			if l.Vendor != vendor || l.Status != 401 || !strings.HasPrefix(l.Token, "issued-") {
				continue
			}
			refused = append(refused, l.Method+" "+l.Path+" on "+l.Token)
			for _, r := range log[i+1:] {
				if r.Vendor == vendor && r.TrackingID == l.TrackingID && r.Method == l.Method && r.Path == l.Path &&
					r.Status >= 200 && r.Status < 300 && strings.HasPrefix(r.Token, "issued-") && r.Token != l.Token {
					return nil
				}
			}
		}
		return fmt.Errorf("no request refused with 401 was retried successfully on a new token (refused: %v)", refused)
	}
}

// Webex refresh-token auth end to end: tokens come from /v1/access_token;
// when the token is revoked mid-apply, the refused request is retried on a
// new token and the apply succeeds; plan is then empty and destroy clean.
func TestAccWebexRefreshToken_revokedMidApply(t *testing.T) {
	e := NewAccEnv(t, sandbox.Options{RevokeTokensAfter: 3})
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
		ProtoV6ProviderFactories: ProviderFactories,
		CheckDestroy: resource.ComposeTestCheckFunc(
			CheckWebexAssignmentsGone(e, orgs[0]), CheckWebexAssignmentsGone(e, orgs[1])),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: resource.ComposeTestCheckFunc(
					CheckRetriedOnNewToken(e, "webex"),
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
func TestAccWebexRefreshToken_renewedBeforeExpiry(t *testing.T) {
	e := NewAccEnv(t, sandbox.Options{TokenLifetime: 2 * time.Second, VisibilityDelay: 2500 * time.Millisecond})
	e.RequireSandbox()
	f := NewWebexFixture(e)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: ProviderFactories,
		CheckDestroy:             CheckWebexAssignmentsGone(e, f.OrgID),
		Steps: []resource.TestStep{{
			Config: e.WebexRefreshConfig(3) + WebexAssignmentConfig(f.OrgID, f.PersonID),
			Check: func(*terraform.State) error {
				labels := map[string]bool{}
				for _, l := range e.Sandbox.Log() {
					if l.Vendor != "webex" || l.Route == webexTokenRoute {
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
func TestAccWebexRefreshToken_validation(t *testing.T) {
	e := NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	f := NewWebexFixture(e)
	full := e.WebexRefreshConfig(1)
	without := func(attr string) string {
		return regexp.MustCompile(`(?m)^\s*`+attr+`\s*=.*$`).ReplaceAllString(full, "")
	}
	res := WebexAssignmentConfig(f.OrgID, f.PersonID)
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
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: ProviderFactories, Steps: steps})
	if n := e.VendorRequests("webex"); n != 0 {
		t.Errorf("plan-time validation sent %d requests to Webex", n)
	}
}
