package provider

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
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

// bxpFixture is a partnership and a directory user for each identifier kind.
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
func BlueXPEmail(s string) string   { return fmt.Sprintf("{ email = %q }", s) }
func BlueXPAuth0(s string) string   { return fmt.Sprintf("{ auth0_id = %q }", s) }
func BlueXPAAD(s string) string     { return fmt.Sprintf("{ aad_id = %q }", s) }

// checkBXPGone is CheckDestroy: none of the given users is left, and the
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

// checkMembers is expectMembers outside a Check (a PreConfig).
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

// Create with every identifier kind (and a visibility delay, so the read-back
// wait is exercised), no-op re-plan, update (add and remove), destroy. A
// ResourceAdmin added outside Terraform is never touched.
func TestAccBlueXPResourceAdmins_lifecycle(t *testing.T) {
	e := NewAccEnv(t, sandbox.Options{VisibilityDelay: 700 * time.Millisecond})
	f := NewBlueXPFixture(e)
	outside := e.Sandbox.BlueXP().AddUser(sandbox.BlueXPUser{Name: "Outsider"})
	if err := e.Sandbox.BlueXP().AddMember(f.PID, outside); err != nil {
		t.Fatal(err)
	}
	create := e.Config(BlueXPConfig(f.PID, BlueXPUserID(f.ByID), BlueXPEmail(f.Email), BlueXPAuth0(f.Auth0ID), BlueXPAAD(f.AADID)))
	update := e.Config(BlueXPConfig(f.PID, BlueXPUserID(f.ByID), BlueXPAuth0(f.Auth0ID), BlueXPAAD(f.AADID), BlueXPEmail(f.ExtraEmail)))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: ProviderFactories,
		CheckDestroy:             CheckBlueXPGone(e, f.PID, []string{f.ByID, f.ByEmail, f.ByAuth0, f.ByAAD, f.Extra}, outside),
		Steps: []resource.TestStep{
			{
				Config: create,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(BlueXPAddr, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(BlueXPAddr, tfjsonpath.New("id"), knownvalue.StringExact(f.PID)),
					statecheck.ExpectKnownValue(BlueXPAddr, tfjsonpath.New("members"), knownvalue.MapExact(map[string]knownvalue.Check{
						f.ByID:    knownvalue.StringExact(f.ByID),
						f.Email:   knownvalue.StringExact(f.ByEmail),
						f.Auth0ID: knownvalue.StringExact(f.ByAuth0),
						f.AADID:   knownvalue.StringExact(f.ByAAD),
					})),
				},
				Check: resource.ComposeTestCheckFunc(
					ExpectBlueXPMembers(e, f.PID, outside, f.ByID, f.ByEmail, f.ByAuth0, f.ByAAD),
					func(*terraform.State) error {
						// One for the users named by ID, one for the email user.
						if n := e.CountRoute(BlueXPRouteAdd); n != 2 {
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
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(BlueXPAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(BlueXPAddr, tfjsonpath.New("members"), knownvalue.MapExact(map[string]knownvalue.Check{
						f.ByID:       knownvalue.StringExact(f.ByID),
						f.Auth0ID:    knownvalue.StringExact(f.ByAuth0),
						f.AADID:      knownvalue.StringExact(f.ByAAD),
						f.ExtraEmail: knownvalue.StringExact(f.Extra),
					})),
				},
				Check: resource.ComposeTestCheckFunc(
					ExpectBlueXPMembers(e, f.PID, outside, f.ByID, f.ByAuth0, f.ByAAD, f.Extra),
					func(*terraform.State) error {
						if add, del := e.CountRoute(BlueXPRouteAdd), e.CountRoute(BlueXPRouteRemove); add != 1 || del != 1 {
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
}

// A member removed out of band drops out of state; the next apply adds it back.
func TestAccBlueXPResourceAdmins_drift(t *testing.T) {
	e := NewAccEnv(t, sandbox.Options{})
	f := NewBlueXPFixture(e)
	cfg := e.Config(BlueXPConfig(f.PID, BlueXPUserID(f.ByID), BlueXPEmail(f.Email)))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: ProviderFactories,
		CheckDestroy:             CheckBlueXPGone(e, f.PID, []string{f.ByID, f.ByEmail}),
		Steps: []resource.TestStep{
			{Config: cfg, Check: ExpectBlueXPMembers(e, f.PID, f.ByID, f.ByEmail)},
			{
				PreConfig: func() {
					if err := e.Sandbox.BlueXP().RemoveMember(f.PID, f.ByEmail); err != nil {
						t.Fatal(err)
					}
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(BlueXPAddr, plancheck.ResourceActionUpdate)},
				},
				Check: ExpectBlueXPMembers(e, f.PID, f.ByID, f.ByEmail),
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
					PostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(BlueXPAddr, plancheck.ResourceActionCreate)},
				},
			},
		},
	})
}

// bxpImportableConfig is a config that an import matches: members named by
// user_id, as an import lists them, and no description, which is not read
// back (an import block would plan to set it).
func bxpImportableConfig(e *AccEnv, f BlueXPFixture) string {
	return e.Config(strings.Replace(BlueXPConfig(f.PID, BlueXPUserID(f.ByID), BlueXPUserID(f.ByAAD)), `description    = "MSP storage team"`, "", 1))
}

// Import by partnership id lists every current ResourceAdmin as a user_id.
func TestAccBlueXPResourceAdmins_import(t *testing.T) {
	e := NewAccEnv(t, sandbox.Options{})
	f := NewBlueXPFixture(e)
	cfg := bxpImportableConfig(e, f)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: ProviderFactories,
		CheckDestroy:             CheckBlueXPGone(e, f.PID, []string{f.ByID, f.ByAAD}),
		Steps: slices.Concat([]resource.TestStep{{Config: cfg}}, ImportSteps(cfg, BlueXPAddr, f.PID, "description"), []resource.TestStep{
			{
				ResourceName:  BlueXPAddr,
				ImportState:   true,
				ImportStateId: "not-a-uuid",
				ExpectError:   regexp.MustCompile(`(?s)Invalid import ID.*<partnership_id>`),
			},
		}),
	})
}

func TestAccBlueXPResourceAdmins_importByIdentity(t *testing.T) {
	e := NewAccEnv(t, sandbox.Options{})
	f := NewBlueXPFixture(e)
	cfg := bxpImportableConfig(e, f)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   IdentityCLI,
		ProtoV6ProviderFactories: ProviderFactories,
		CheckDestroy:             CheckBlueXPGone(e, f.PID, []string{f.ByID, f.ByAAD}),
		Steps: IdentitySteps(cfg, BlueXPAddr, map[string]knownvalue.Check{
			"partnership_id": knownvalue.StringExact(f.PID),
		}),
	})
}

