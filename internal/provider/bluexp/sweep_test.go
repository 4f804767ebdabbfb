package bluexp_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/bluexp"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/sharedtest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/client"
	bluexpapi "github.com/partneradmin/terraform-provider-partneradmin/internal/client/bluexp"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
)

// Real-tenant BlueXP fixture. The partnership and users are the tester's
// own, dedicated to these tests: the tests add the users to the
// ResourceAdmin and UserAdmin roles and remove them, and the sweepers remove
// them again after an interrupted run. Nothing else is touched.
const (
	// EnvBlueXPTestPartnershipID is a partnership the credential may manage.
	EnvBlueXPTestPartnershipID = "BLUEXP_TEST_PARTNERSHIP_ID"
	// EnvBlueXPTestUserID is a user (ID) that holds neither role in it.
	EnvBlueXPTestUserID = "BLUEXP_TEST_USER_ID"
	// EnvBlueXPTestEmail (optional) is the email of another such user, and
	// EnvBlueXPTestEmailUserID that user's ID: BlueXP never returns an email,
	// so the test and the sweeper know the user by this ID.
	EnvBlueXPTestEmail       = "BLUEXP_TEST_EMAIL"
	EnvBlueXPTestEmailUserID = "BLUEXP_TEST_EMAIL_USER_ID"
)

func init() {
	for _, role := range []struct {
		name string
		api  bluexpapi.Role
	}{{"partneradmin_bluexp_resource_admins", bluexpapi.ResourceAdmin}, {"partneradmin_bluexp_user_admins", bluexpapi.UserAdmin}} {
		resource.AddTestSweepers(role.name, &resource.Sweeper{
			Name: role.name,
			F:    func(string) error { return sweepAdmins(role.api) },
		})
	}
}

// sweepAdmins removes the test users from the test partnership's role, and
// nothing else.
func sweepAdmins(role bluexpapi.Role) error {
	pid := os.Getenv(EnvBlueXPTestPartnershipID)
	if pid == "" {
		return nil
	}
	c, err := clientFromEnv()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	for _, id := range []string{os.Getenv(EnvBlueXPTestUserID), os.Getenv(EnvBlueXPTestEmailUserID)} {
		if id == "" {
			continue
		}
		if err := c.RemoveAdmin(ctx, role, pid, id); err != nil && !client.IsNotFound(err) {
			return fmt.Errorf("sweeping BlueXP %s member %s of partnership %s: %w", role, id, pid, err)
		}
	}
	return nil
}

// clientFromEnv is a BlueXP client from the provider's environment variables.
func clientFromEnv() (*bluexpapi.Client, error) {
	return bluexpapi.New(bluexpapi.Config{
		BaseURL:      os.Getenv(bluexp.EnvBaseURL),
		TokenURL:     os.Getenv(bluexp.EnvTokenURL),
		AccessToken:  os.Getenv(bluexp.EnvAccessToken),
		ClientID:     os.Getenv(bluexp.EnvClientID),
		ClientSecret: os.Getenv(bluexp.EnvClientSecret),
		RefreshToken: os.Getenv(bluexp.EnvRefreshToken),
	})
}

// tenantFixture is the partnership and users of the tenant test: the
// sandbox's, or the real tenant's from the environment (skipping when unset).
type tenantFixture struct {
	pid, userID, email, emailUserID string
	members                         func() ([]string, error)
}

func newTenantFixture(e *sharedtest.AccEnv, role sharedtest.BlueXPRole, api bluexpapi.Role) tenantFixture {
	e.T.Helper()
	if e.Sandbox != nil {
		f := sharedtest.NewBlueXPFixture(e)
		return tenantFixture{pid: f.PID, userID: f.ByID, email: f.Email, emailUserID: f.ByEmail,
			members: func() ([]string, error) { return role.Members(e, f.PID), nil }}
	}
	f := tenantFixture{pid: os.Getenv(EnvBlueXPTestPartnershipID), userID: os.Getenv(EnvBlueXPTestUserID),
		email: os.Getenv(EnvBlueXPTestEmail), emailUserID: os.Getenv(EnvBlueXPTestEmailUserID)}
	if f.pid == "" || f.userID == "" {
		e.T.Skipf("set %s and %s (and optionally %s with %s) to run against a real BlueXP tenant",
			EnvBlueXPTestPartnershipID, EnvBlueXPTestUserID, EnvBlueXPTestEmail, EnvBlueXPTestEmailUserID)
	}
	if (f.email == "") != (f.emailUserID == "") {
		e.T.Fatalf("set both %s and %s, or neither", EnvBlueXPTestEmail, EnvBlueXPTestEmailUserID)
	}
	c, err := clientFromEnv()
	if err != nil {
		e.T.Fatal(err)
	}
	f.members = func() ([]string, error) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		list, err := c.ListAdmins(client.WithFreshReads(ctx), api, f.pid)
		ids := make([]string, len(list))
		for i, m := range list {
			ids[i] = m.ID
		}
		return ids, err
	}
	return f
}

// The lifecycle that also runs against a real tenant, for each role (PARTNERADMIN_ACC_REAL=1
// and the variables above): add a user by ID (and one by email), learn the
// email user's ID, plan no change, destroy, and check at BlueXP that the
// users are gone again.
func TestAccBlueXPResourceAdmins_tenant(t *testing.T) {
	for _, rc := range []struct {
		role sharedtest.BlueXPRole
		api  bluexpapi.Role
	}{{sharedtest.BlueXPResourceAdmins, bluexpapi.ResourceAdmin}, {sharedtest.BlueXPUserAdmins, bluexpapi.UserAdmin}} {
		role, api := rc.role, rc.api
		t.Run(role.Name, func(t *testing.T) {
			e := sharedtest.NewAccEnv(t, sandbox.Options{})
			f := newTenantFixture(e, role, api)
			users := []string{sharedtest.BlueXPUserID(f.userID)}
			want := map[string]string{f.userID: f.userID}
			if f.email != "" {
				users = append(users, sharedtest.BlueXPEmail(f.email))
				want[f.email] = f.emailUserID
			}
			cfg := e.Config(role.Config(f.pid, users...))
			holds := func(present bool) resource.TestCheckFunc {
				return func(*terraform.State) error {
					ids, err := f.members()
					if err != nil {
						return err
					}
					got := map[string]bool{}
					for _, id := range ids {
						got[strings.ToLower(id)] = true
					}
					for _, id := range want {
						if got[strings.ToLower(id)] != present {
							return fmt.Errorf("user %s: %s = %v, want %v", id, role.Noun, !present, present)
						}
					}
					return nil
				}
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: sharedtest.ProviderFactories,
				CheckDestroy:             holds(false),
				Steps: []resource.TestStep{
					{
						Config: cfg,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(role.Addr, plancheck.ResourceActionCreate)},
						},
						ConfigStateChecks: []statecheck.StateCheck{role.ExpectMembersMap(want)},
						Check:             holds(true),
					},
					{
						Config:           cfg,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
					},
				},
			})
		})
	}
}
