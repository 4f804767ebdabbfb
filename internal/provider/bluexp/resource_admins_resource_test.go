package bluexp_test

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/bluexp"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/sharedtest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
)

// Create with every identifier kind (and a visibility delay, so the read-back
// wait is exercised), no-op re-plan, update (add and remove), destroy. A
// ResourceAdmin added outside Terraform is never touched.
func TestAccBlueXPResourceAdmins_lifecycle(t *testing.T) {
	for _, role := range sharedtest.BlueXPRoles {
		t.Run(role.Name, func(t *testing.T) {
			e := sharedtest.NewAccEnv(t, sandbox.Options{VisibilityDelay: 700 * time.Millisecond})
			f := sharedtest.NewBlueXPFixture(e)
			outside := e.Sandbox.BlueXP().AddUser(sandbox.BlueXPUser{Name: "Outsider"})
			if err := role.AddMember(e, f.PID, outside); err != nil {
				t.Fatal(err)
			}
			create := e.Config(role.Config(f.PID, sharedtest.BlueXPUserID(f.ByID), sharedtest.BlueXPEmail(f.Email), sharedtest.BlueXPAuth0(f.Auth0ID), sharedtest.BlueXPAAD(f.AADID)))
			update := e.Config(role.Config(f.PID, sharedtest.BlueXPUserID(f.ByID), sharedtest.BlueXPAuth0(f.Auth0ID), sharedtest.BlueXPAAD(f.AADID), sharedtest.BlueXPEmail(f.ExtraEmail)))
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: sharedtest.ProviderFactories,
				CheckDestroy:             role.CheckGone(e, f.PID, []string{f.ByID, f.ByEmail, f.ByAuth0, f.ByAAD, f.Extra}, outside),
				Steps: []resource.TestStep{
					{
						Config: create,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(role.Addr, plancheck.ResourceActionCreate)},
						},
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(role.Addr, tfjsonpath.New("id"), knownvalue.StringExact(f.PID)),
							statecheck.ExpectKnownValue(role.Addr, tfjsonpath.New("members"), knownvalue.MapExact(map[string]knownvalue.Check{
								f.ByID:    knownvalue.StringExact(f.ByID),
								f.Email:   knownvalue.StringExact(f.ByEmail),
								f.Auth0ID: knownvalue.StringExact(f.ByAuth0),
								f.AADID:   knownvalue.StringExact(f.ByAAD),
							})),
						},
						Check: resource.ComposeTestCheckFunc(
							role.ExpectMembers(e, f.PID, outside, f.ByID, f.ByEmail, f.ByAuth0, f.ByAAD),
							func(*terraform.State) error {
								// One for the users named by ID, one for the email user.
								if n := e.CountRoute(role.RouteAdd); n != 2 {
									return fmt.Errorf("add requests = %d, want 2", n)
								}
								return nil
							},
						),
					},
					{
						Config: create,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
					},
					{
						Config:    update,
						PreConfig: e.Sandbox.ResetLog,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(role.Addr, plancheck.ResourceActionUpdate)},
						},
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(role.Addr, tfjsonpath.New("members"), knownvalue.MapExact(map[string]knownvalue.Check{
								f.ByID:       knownvalue.StringExact(f.ByID),
								f.Auth0ID:    knownvalue.StringExact(f.ByAuth0),
								f.AADID:      knownvalue.StringExact(f.ByAAD),
								f.ExtraEmail: knownvalue.StringExact(f.Extra),
							})),
						},
						Check: resource.ComposeTestCheckFunc(
							role.ExpectMembers(e, f.PID, outside, f.ByID, f.ByAuth0, f.ByAAD, f.Extra),
							func(*terraform.State) error {
								if add, del := e.CountRoute(role.RouteAdd), e.CountRoute(role.RouteRemove); add != 1 || del != 1 {
									return fmt.Errorf("update made %d adds and %d removes, want 1 and 1", add, del)
								}
								return nil
							},
						),
					},
					{
						Config: update,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
					},
				},
			})
		})
	}
}

