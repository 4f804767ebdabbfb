package webex_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/client"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/client/clienttest"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/client/webex"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
)

func TestValidateBaseURL(t *testing.T) {
	for _, ok := range []string{webex.DefaultBaseURL, "https://webexapis.com/", "http://127.0.0.1:1/webex", "https://proxy.example.com/webex/v1x"} {
		if err := webex.ValidateBaseURL(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	for _, bad := range []string{"https://webexapis.com/v1", "https://webexapis.com/v1/", "https://webexapis.com/V1", "http://example.com", ""} {
		if err := webex.ValidateBaseURL(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if _, err := webex.New(webex.Config{BaseURL: "https://webexapis.com/v1", AccessToken: "t"}); err == nil ||
		!strings.Contains(err.Error(), `use "https://webexapis.com"`) {
		t.Errorf("New with a /v1 base URL: %v", err)
	}
}

// A deleted org's 404 at the right root removes; the same 404 at a wrong
// root, whatever answers it, does not, and says which base URL to check.
func TestNotFoundNeedsTheRightRoot(t *testing.T) {
	sb := sandbox.New(sandbox.Options{})
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	org := sb.Webex().AddOrg("Gone")
	sb.Webex().DeleteOrg(org)
	ctx := context.Background()
	const meRoute = "GET /v1/people/me"

	right, err := webex.New(webex.Config{BaseURL: srv.URL + "/webex", AccessToken: sandbox.DefaultWebexToken})
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if _, err := right.ListCustomerPartnerAdmins(ctx, org); !client.IsNotFound(err) {
			t.Fatalf("deleted org at the right root: %v", err)
		}
	}
	if n := countRoute(sb, meRoute); n != 1 {
		t.Errorf("Get My Own Details called %d times for three 404s, want 1", n)
	}

	clienttest.CheckWrongRoots(t, sb, srv.URL, "/webex/v2", "/nowhere", "webex.base_url or WEBEX_BASE_URL", func(t *testing.T, base string) map[string]error {
		c, err := webex.New(webex.Config{BaseURL: base, AccessToken: sandbox.DefaultWebexToken})
		if err != nil {
			t.Fatal(err)
		}
		_, listErr := c.ListCustomerPartnerAdmins(ctx, org)
		// Delete paths need the same proof.
		_, unassignErr := c.UnassignPartnerAdmin(ctx, org, sb.Webex().AddPerson(sandbox.Person{PartnerRole: sandbox.RolePartnerAdmin}))
		return map[string]error{"list": listErr, "unassign": unassignErr}
	})
}

func countRoute(sb *sandbox.Server, route string) int {
	n := 0
	for _, e := range sb.Log() {
		if e.Route == route {
			n++
		}
	}
	return n
}
