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

// BlueXPRole is what the tests of one partnership role's resource differ
// in: the resource, the role's routes and its members in the sandbox. The
// BlueXP tests run over BlueXPRoles, since one implementation serves both.
type BlueXPRole struct {
	Name    string // subtest name: "resource_admins"
	Type    string // "partneradmin_bluexp_resource_admins"
	Addr    string // Type + ".test"
	Noun    string // "ResourceAdmin", as in messages
	Sandbox sandbox.BlueXPRole
	// Routes, as logged.
	RouteAdd, RouteList, RouteGet, RouteRemove string
}

func newBlueXPRole(name, noun string, sb sandbox.BlueXPRole) BlueXPRole {
	base := "/v1/management/partnerships/{partnershipId}/" + string(sb)
	typ := "partneradmin_bluexp_" + name
	return BlueXPRole{Name: name, Type: typ, Addr: typ + ".test", Noun: noun, Sandbox: sb,
		RouteAdd: "POST " + base, RouteList: "GET " + base, RouteGet: "GET " + base + "/{userId}", RouteRemove: "DELETE " + base + "/{userId}"}
}

// The partnership roles with a resource.
var (
	BlueXPResourceAdmins = newBlueXPRole("resource_admins", "ResourceAdmin", sandbox.BlueXPResourceAdmins)
	BlueXPUserAdmins     = newBlueXPRole("user_admins", "UserAdmin", sandbox.BlueXPUserAdmins)
	BlueXPRoles          = []BlueXPRole{BlueXPResourceAdmins, BlueXPUserAdmins}
)

// Config is a resource of the role named "test".
func (r BlueXPRole) Config(pid string, users ...string) string {
	return fmt.Sprintf(`
resource %q "test" {
  partnership_id = %q
  description    = "MSP storage team"
  users = [
    %s
  ]
}
`, r.Type, pid, strings.Join(users, ",\n    "))
}

// ExclusiveConfig is Config with exclusive = true.
func (r BlueXPRole) ExclusiveConfig(pid string, users ...string) string {
	return strings.Replace(r.Config(pid, users...), "  users = [", "  exclusive      = true\n  users = [", 1)
}

// Members are the user IDs holding the role in the sandbox.
func (r BlueXPRole) Members(e *AccEnv, pid string) []string {
	return e.Sandbox.BlueXP().RoleMembers(r.Sandbox, pid)
}

// AddMember gives a user the role out of band.
func (r BlueXPRole) AddMember(e *AccEnv, pid, userID string) error {
	return e.Sandbox.BlueXP().AddRoleMember(r.Sandbox, pid, userID)
}

// RemoveMember takes the role from a user out of band.
func (r BlueXPRole) RemoveMember(e *AccEnv, pid, userID string) error {
	return e.Sandbox.BlueXP().RemoveRoleMember(r.Sandbox, pid, userID)
}

// CheckGone is CheckDestroy: none of the given users holds the role, and
// the users in keep (added out of band) still do.
func (r BlueXPRole) CheckGone(e *AccEnv, pid string, gone []string, keep ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		left := map[string]bool{}
		for _, m := range r.Members(e, pid) {
			left[strings.ToLower(m)] = true
		}
		for _, u := range gone {
			if left[strings.ToLower(u)] {
				return fmt.Errorf("user %s is still a %s after destroy", u, r.Noun)
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

// ExpectMembers checks that exactly the given users hold the role.
func (r BlueXPRole) ExpectMembers(e *AccEnv, pid string, want ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		got := map[string]bool{}
		for _, m := range r.Members(e, pid) {
			got[strings.ToLower(m)] = true
		}
		for _, w := range want {
			if !got[strings.ToLower(w)] {
				return fmt.Errorf("user %s is not a %s; members: %v", w, r.Noun, r.Members(e, pid))
			}
		}
		if len(got) != len(want) {
			return fmt.Errorf("%ss = %v, want %v", r.Noun, r.Members(e, pid), want)
		}
		return nil
	}
}

// CheckMembers is ExpectMembers outside a Check (a PreConfig).
func (r BlueXPRole) CheckMembers(t *testing.T, e *AccEnv, pid string, want ...string) {
	t.Helper()
	if err := r.ExpectMembers(e, pid, want...)(nil); err != nil {
		t.Error(err)
	}
}

// ExpectMembersMap checks the members attribute in state.
func (r BlueXPRole) ExpectMembersMap(want map[string]string) statecheck.StateCheck {
	checks := map[string]knownvalue.Check{}
	for k, v := range want {
		checks[k] = knownvalue.StringExact(v)
	}
	return statecheck.ExpectKnownValue(r.Addr, tfjsonpath.New("members"), knownvalue.MapExact(checks))
}

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

// BlueXPConfig is BlueXPResourceAdmins.Config.
func BlueXPConfig(pid string, users ...string) string {
	return BlueXPResourceAdmins.Config(pid, users...)
}

func BlueXPUserID(id string) string { return fmt.Sprintf("{ user_id = %q }", id) }

func BlueXPEmail(s string) string { return fmt.Sprintf("{ email = %q }", s) }

func BlueXPAuth0(s string) string { return fmt.Sprintf("{ auth0_id = %q }", s) }

func BlueXPAAD(s string) string { return fmt.Sprintf("{ aad_id = %q }", s) }

// CheckBlueXPGone is BlueXPResourceAdmins.CheckGone.
func CheckBlueXPGone(e *AccEnv, pid string, gone []string, keep ...string) resource.TestCheckFunc {
	return BlueXPResourceAdmins.CheckGone(e, pid, gone, keep...)
}

// CheckBlueXPMembers is BlueXPResourceAdmins.CheckMembers.
func CheckBlueXPMembers(t *testing.T, e *AccEnv, pid string, want ...string) {
	t.Helper()
	BlueXPResourceAdmins.CheckMembers(t, e, pid, want...)
}

// ExpectBlueXPMembers is BlueXPResourceAdmins.ExpectMembers.
func ExpectBlueXPMembers(e *AccEnv, pid string, want ...string) resource.TestCheckFunc {
	return BlueXPResourceAdmins.ExpectMembers(e, pid, want...)
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

// ExpectBlueXPMembersMap is BlueXPResourceAdmins.ExpectMembersMap.
func ExpectBlueXPMembersMap(want map[string]string) statecheck.StateCheck {
	return BlueXPResourceAdmins.ExpectMembersMap(want)
}

const (
	BlueXPAdminsType      = "partneradmin_bluexp_resource_admins"
	BlueXPAdminsListRoute = "bluexp GET /v1/management/partnerships/{partnershipId}/resourceadmins"
)