// A member removed out of band drops out of state; the next apply adds it back.
func TestAccBlueXPResourceAdmins_drift(t *testing.T) {
	for _, role := range sharedtest.BlueXPRoles {
		t.Run(role.Name, func(t *testing.T) {
			e := sharedtest.NewAccEnv(t, sandbox.Options{})
			f := sharedtest.NewBlueXPFixture(e)
			cfg := e.Config(role.Config(f.PID, sharedtest.BlueXPUserID(f.ByID), sharedtest.BlueXPEmail(f.Email)))
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: sharedtest.ProviderFactories,
				CheckDestroy:             role.CheckGone(e, f.PID, []string{f.ByID, f.ByEmail}),
				Steps: []resource.TestStep{
					{Config: cfg, Check: role.ExpectMembers(e, f.PID, f.ByID, f.ByEmail)},
					{
						PreConfig: func() {
							if err := role.RemoveMember(e, f.PID, f.ByEmail); err != nil {
								t.Fatal(err)
							}
						},
						Config: cfg,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(role.Addr, plancheck.ResourceActionUpdate)},
						},
						Check: role.ExpectMembers(e, f.PID, f.ByID, f.ByEmail),
					},
					{
						Config:           cfg,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
					},
					// The partnership disappears: the resource leaves state, and the
					// next plan creates it again.
					{
						PreConfig:          func() { e.Sandbox.BlueXP().DeletePartnership(f.PID) },
						RefreshState:       true,
						ExpectNonEmptyPlan: true,
						RefreshPlanChecks: resource.RefreshPlanChecks{
							PostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(role.Addr, plancheck.ResourceActionCreate)},
						},
					},
				},
			})
		})
	}
}

// importableConfig is a config that an import matches: members named by
// user_id, as an import lists them, and no description, which is not read
// back (an import block would plan to set it).
func importableConfig(role sharedtest.BlueXPRole, e *sharedtest.AccEnv, f sharedtest.BlueXPFixture) string {
	return e.Config(strings.Replace(role.Config(f.PID, sharedtest.BlueXPUserID(f.ByID), sharedtest.BlueXPUserID(f.ByAAD)), `description    = "MSP storage team"`, "", 1))
}

// Import by partnership id lists every current ResourceAdmin as a user_id.
func TestAccBlueXPResourceAdmins_adoptByID(t *testing.T) {
	for _, role := range sharedtest.BlueXPRoles {
		t.Run(role.Name, func(t *testing.T) {
			e := sharedtest.NewAccEnv(t, sandbox.Options{})
			f := sharedtest.NewBlueXPFixture(e)
			cfg := importableConfig(role, e, f)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: sharedtest.ProviderFactories,
				CheckDestroy:             role.CheckGone(e, f.PID, []string{f.ByID, f.ByAAD}),
				Steps: slices.Concat([]resource.TestStep{{Config: cfg}}, sharedtest.ImportSteps(cfg, role.Addr, f.PID, "description"), []resource.TestStep{
					{
						ResourceName:  role.Addr,
						ImportState:   true,
						ImportStateId: "not-a-uuid",
						ExpectError:   regexp.MustCompile(`(?s)Invalid import ID.*<partnership_id>`),
					},
				}),
			})
		})
	}
}

func TestAccBlueXPResourceAdmins_byIdentity(t *testing.T) {
	for _, role := range sharedtest.BlueXPRoles {
		t.Run(role.Name, func(t *testing.T) {
			e := sharedtest.NewAccEnv(t, sandbox.Options{})
			f := sharedtest.NewBlueXPFixture(e)
			cfg := importableConfig(role, e, f)
			resource.ParallelTest(t, resource.TestCase{
				TerraformVersionChecks:   sharedtest.IdentityCLI,
				ProtoV6ProviderFactories: sharedtest.ProviderFactories,
				CheckDestroy:             role.CheckGone(e, f.PID, []string{f.ByID, f.ByAAD}),
				Steps: sharedtest.IdentitySteps(cfg, role.Addr, map[string]knownvalue.Check{
					"partnership_id": knownvalue.StringExact(f.PID),
				}),
			})
		})
	}
}

