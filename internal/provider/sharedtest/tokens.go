package sharedtest

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
)

// WebexRefreshConfig is a provider block with Webex refresh-token auth.
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

// TokenRequests returns the log entries of a vendor's token endpoint.
func (e *AccEnv) TokenRequests(vendor string) []sandbox.LogEntry {
	var out []sandbox.LogEntry
	for _, l := range e.Sandbox.Log() {
		switch {
		case vendor == "bluexp" && l.Vendor == "bluexp-auth",
			vendor == "cloudcockpit" && l.Vendor == "entra",
			vendor == "webex" && l.Vendor == "webex" && l.Route == WebexTokenRoute:
			out = append(out, l)
		}
	}
	return out
}

// APIRequests counts a vendor's API requests, token requests excluded.
func (e *AccEnv) APIRequests(vendor string) int {
	n := 0
	for _, l := range e.Sandbox.Log() {
		if l.Vendor == vendor && l.Route != WebexTokenRoute {
			n++
		}
	}
	return n
}

// CheckRetriedOnNewToken checks, in the sandbox's log, that an API request
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

// EntraTokenPath is the sandbox's Entra ID token endpoint for CloudCockpit.
const EntraTokenPath = "/entra/4e806121-ff28-4286-ab4e-3be0a08f9ce0/oauth2/v2.0/token"

// WebexTokenRoute is the Webex token endpoint's route, as logged.
const WebexTokenRoute = "POST /v1/access_token"
