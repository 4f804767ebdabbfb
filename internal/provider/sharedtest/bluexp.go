package sharedtest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
)

const BlueXPAddr = "partneradmin_bluexp_resource_admins.test"

// Sandbox routes, as logged.
const (
	BlueXPRouteAdd    = "POST /v1/management/partnerships/{partnershipId}/resourceadmins"
	BlueXPRouteList   = "GET /v1/management/partnerships/{partnershipId}/resourceadmins"
	BlueXPRouteGet    = "GET /v1/management/partnerships/{partnershipId}/resourceadmins/{userId}"
	BlueXPRouteRemove = "DELETE /v1/management/partnerships/{partnershipId}/resourceadmins/{userId}"
)

// BlueXPFixture is a partnership and a directory user for each identifier kind.
type BlueXPFixture struct {
	PID                    string
	ByID, ByEmail, ByAuth0 string // user ids
	ByAAD, Extra           string
	Email, Auth0ID, AADID  string
	ExtraEmail             string
}

func NewBlueXPFixture(e *AccEnv) BlueXPFixture {
	e.T.Helper()
	e.RequireSandbox()
	st := e.Sandbox.BlueXP()
	f := BlueXPFixture{
		PID:        st.AddPartnership("", "Acme MSP"),
		Email:      "ops@example.com",
		Auth0ID:    "auth0|5a09551d0d9ef535b823bd3f",
		AADID:      "8cb0fe27-0000-4000-8000-000000000001",
		ExtraEmail: "extra@example.com",
	}
	f.ByID = st.AddUser(sandbox.BlueXPUser{Name: "Ada"})
	f.ByEmail = st.AddUser(sandbox.BlueXPUser{Name: "Ops", Email: f.Email})
	f.ByAuth0 = st.AddUser(sandbox.BlueXPUser{Name: "Bob", Auth0ID: f.Auth0ID})
	f.ByAAD = st.AddUser(sandbox.BlueXPUser{Name: "Cy", AADID: f.AADID})
	f.Extra = st.AddUser(sandbox.BlueXPUser{Name: "Extra", Email: f.ExtraEmail})
	return f
}

func BlueXPConfig(pid string, users ...string) string {
	return fmt.Sprintf(`
resource "partneradmin_bluexp_resource_admins" "test" {
  partnership_id = %q
  description    = "MSP storage team"
  users = [
    %s
  ]
}
`, pid, strings.Join(users, ",\n    "))
}

func BlueXPUserID(id string) string { return fmt.Sprintf("{ user_id = %q }", id) }

func BlueXPEmail(s string) string { return fmt.Sprintf("{ email = %q }", s) }

func BlueXPAuth0(s string) string { return fmt.Sprintf("{ auth0_id = %q }", s) }

func BlueXPAAD(s string) string { return fmt.Sprintf("{ aad_id = %q }", s) }

// CheckBlueXPGone is CheckDestroy: none of the given users is left, and the
// users in keep (added out of band) are untouched.
func CheckBlueXPGone(e *AccEnv, pid string, gone []string, keep ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		left := map[string]bool{}
		for _, m := range e.Sandbox.BlueXP().Members(pid) {
			left[strings.ToLower(m)] = true
		}
		for _, u := range gone {
			if left[strings.ToLower(u)] {
				return fmt.Errorf("user %s is still a ResourceAdmin after destroy", u)
			}
		}
		for _, u := range keep {
			if !left[strings.ToLower(u)] {
				return fmt.Errorf("user %s, added outside Terraform, was removed", u)
			}
		}
		return nil
	}
}

// CheckBlueXPMembers is ExpectBlueXPMembers outside a Check (a PreConfig).
func CheckBlueXPMembers(t *testing.T, e *AccEnv, pid string, want ...string) {
	t.Helper()
	if err := ExpectBlueXPMembers(e, pid, want...)(nil); err != nil {
		t.Error(err)
	}
}

func ExpectBlueXPMembers(e *AccEnv, pid string, want ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		got := map[string]bool{}
		for _, m := range e.Sandbox.BlueXP().Members(pid) {
			got[strings.ToLower(m)] = true
		}
		for _, w := range want {
			if !got[strings.ToLower(w)] {
				return fmt.Errorf("user %s is not a ResourceAdmin; members: %v", w, e.Sandbox.BlueXP().Members(pid))
			}
		}
		if len(got) != len(want) {
			return fmt.Errorf("members = %v, want %v", e.Sandbox.BlueXP().Members(pid), want)
		}
		return nil
	}
}

// BlueXPAuthConfig is a provider block with the given bluexp credentials.
func (e *AccEnv) BlueXPAuthConfig(auth string) string {
	return fmt.Sprintf(`
provider "partneradmin" {
  max_retries = 1
  bluexp = {
    base_url  = %q
    token_url = %q
    %s
  }
}
`, e.URL+sandbox.BlueXPBasePath, e.URL+sandbox.BlueXPTokenPath, auth)
}

func ExpectBlueXPMembersMap(want map[string]string) statecheck.StateCheck {
	checks := map[string]knownvalue.Check{}
	for k, v := range want {
		checks[k] = knownvalue.StringExact(v)
	}
	return statecheck.ExpectKnownValue(BlueXPAddr, tfjsonpath.New("members"), knownvalue.MapExact(checks))
}

const (
	BlueXPAdminsType      = "partneradmin_bluexp_resource_admins"
	BlueXPAdminsListRoute = "bluexp GET /v1/management/partnerships/{partnershipId}/resourceadmins"
)