// 50 users are added with one POST; a refresh of a 500-member partnership
// reads the list page by page (pages of 100 → 5 list requests), never user
// by user. The 450 other members are added out of band first, so the
// configured users are on the last page and must be paged to; they are left
// alone on destroy (the resource is additive). (500 users in HCL would also
// work, but terraform's handling of a 500-element set takes minutes.)
func TestAccBlueXPResourceAdmins_requestCounts(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	f := sharedtest.NewBlueXPFixture(e)
	st := e.Sandbox.BlueXP()
	var others []string
	for i := range 450 {
		id := st.AddUser(sandbox.BlueXPUser{Name: fmt.Sprintf("other %d", i)})
		if err := st.AddMember(f.PID, id); err != nil {
			t.Fatal(err)
		}
		others = append(others, id)
	}
	var ids, refs []string
	for i := range 50 {
		id := st.AddUser(sandbox.BlueXPUser{Name: fmt.Sprintf("user %d", i)})
		ids = append(ids, id)
		refs = append(refs, sharedtest.BlueXPUserID(id))
	}
	cfg := e.Config(sharedtest.BlueXPConfig(f.PID, refs...))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		CheckDestroy:             sharedtest.CheckBlueXPGone(e, f.PID, ids, others...),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: func(*terraform.State) error {
					t.Logf("apply adding 50 users: %d POSTs, %d list requests, %d requests in all",
						e.CountRoute(sharedtest.BlueXPRouteAdd), e.CountRoute(sharedtest.BlueXPRouteList), e.VendorRequests("bluexp"))
					if n := e.CountRoute(sharedtest.BlueXPRouteAdd); n != 1 {
						return fmt.Errorf("adding 50 users made %d POSTs, want 1", n)
					}
					if n := len(st.Members(f.PID)); n != 500 {
						return fmt.Errorf("members = %d, want 500", n)
					}
					return nil
				},
			},
			{
				PreConfig:    e.Sandbox.ResetLog,
				RefreshState: true,
				Check: func(*terraform.State) error {
					lists := e.CountRoute(sharedtest.BlueXPRouteList)
					t.Logf("refresh of a 500-member partnership: %d list requests, %d get-one requests, %d requests in all",
						lists, e.CountRoute(sharedtest.BlueXPRouteGet), e.VendorRequests("bluexp"))
					if n := e.CountRoute(sharedtest.BlueXPRouteGet); n != 0 {
						return fmt.Errorf("refresh read %d users one by one", n)
					}
					if lists != 5 {
						return fmt.Errorf("refresh made %d list requests, want 5 (500 members, pages of 100)", lists)
					}
					return nil
				},
			},
			{
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

// Each token flow: the token is fetched once per provider process and
// shared by its requests; when BlueXP revokes it in the middle of an apply
// (after its first request), the refused request fetches a new token and is
// retried, in the same command, and succeeds on the new token.
func TestAccBlueXPResourceAdmins_auth(t *testing.T) {
	for name, auth := range map[string]string{
		"client_credentials": fmt.Sprintf("client_id = %q\n    client_secret = %q", sandbox.DefaultBlueXPClientID, sandbox.DefaultBlueXPClientSecret),
		"refresh_token":      fmt.Sprintf("refresh_token = %q", sandbox.DefaultBlueXPRefreshToken),
	} {
		t.Run(name, func(t *testing.T) {
			e := sharedtest.NewAccEnv(t, sandbox.Options{RevokeTokensAfter: 1})
			f := sharedtest.NewBlueXPFixture(e)
			cfg := e.BlueXPAuthConfig(auth) + sharedtest.BlueXPConfig(f.PID, sharedtest.BlueXPUserID(f.ByID), sharedtest.BlueXPUserID(f.ByAuth0))
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: sharedtest.ProviderFactories,
				CheckDestroy:             sharedtest.CheckBlueXPGone(e, f.PID, []string{f.ByID, f.ByAuth0}),
				Steps: []resource.TestStep{
					{
						Config: cfg,
						Check: resource.ComposeTestCheckFunc(
							sharedtest.ExpectBlueXPMembers(e, f.PID, f.ByID, f.ByAuth0),
							sharedtest.CheckRetriedOnNewToken(e, "bluexp"),
							func(*terraform.State) error {
								if n, calls := e.Sandbox.BlueXP().TokensIssued(), e.VendorRequests("bluexp"); n >= calls {
									return fmt.Errorf("%d tokens for %d API calls: tokens are not cached", n, calls)
								}
								return nil
							},
						),
					},
				},
			})
		})
	}
}

