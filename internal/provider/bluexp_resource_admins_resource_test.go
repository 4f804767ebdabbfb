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

const bxpAddr = "partneradmin_bluexp_resource_admins.test"

// Sandbox routes, as logged.
const (
	bxpRouteAdd    = "POST /v1/management/partnerships/{partnershipId}/resourceadmins"
	bxpRouteList   = "GET /v1/management/partnerships/{partnershipId}/resourceadmins"
	bxpRouteGet    = "GET /v1/management/partnerships/{partnershipId}/resourceadmins/{userId}"
	bxpRouteRemove = "DELETE /v1/management/partnerships/{partnershipId}/resourceadmins/{userId}"
)

// bxpFixture is a partnership and a directory user for each identifier kind.
type bxpFixture struct {
	pid                    string
	byID, byEmail, byAuth0 string // user ids
	byAAD, extra           string
	email, auth0ID, aadID  string
	extraEmail             string
}

func newBXPFixture(e *accEnv) bxpFixture {
	e.t.Helper()
	e.requireSandbox()
	st := e.sb.BlueXP()
	f := bxpFixture{
		pid:        st.AddPartnership("", "Acme MSP"),
		email:      "ops@example.com",
		auth0ID:    "auth0|5a09551d0d9ef535b823bd3f",
		aadID:      "8cb0fe27-0000-4000-8000-000000000001",
		extraEmail: "extra@example.com",
	}
	f.byID = st.AddUser(sandbox.BlueXPUser{Name: "Ada"})
	f.byEmail = st.AddUser(sandbox.BlueXPUser{Name: "Ops", Email: f.email})
	f.byAuth0 = st.AddUser(sandbox.BlueXPUser{Name: "Bob", Auth0ID: f.auth0ID})
	f.byAAD = st.AddUser(sandbox.BlueXPUser{Name: "Cy", AADID: f.aadID})
	f.extra = st.AddUser(sandbox.BlueXPUser{Name: "Extra", Email: f.extraEmail})
	return f
}