// 50 users are added with one POST; a refresh of a 500-member partnership
// reads the list page by page (pages of 100 → 5 list requests), never user
// by user. The 450 other members are added out of band first, so the
// configured users are on the last page and must be paged to; they are left
// alone on destroy (the resource is additive). (500 users in HCL would also
// work, but terraform's handling of a 500-element set takes minutes.)
func TestAccBlueXPResourceAdmins_requestCounts(t *testing.T) {
	e := NewAccEnv(t, sandbox.Options{})
	f := NewBlueXPFixture(e)
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
		refs = append(refs, BlueXPUserID(id))
	}
	cfg := e.Config(BlueXPConfig(f.PID, refs...))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: ProviderFactories,
		CheckDestroy:             CheckBlueXPGone(e, f.PID, ids, others...),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: func(*terraform.State) error {
					t.Logf("apply adding 50 users: %d POSTs, %d list requests, %d requests in all",
						e.CountRoute(BlueXPRouteAdd), e.CountRoute(BlueXPRouteList), e.VendorRequests("bluexp"))
					if n := e.CountRoute(BlueXPRouteAdd); n != 1 {
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
					lists := e.CountRoute(BlueXPRouteList)
					t.Logf("refresh of a 500-member partnership: %d list requests, %d get-one requests, %d requests in all",
						lists, e.CountRoute(BlueXPRouteGet), e.VendorRequests("bluexp"))
					if n := e.CountRoute(BlueXPRouteGet); n != 0 {
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

// bxpAuthConfig is a provider block with the given bluexp credentials.
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
			e := NewAccEnv(t, sandbox.Options{RevokeTokensAfter: 1})
			f := NewBlueXPFixture(e)
			cfg := e.BlueXPAuthConfig(auth) + BlueXPConfig(f.PID, BlueXPUserID(f.ByID), BlueXPUserID(f.ByAuth0))
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: ProviderFactories,
				CheckDestroy:             CheckBlueXPGone(e, f.PID, []string{f.ByID, f.ByAuth0}),
				Steps: []resource.TestStep{
					{
						Config: cfg,
						Check: resource.ComposeTestCheckFunc(
							ExpectBlueXPMembers(e, f.PID, f.ByID, f.ByAuth0),
							CheckRetriedOnNewToken(e, "bluexp"),
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
	e := NewAccEnv(t, sandbox.Options{})
	f := NewBlueXPFixture(e)
	cases := []struct {
		name, config string
		want         string
	}{
		{"two identifiers", e.Config(BlueXPConfig(f.PID, fmt.Sprintf("{ user_id = %q, email = %q }", f.ByID, f.Email))), `(?s)Invalid BlueXP user.*line 34.*\{ user_id = .*, email = .*set exactly one of user_id, email, auth0_id, aad_id`},
		{"no identifier", e.Config(BlueXPConfig(f.PID, "{}")), `(?s)Invalid BlueXP user.*line 34.*\{\}.*set exactly one of user_id, email, auth0_id, aad_id`},
		{"one email twice", e.Config(BlueXPConfig(f.PID, BlueXPEmail("u1@example.com"), BlueXPEmail("U1@Example.com"), BlueXPUserID(f.ByID))),
			`(?s)Two entries name the same BlueXP user.*u1@example.com.*U1@Example.com|(?s)Two entries name the same BlueXP user.*U1@Example.com.*u1@example.com`},
		{"one user id twice", e.Config(BlueXPConfig(f.PID, BlueXPUserID(f.ByID), BlueXPUserID(strings.ToUpper(f.ByID)))), `(?s)Two entries name the same BlueXP user`},
		{"one aad id twice", e.Config(BlueXPConfig(f.PID, BlueXPAAD(f.AADID), BlueXPAAD(strings.ToUpper(f.AADID)))), `(?s)Two entries name the same BlueXP user`},
		{"bad email", e.Config(BlueXPConfig(f.PID, BlueXPEmail("not-an-email"))), `(?s)users.*email.*must be an email address`},
		{"bad user id", e.Config(BlueXPConfig(f.PID, BlueXPUserID("1234"))), `(?s)users.*user_id.*must be a UUID`},
		{"bad aad id", e.Config(BlueXPConfig(f.PID, BlueXPAAD("x"))), `(?s)users.*aad_id.*must be a UUID`},
		{"bad auth0 id", e.Config(BlueXPConfig(f.PID, BlueXPAuth0("nopipe"))), `(?s)auth0_id.*must be an Auth0 ID`},
		{"bad partnership id", e.Config(BlueXPConfig("../x", BlueXPUserID(f.ByID))), `(?s)partnership_id.*must be a UUID`},
		{"empty users", e.Config(BlueXPConfig(f.PID)), `(?s)users.*at least 1`},
		{"conflicting auth", e.BlueXPAuthConfig(fmt.Sprintf("access_token = %q\n    refresh_token = \"r\"", sandbox.DefaultBlueXPToken)) + BlueXPConfig(f.PID, BlueXPUserID(f.ByID)),
			`(?s)Conflicting BlueXP credentials.*BLUEXP_ACCESS_TOKEN.*BLUEXP_REFRESH_TOKEN`},
		{"half a service account", e.BlueXPAuthConfig(`client_id = "x"`) + BlueXPConfig(f.PID, BlueXPUserID(f.ByID)),
			`(?s)client_secret.*BLUEXP_CLIENT_SECRET`},
		{"no credentials", e.BlueXPAuthConfig("") + BlueXPConfig(f.PID, BlueXPUserID(f.ByID)),
			`(?s)BlueXP is not configured.*BLUEXP_ACCESS_TOKEN.*BLUEXP_CLIENT_ID.*BLUEXP_REFRESH_TOKEN`},
	}
	var steps []resource.TestStep
	for _, c := range cases {
		steps = append(steps, resource.TestStep{Config: c.config, PlanOnly: true, ExpectError: regexp.MustCompile(c.want)})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: ProviderFactories,
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
		inState := e.InvalidInStateSteps(e.Config(BlueXPConfig(f.PID, BlueXPUserID(f.ByID))), steps)
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: ProviderFactories,
			CheckDestroy:             CheckBlueXPGone(e, f.PID, []string{f.ByID}),
			Steps:                    inState,
		})
	})
}

// A user who holds the role before the Create began is not taken over: the
// Create fails, names the import ID, and sends no add. Once imported, an
// update that adds a user someone else added meanwhile (BlueXP answers 409)
// adds the rest instead of failing.
func TestAccBlueXPResourceAdmins_existingUsers(t *testing.T) {
	e := NewAccEnv(t, sandbox.Options{})
	f := NewBlueXPFixture(e)
	if err := e.Sandbox.BlueXP().AddMember(f.PID, f.ByID); err != nil {
		t.Fatal(err)
	}
	importable := bxpImportableConfig(e, f)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: ProviderFactories,
		CheckDestroy:             CheckBlueXPGone(e, f.PID, []string{f.ByID, f.ByAAD, f.ByEmail}),
		Steps: []resource.TestStep{
			{
				Config:      e.Config(BlueXPConfig(f.PID, BlueXPUserID(f.ByID), BlueXPAuth0(f.Auth0ID))),
				ExpectError: regexp.MustCompile(`(?s)Already exists.*` + f.ByID + `.*terraform import partneradmin_bluexp_resource_admins.<name> "` + f.PID + `"`),
			},
			{
				PreConfig: func() {
					if n := e.CountRoute(BlueXPRouteAdd); n != 0 {
						t.Errorf("the refused Create sent %d add requests", n)
					}
					if got := e.Sandbox.BlueXP().Members(f.PID); len(got) != 1 {
						t.Errorf("members after the refused Create: %v", got)
					}
				},
				Config:             importable,
				ResourceName:       BlueXPAddr,
				ImportState:        true,
				ImportStateId:      f.PID,
				ImportStatePersist: true,
			},
			{
				PreConfig: func() {
					e.Sandbox.ResetLog()
					if err := e.Sandbox.BlueXP().AddMember(f.PID, f.ByAAD); err != nil {
						t.Fatal(err)
					}
				},
				Config: e.Config(strings.Replace(BlueXPConfig(f.PID, BlueXPUserID(f.ByID), BlueXPUserID(f.ByAAD), BlueXPUserID(f.ByEmail)), `description    = "MSP storage team"`, "", 1)),
				Check: resource.ComposeTestCheckFunc(
					ExpectBlueXPMembers(e, f.PID, f.ByID, f.ByAAD, f.ByEmail),
					func(*terraform.State) error {
						var statuses []int
						for _, l := range e.Sandbox.Log() {
							if l.Route == BlueXPRouteAdd {
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
}

// An email user who already holds the role before the Create makes BlueXP
// answer 409: the Create fails as "already exists", and records nothing.
func TestAccBlueXPResourceAdmins_existingEmailUser(t *testing.T) {
	e := NewAccEnv(t, sandbox.Options{})
	f := NewBlueXPFixture(e)
	if err := e.Sandbox.BlueXP().AddMember(f.PID, f.ByEmail); err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: ProviderFactories,
		CheckDestroy:             CheckBlueXPGone(e, f.PID, []string{f.ByID}, f.ByEmail),
		Steps: []resource.TestStep{
			{
				Config:      e.Config(BlueXPConfig(f.PID, BlueXPEmail(f.Email), BlueXPUserID(f.ByID))),
				ExpectError: regexp.MustCompile(`(?s)Already exists.*` + f.Email + `.*409.*import partneradmin_bluexp_resource_admins.<name> "` + f.PID + `"`),
			},
			{
				// Nothing is in state: the plan creates it again. Nothing was
				// added either.
				PreConfig:          func() { CheckBlueXPMembers(t, e, f.PID, f.ByEmail) },
				Config:             e.Config(BlueXPConfig(f.PID, BlueXPEmail(f.Email), BlueXPUserID(f.ByID))),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPreRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(BlueXPAddr, plancheck.ResourceActionCreate)},
				},
			},
		},
	})
}

// Credentials from the environment: an access token alone works; an access
// token in the environment plus a service account in the block conflict,
// and the error names both environment variables.
func TestAccBlueXPResourceAdmins_envAuth(t *testing.T) {
	e := NewAccEnv(t, sandbox.Options{})
	f := NewBlueXPFixture(e)
	t.Setenv(EnvBlueXPAccessToken, sandbox.DefaultBlueXPToken)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: ProviderFactories,
		CheckDestroy:             CheckBlueXPGone(e, f.PID, []string{f.ByAuth0}),
		Steps: []resource.TestStep{
			{
				Config:      e.BlueXPAuthConfig(`client_id = "a"`+"\n    client_secret = \"b\"") + BlueXPConfig(f.PID, BlueXPAuth0(f.Auth0ID)),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Conflicting BlueXP credentials.*BLUEXP_ACCESS_TOKEN.*BLUEXP_CLIENT_ID`),
			},
			{
				Config: e.BlueXPAuthConfig("") + BlueXPConfig(f.PID, BlueXPAuth0(f.Auth0ID)),
				Check:  ExpectBlueXPMembers(e, f.PID, f.ByAuth0),
			},
		},
	})
}