// Plan-time errors send nothing to BlueXP.
func TestAccBlueXPResourceAdmins_validation(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	f := sharedtest.NewBlueXPFixture(e)
	cases := []struct {
		name, config string
		want         string
	}{
		{"two identifiers", e.Config(sharedtest.BlueXPConfig(f.PID, fmt.Sprintf("{ user_id = %q, email = %q }", f.ByID, f.Email))), `(?s)Invalid BlueXP user.*line 34.*` +
			sharedtest.Words(fmt.Sprintf(`The entry { user_id = %q, email = %q } names its user more than once: set exactly one of user_id, email, auth0_id, aad_id. `+
				`Keep the one identifier you mean and remove the others; if they are different users, give each its own entry.`, f.ByID, f.Email))},
		{"no identifier", e.Config(sharedtest.BlueXPConfig(f.PID, "{}")), `(?s)Invalid BlueXP user.*line 34.*\{\}.*` +
			sharedtest.Words(`An entry of users sets none of user_id, email, auth0_id, aad_id: name its user by exactly one of them, or remove the entry.`)},
		{"one email twice", e.Config(sharedtest.BlueXPConfig(f.PID, sharedtest.BlueXPEmail("u1@example.com"), sharedtest.BlueXPEmail("U1@Example.com"), sharedtest.BlueXPUserID(f.ByID))),
			`(?s)Two entries name the same BlueXP user.*u1@example.com.*U1@Example.com|(?s)Two entries name the same BlueXP user.*U1@Example.com.*u1@example.com`},
		{"one user id twice", e.Config(sharedtest.BlueXPConfig(f.PID, sharedtest.BlueXPUserID(f.ByID), sharedtest.BlueXPUserID(strings.ToUpper(f.ByID)))), `(?s)Two entries name the same BlueXP user`},
		{"one aad id twice", e.Config(sharedtest.BlueXPConfig(f.PID, sharedtest.BlueXPAAD(f.AADID), sharedtest.BlueXPAAD(strings.ToUpper(f.AADID)))), `(?s)Two entries name the same BlueXP user`},
		{"bad email", e.Config(sharedtest.BlueXPConfig(f.PID, sharedtest.BlueXPEmail("not-an-email"))), `(?s)users.*email.*must be an email address`},
		{"bad user id", e.Config(sharedtest.BlueXPConfig(f.PID, sharedtest.BlueXPUserID("1234"))), `(?s)users.*user_id.*must be a UUID`},
		{"bad aad id", e.Config(sharedtest.BlueXPConfig(f.PID, sharedtest.BlueXPAAD("x"))), `(?s)users.*aad_id.*must be a UUID`},
		{"bad auth0 id", e.Config(sharedtest.BlueXPConfig(f.PID, sharedtest.BlueXPAuth0("nopipe"))), `(?s)auth0_id.*must be an Auth0 ID`},
		{"bad partnership id", e.Config(sharedtest.BlueXPConfig("../x", sharedtest.BlueXPUserID(f.ByID))), `(?s)partnership_id.*must be a UUID`},
		{"empty users", e.Config(sharedtest.BlueXPConfig(f.PID)), `(?s)users.*at least 1`},
		{"conflicting auth", e.BlueXPAuthConfig(fmt.Sprintf("access_token = %q\n    refresh_token = \"r\"", sandbox.DefaultBlueXPToken)) + sharedtest.BlueXPConfig(f.PID, sharedtest.BlueXPUserID(f.ByID)),
			`(?s)Conflicting BlueXP credentials.*BLUEXP_ACCESS_TOKEN.*BLUEXP_REFRESH_TOKEN`},
		{"half a service account", e.BlueXPAuthConfig(`client_id = "x"`) + sharedtest.BlueXPConfig(f.PID, sharedtest.BlueXPUserID(f.ByID)),
			`(?s)client_secret.*BLUEXP_CLIENT_SECRET`},
		{"no credentials", e.BlueXPAuthConfig("") + sharedtest.BlueXPConfig(f.PID, sharedtest.BlueXPUserID(f.ByID)),
			`(?s)BlueXP is not configured.*BLUEXP_ACCESS_TOKEN.*BLUEXP_CLIENT_ID.*BLUEXP_REFRESH_TOKEN`},
	}
	var steps []resource.TestStep
	for _, c := range cases {
		steps = append(steps, resource.TestStep{Config: c.config, PlanOnly: true, ExpectError: regexp.MustCompile(c.want)})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		Steps:                    steps,
	})
	// Every step failed at plan time: nothing may have reached BlueXP or its
	// token endpoint.
	n := e.VendorRequests("bluexp") + e.VendorRequests("bluexp-auth")
	t.Logf("requests sent by %d failing plans: %d", len(steps), n)
	if n != 0 {
		t.Errorf("plan-time validation sent %d requests", n)
	}

	// The same with the resource already in state, where a refresh would
	// otherwise read it: validation fails first, and nothing is read.
	t.Run("in state", func(t *testing.T) {
		inState := e.InvalidInStateSteps(e.Config(sharedtest.BlueXPConfig(f.PID, sharedtest.BlueXPUserID(f.ByID))), steps)
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: sharedtest.ProviderFactories,
			CheckDestroy:             sharedtest.CheckBlueXPGone(e, f.PID, []string{f.ByID}),
			Steps:                    inState,
		})
	})
}