func bxpConfig(pid string, users ...string) string {
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

func uid(id string) string  { return fmt.Sprintf("{ user_id = %q }", id) }
func email(s string) string { return fmt.Sprintf("{ email = %q }", s) }
func auth0(s string) string { return fmt.Sprintf("{ auth0_id = %q }", s) }
func aad(s string) string   { return fmt.Sprintf("{ aad_id = %q }", s) }

// checkBXPGone is CheckDestroy: none of the given users is left, and the
// users in keep (added out of band) are untouched.
func checkBXPGone(e *accEnv, pid string, gone []string, keep ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		left := map[string]bool{}
		for _, m := range e.sb.BlueXP().Members(pid) {
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
func checkMembers(t *testing.T, e *accEnv, pid string, want ...string) {
	t.Helper()
	if err := expectMembers(e, pid, want...)(nil); err != nil {
		t.Error(err)
	}
}

func expectMembers(e *accEnv, pid string, want ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		got := map[string]bool{}
		for _, m := range e.sb.BlueXP().Members(pid) {
			got[strings.ToLower(m)] = true
		}
		for _, w := range want {
			if !got[strings.ToLower(w)] {
				return fmt.Errorf("user %s is not a ResourceAdmin; members: %v", w, e.sb.BlueXP().Members(pid))
			}
		}
		if len(got) != len(want) {
			return fmt.Errorf("members = %v, want %v", e.sb.BlueXP().Members(pid), want)
		}
		return nil
	}
}

// Create with every identifier kind (and a visibility delay, so the read-back
// wait is exercised), no-op re-plan, update (add and remove), destroy. A
// ResourceAdmin added outside Terraform is never touched.
func TestAccBlueXPResourceAdmins_lifecycle(t *testing.T) {
	e := newAccEnv(t, sandbox.Options{VisibilityDelay: 700 * time.Millisecond})
	f := newBXPFixture(e)
	outside := e.sb.BlueXP().AddUser(sandbox.BlueXPUser{Name: "Outsider"})
	if err := e.sb.BlueXP().AddMember(f.pid, outside); err != nil {
		t.Fatal(err)
	}
	create := e.config(bxpConfig(f.pid, uid(f.byID), email(f.email), auth0(f.auth0ID), aad(f.aadID)))
	update := e.config(bxpConfig(f.pid, uid(f.byID), auth0(f.auth0ID), aad(f.aadID), email(f.extraEmail)))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkBXPGone(e, f.pid, []string{f.byID, f.byEmail, f.byAuth0, f.byAAD, f.extra}, outside),
		Steps: []resource.TestStep{
			{
				Config: create,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(bxpAddr, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(bxpAddr, tfjsonpath.New("id"), knownvalue.StringExact(f.pid)),
					statecheck.ExpectKnownValue(bxpAddr, tfjsonpath.New("members"), knownvalue.MapExact(map[string]knownvalue.Check{
						f.byID:    knownvalue.StringExact(f.byID),
						f.email:   knownvalue.StringExact(f.byEmail),
						f.auth0ID: knownvalue.StringExact(f.byAuth0),
						f.aadID:   knownvalue.StringExact(f.byAAD),
					})),
				},
				Check: resource.ComposeTestCheckFunc(
					expectMembers(e, f.pid, outside, f.byID, f.byEmail, f.byAuth0, f.byAAD),
					func(*terraform.State) error {
						// One for the users named by ID, one for the email user.
						if n := e.countRoute(bxpRouteAdd); n != 2 {
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
				PreConfig: e.sb.ResetLog,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(bxpAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(bxpAddr, tfjsonpath.New("members"), knownvalue.MapExact(map[string]knownvalue.Check{
						f.byID:       knownvalue.StringExact(f.byID),
						f.auth0ID:    knownvalue.StringExact(f.byAuth0),
						f.aadID:      knownvalue.StringExact(f.byAAD),
						f.extraEmail: knownvalue.StringExact(f.extra),
					})),
				},
				Check: resource.ComposeTestCheckFunc(
					expectMembers(e, f.pid, outside, f.byID, f.byAuth0, f.byAAD, f.extra),
					func(*terraform.State) error {
						if add, del := e.countRoute(bxpRouteAdd), e.countRoute(bxpRouteRemove); add != 1 || del != 1 {
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
	e := newAccEnv(t, sandbox.Options{})
	f := newBXPFixture(e)
	cfg := e.config(bxpConfig(f.pid, uid(f.byID), email(f.email)))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkBXPGone(e, f.pid, []string{f.byID, f.byEmail}),
		Steps: []resource.TestStep{
			{Config: cfg, Check: expectMembers(e, f.pid, f.byID, f.byEmail)},
			{
				PreConfig: func() {
					if err := e.sb.BlueXP().RemoveMember(f.pid, f.byEmail); err != nil {
						t.Fatal(err)
					}
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(bxpAddr, plancheck.ResourceActionUpdate)},
				},
				Check: expectMembers(e, f.pid, f.byID, f.byEmail),
			},
			{
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			// The partnership disappears: the resource leaves state, and the
			// next plan creates it again.
			{
				PreConfig:          func() { e.sb.BlueXP().DeletePartnership(f.pid) },
				RefreshState:       true,
				ExpectNonEmptyPlan: true,
				RefreshPlanChecks: resource.RefreshPlanChecks{
					PostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(bxpAddr, plancheck.ResourceActionCreate)},
				},
			},
		},
	})
}

// bxpImportableConfig is a config that an import matches: members named by
// user_id, as an import lists them, and no description, which is not read
// back (an import block would plan to set it).
func bxpImportableConfig(e *accEnv, f bxpFixture) string {
	return e.config(strings.Replace(bxpConfig(f.pid, uid(f.byID), uid(f.byAAD)), `description    = "MSP storage team"`, "", 1))
}

// Import by partnership id lists every current ResourceAdmin as a user_id.
func TestAccBlueXPResourceAdmins_import(t *testing.T) {
	e := newAccEnv(t, sandbox.Options{})
	f := newBXPFixture(e)
	cfg := bxpImportableConfig(e, f)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkBXPGone(e, f.pid, []string{f.byID, f.byAAD}),
		Steps: slices.Concat([]resource.TestStep{{Config: cfg}}, importSteps(cfg, bxpAddr, f.pid, "description"), []resource.TestStep{
			{
				ResourceName:  bxpAddr,
				ImportState:   true,
				ImportStateId: "not-a-uuid",
				ExpectError:   regexp.MustCompile(`(?s)Invalid import ID.*<partnership_id>`),
			},
		}),
	})
}

func TestAccBlueXPResourceAdmins_importByIdentity(t *testing.T) {
	e := newAccEnv(t, sandbox.Options{})
	f := newBXPFixture(e)
	cfg := bxpImportableConfig(e, f)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   identityCLI,
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkBXPGone(e, f.pid, []string{f.byID, f.byAAD}),
		Steps: identitySteps(cfg, bxpAddr, map[string]knownvalue.Check{
			"partnership_id": knownvalue.StringExact(f.pid),
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
	e := newAccEnv(t, sandbox.Options{})
	f := newBXPFixture(e)
	st := e.sb.BlueXP()
	var others []string
	for i := range 450 {
		id := st.AddUser(sandbox.BlueXPUser{Name: fmt.Sprintf("other %d", i)})
		if err := st.AddMember(f.pid, id); err != nil {
			t.Fatal(err)
		}
		others = append(others, id)
	}
	var ids, refs []string
	for i := range 50 {
		id := st.AddUser(sandbox.BlueXPUser{Name: fmt.Sprintf("user %d", i)})
		ids = append(ids, id)
		refs = append(refs, uid(id))
	}
	cfg := e.config(bxpConfig(f.pid, refs...))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkBXPGone(e, f.pid, ids, others...),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: func(*terraform.State) error {
					t.Logf("apply adding 50 users: %d POSTs, %d list requests, %d requests in all",
						e.countRoute(bxpRouteAdd), e.countRoute(bxpRouteList), e.vendorRequests("bluexp"))
					if n := e.countRoute(bxpRouteAdd); n != 1 {
						return fmt.Errorf("adding 50 users made %d POSTs, want 1", n)
					}
					if n := len(st.Members(f.pid)); n != 500 {
						return fmt.Errorf("members = %d, want 500", n)
					}
					return nil
				},
			},
			{
				PreConfig:    e.sb.ResetLog,
				RefreshState: true,
				Check: func(*terraform.State) error {
					lists := e.countRoute(bxpRouteList)
					t.Logf("refresh of a 500-member partnership: %d list requests, %d get-one requests, %d requests in all",
						lists, e.countRoute(bxpRouteGet), e.vendorRequests("bluexp"))
					if n := e.countRoute(bxpRouteGet); n != 0 {
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
func (e *accEnv) bxpAuthConfig(auth string) string {
	return fmt.Sprintf(`
provider "partneradmin" {
  max_retries = 1
  bluexp = {
    base_url  = %q
    token_url = %q
    %s
  }
}
`, e.url+sandbox.BlueXPBasePath, e.url+sandbox.BlueXPTokenPath, auth)
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
			e := newAccEnv(t, sandbox.Options{RevokeTokensAfter: 1})
			f := newBXPFixture(e)
			cfg := e.bxpAuthConfig(auth) + bxpConfig(f.pid, uid(f.byID), uid(f.byAuth0))
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				CheckDestroy:             checkBXPGone(e, f.pid, []string{f.byID, f.byAuth0}),
				Steps: []resource.TestStep{
					{
						Config: cfg,
						Check: resource.ComposeTestCheckFunc(
							expectMembers(e, f.pid, f.byID, f.byAuth0),
							checkRetriedOnNewToken(e, "bluexp"),
							func(*terraform.State) error {
								if n, calls := e.sb.BlueXP().TokensIssued(), e.vendorRequests("bluexp"); n >= calls {
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
	e := newAccEnv(t, sandbox.Options{})
	f := newBXPFixture(e)
	cases := []struct {
		name, config string
		want         string
	}{
		{"two identifiers", e.config(bxpConfig(f.pid, fmt.Sprintf("{ user_id = %q, email = %q }", f.byID, f.email))), `(?s)Invalid BlueXP user.*line 34.*\{ user_id = .*, email = .*set exactly one of user_id, email, auth0_id, aad_id`},
		{"no identifier", e.config(bxpConfig(f.pid, "{}")), `(?s)Invalid BlueXP user.*line 34.*\{\}.*set exactly one of user_id, email, auth0_id, aad_id`},
		{"one email twice", e.config(bxpConfig(f.pid, email("u1@example.com"), email("U1@Example.com"), uid(f.byID))),
			`(?s)Two entries name the same BlueXP user.*u1@example.com.*U1@Example.com|(?s)Two entries name the same BlueXP user.*U1@Example.com.*u1@example.com`},
		{"one user id twice", e.config(bxpConfig(f.pid, uid(f.byID), uid(strings.ToUpper(f.byID)))), `(?s)Two entries name the same BlueXP user`},
		{"one aad id twice", e.config(bxpConfig(f.pid, aad(f.aadID), aad(strings.ToUpper(f.aadID)))), `(?s)Two entries name the same BlueXP user`},
		{"bad email", e.config(bxpConfig(f.pid, email("not-an-email"))), `(?s)users.*email.*must be an email address`},
		{"bad user id", e.config(bxpConfig(f.pid, uid("1234"))), `(?s)users.*user_id.*must be a UUID`},
		{"bad aad id", e.config(bxpConfig(f.pid, aad("x"))), `(?s)users.*aad_id.*must be a UUID`},
		{"bad auth0 id", e.config(bxpConfig(f.pid, auth0("nopipe"))), `(?s)auth0_id.*must be an Auth0 ID`},
		{"bad partnership id", e.config(bxpConfig("../x", uid(f.byID))), `(?s)partnership_id.*must be a UUID`},
		{"empty users", e.config(bxpConfig(f.pid)), `(?s)users.*at least 1`},
		{"conflicting auth", e.bxpAuthConfig(fmt.Sprintf("access_token = %q\n    refresh_token = \"r\"", sandbox.DefaultBlueXPToken)) + bxpConfig(f.pid, uid(f.byID)),
			`(?s)Conflicting BlueXP credentials.*BLUEXP_ACCESS_TOKEN.*BLUEXP_REFRESH_TOKEN`},
		{"half a service account", e.bxpAuthConfig(`client_id = "x"`) + bxpConfig(f.pid, uid(f.byID)),
			`(?s)client_secret.*BLUEXP_CLIENT_SECRET`},
		{"no credentials", e.bxpAuthConfig("") + bxpConfig(f.pid, uid(f.byID)),
			`(?s)BlueXP is not configured.*BLUEXP_ACCESS_TOKEN.*BLUEXP_CLIENT_ID.*BLUEXP_REFRESH_TOKEN`},
	}
	var steps []resource.TestStep
	for _, c := range cases {
		steps = append(steps, resource.TestStep{Config: c.config, PlanOnly: true, ExpectError: regexp.MustCompile(c.want)})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    steps,
	})
	// Every step failed at plan time: nothing may have reached BlueXP or its
	// token endpoint.
	n := e.vendorRequests("bluexp") + e.vendorRequests("bluexp-auth")
	t.Logf("requests sent by %d failing plans: %d", len(steps), n)
	if n != 0 {
		t.Errorf("plan-time validation sent %d requests", n)
	}

	// The same with the resource already in state, where a refresh would
	// otherwise read it: validation fails first, and nothing is read.
	t.Run("in state", func(t *testing.T) {
		inState := e.invalidInStateSteps(e.config(bxpConfig(f.pid, uid(f.byID))), steps)
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			CheckDestroy:             checkBXPGone(e, f.pid, []string{f.byID}),
			Steps:                    inState,
		})
	})
}

// A user who holds the role before the Create began is not taken over: the
// Create fails, names the import ID, and sends no add. Once imported, an
// update that adds a user someone else added meanwhile (BlueXP answers 409)
// adds the rest instead of failing.
func TestAccBlueXPResourceAdmins_existingUsers(t *testing.T) {
	e := newAccEnv(t, sandbox.Options{})
	f := newBXPFixture(e)
	if err := e.sb.BlueXP().AddMember(f.pid, f.byID); err != nil {
		t.Fatal(err)
	}
	importable := bxpImportableConfig(e, f)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkBXPGone(e, f.pid, []string{f.byID, f.byAAD, f.byEmail}),
		Steps: []resource.TestStep{
			{
				Config:      e.config(bxpConfig(f.pid, uid(f.byID), auth0(f.auth0ID))),
				ExpectError: regexp.MustCompile(`(?s)Already exists.*` + f.byID + `.*terraform import partneradmin_bluexp_resource_admins.<name> "` + f.pid + `"`),
			},
			{
				PreConfig: func() {
					if n := e.countRoute(bxpRouteAdd); n != 0 {
						t.Errorf("the refused Create sent %d add requests", n)
					}
					if got := e.sb.BlueXP().Members(f.pid); len(got) != 1 {
						t.Errorf("members after the refused Create: %v", got)
					}
				},
				Config:             importable,
				ResourceName:       bxpAddr,
				ImportState:        true,
				ImportStateId:      f.pid,
				ImportStatePersist: true,
			},
			{
				PreConfig: func() {
					e.sb.ResetLog()
					if err := e.sb.BlueXP().AddMember(f.pid, f.byAAD); err != nil {
						t.Fatal(err)
					}
				},
				Config: e.config(strings.Replace(bxpConfig(f.pid, uid(f.byID), uid(f.byAAD), uid(f.byEmail)), `description    = "MSP storage team"`, "", 1)),
				Check: resource.ComposeTestCheckFunc(
					expectMembers(e, f.pid, f.byID, f.byAAD, f.byEmail),
					func(*terraform.State) error {
						var statuses []int
						for _, l := range e.sb.Log() {
							if l.Route == bxpRouteAdd {
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
	e := newAccEnv(t, sandbox.Options{})
	f := newBXPFixture(e)
	if err := e.sb.BlueXP().AddMember(f.pid, f.byEmail); err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkBXPGone(e, f.pid, []string{f.byID}, f.byEmail),
		Steps: []resource.TestStep{
			{
				Config:      e.config(bxpConfig(f.pid, email(f.email), uid(f.byID))),
				ExpectError: regexp.MustCompile(`(?s)Already exists.*` + f.email + `.*409.*import partneradmin_bluexp_resource_admins.<name> "` + f.pid + `"`),
			},
			{
				// Nothing is in state: the plan creates it again. Nothing was
				// added either.
				PreConfig:          func() { checkMembers(t, e, f.pid, f.byEmail) },
				Config:             e.config(bxpConfig(f.pid, email(f.email), uid(f.byID))),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPreRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(bxpAddr, plancheck.ResourceActionCreate)},
				},
			},
		},
	})
}

// Credentials from the environment: an access token alone works; an access
// token in the environment plus a service account in the block conflict,
// and the error names both environment variables.
func TestAccBlueXPResourceAdmins_envAuth(t *testing.T) {
	e := newAccEnv(t, sandbox.Options{})
	f := newBXPFixture(e)
	t.Setenv(EnvBlueXPAccessToken, sandbox.DefaultBlueXPToken)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkBXPGone(e, f.pid, []string{f.byAuth0}),
		Steps: []resource.TestStep{
			{
				Config:      e.bxpAuthConfig(`client_id = "a"`+"\n    client_secret = \"b\"") + bxpConfig(f.pid, auth0(f.auth0ID)),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Conflicting BlueXP credentials.*BLUEXP_ACCESS_TOKEN.*BLUEXP_CLIENT_ID`),
			},
			{
				Config: e.bxpAuthConfig("") + bxpConfig(f.pid, auth0(f.auth0ID)),
				Check:  expectMembers(e, f.pid, f.byAuth0),
			},
		},
	})
}