// A user who holds the role before the Create began is not taken over: the
// Create fails, names the import ID, and sends no add. Once imported, an
// update that adds a user someone else added meanwhile (BlueXP answers 409)
// adds the rest instead of failing.
func TestAccBlueXPResourceAdmins_existingUsers(t *testing.T) {
	for _, role := range sharedtest.BlueXPRoles {
		t.Run(role.Name, func(t *testing.T) {
			e := sharedtest.NewAccEnv(t, sandbox.Options{})
			f := sharedtest.NewBlueXPFixture(e)
			if err := role.AddMember(e, f.PID, f.ByID); err != nil {
				t.Fatal(err)
			}
			importable := importableConfig(role, e, f)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: sharedtest.ProviderFactories,
				CheckDestroy:             role.CheckGone(e, f.PID, []string{f.ByID, f.ByAAD, f.ByEmail}),
				Steps: []resource.TestStep{
					{
						Config:      e.Config(role.Config(f.PID, sharedtest.BlueXPUserID(f.ByID), sharedtest.BlueXPAuth0(f.Auth0ID))),
						ExpectError: regexp.MustCompile(`(?s)Already exists.*` + f.ByID + `.*terraform import ` + role.Type + `.<name> "` + f.PID + `"`),
					},
					{
						PreConfig: func() {
							if n := e.CountRoute(role.RouteAdd); n != 0 {
								t.Errorf("the refused Create sent %d add requests", n)
							}
							if got := role.Members(e, f.PID); len(got) != 1 {
								t.Errorf("members after the refused Create: %v", got)
							}
						},
						Config:             importable,
						ResourceName:       role.Addr,
						ImportState:        true,
						ImportStateId:      f.PID,
						ImportStatePersist: true,
					},
					{
						PreConfig: func() {
							e.Sandbox.ResetLog()
							if err := role.AddMember(e, f.PID, f.ByAAD); err != nil {
								t.Fatal(err)
							}
						},
						Config: e.Config(strings.Replace(role.Config(f.PID, sharedtest.BlueXPUserID(f.ByID), sharedtest.BlueXPUserID(f.ByAAD), sharedtest.BlueXPUserID(f.ByEmail)), `description    = "MSP storage team"`, "", 1)),
						Check: resource.ComposeTestCheckFunc(
							role.ExpectMembers(e, f.PID, f.ByID, f.ByAAD, f.ByEmail),
							func(*terraform.State) error {
								var statuses []int
								for _, l := range e.Sandbox.Log() {
									if l.Route == role.RouteAdd {
										statuses = append(statuses, l.Status)
									}
								}
								if len(statuses) != 2 || statuses[0] != 409 || statuses[1] != 202 {
									return fmt.Errorf("add statuses = %v, want [409 202]", statuses)
								}
								return nil
							},
						),
					},
				},
			})
		})
	}
}

// An email user who already holds the role before the Create makes BlueXP
// answer 409: the Create fails as "already exists", and records nothing.
func TestAccBlueXPResourceAdmins_existingEmailUser(t *testing.T) {
	for _, role := range sharedtest.BlueXPRoles {
		t.Run(role.Name, func(t *testing.T) {
			e := sharedtest.NewAccEnv(t, sandbox.Options{})
			f := sharedtest.NewBlueXPFixture(e)
			if err := role.AddMember(e, f.PID, f.ByEmail); err != nil {
				t.Fatal(err)
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: sharedtest.ProviderFactories,
				CheckDestroy:             role.CheckGone(e, f.PID, []string{f.ByID}, f.ByEmail),
				Steps: []resource.TestStep{
					{
						Config:      e.Config(role.Config(f.PID, sharedtest.BlueXPEmail(f.Email), sharedtest.BlueXPUserID(f.ByID))),
						ExpectError: regexp.MustCompile(`(?s)Already exists.*` + f.Email + `.*409.*import ` + role.Type + `.<name> "` + f.PID + `"`),
					},
					{
						// Nothing is in state: the plan creates it again. Nothing was
						// added either.
						PreConfig:          func() { role.CheckMembers(t, e, f.PID, f.ByEmail) },
						Config:             e.Config(role.Config(f.PID, sharedtest.BlueXPEmail(f.Email), sharedtest.BlueXPUserID(f.ByID))),
						PlanOnly:           true,
						ExpectNonEmptyPlan: true,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PostApplyPreRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(role.Addr, plancheck.ResourceActionCreate)},
						},
					},
				},
			})
		})
	}
}

// Credentials from the environment: an access token alone works; an access
// token in the environment plus a service account in the block conflict,
// and the error names both environment variables.
func TestAccBlueXPResourceAdmins_envAuth(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	f := sharedtest.NewBlueXPFixture(e)
	t.Setenv(bluexp.EnvAccessToken, sandbox.DefaultBlueXPToken)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		CheckDestroy:             sharedtest.CheckBlueXPGone(e, f.PID, []string{f.ByAuth0}),
		Steps: []resource.TestStep{
			{
				Config:      e.BlueXPAuthConfig(`client_id = "a"`+"\n    client_secret = \"b\"") + sharedtest.BlueXPConfig(f.PID, sharedtest.BlueXPAuth0(f.Auth0ID)),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Conflicting BlueXP credentials.*BLUEXP_ACCESS_TOKEN.*BLUEXP_CLIENT_ID`),
			},
			{
				Config: e.BlueXPAuthConfig("") + sharedtest.BlueXPConfig(f.PID, sharedtest.BlueXPAuth0(f.Auth0ID)),
				Check:  sharedtest.ExpectBlueXPMembers(e, f.PID, f.ByAuth0),
			},
		},
	})
}
