package cloudcockpit_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/cloudcockpit"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/sharedtest"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
)

// checkKept is CheckDestroy: destroy leaves the assignment in CloudCockpit
// (there is no API to remove it) and never terminates the relationship.
func checkKept(e *sharedtest.AccEnv, f sharedtest.CCFixture) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if e.Sandbox == nil {
			return nil
		}
		if got := e.Sandbox.CloudCockpit().Assignments(f.PID, f.RID); len(got) != 1 {
			return fmt.Errorf("assignments after destroy = %v, want the one created (it cannot be removed)", got)
		}
		if n := e.CountRoute(sharedtest.CCTermRoute); n != 0 {
			return fmt.Errorf("the relationship was terminated %d times", n)
		}
		if st := e.Sandbox.CloudCockpit().RelationshipStatus(f.PID, f.RID); st != sandbox.RelationshipActive {
			return fmt.Errorf("relationship status after destroy = %q", st)
		}
		return nil
	}
}

func TestAccCloudCockpitAccessAssignment_lifecycle(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{CloudCockpitActivationDelay: 1500 * time.Millisecond})
	e.RequireSandbox()
	f := sharedtest.NewCCFixture(e, sandbox.RelationshipActive)
	cfg := e.Config(sharedtest.CCConfig(f, ""))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		CheckDestroy:             checkKept(e, f),
		Steps: append([]resource.TestStep{
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(sharedtest.CCAddr, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(sharedtest.CCAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f-]{36}$`))),
					statecheck.ExpectKnownValue(sharedtest.CCAddr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
					statecheck.ExpectKnownValue(sharedtest.CCAddr, tfjsonpath.New("security_group_id"), knownvalue.StringExact(sandbox.CloudCockpitSecurityGroupID)),
					statecheck.ExpectKnownValue(sharedtest.CCAddr, tfjsonpath.New("role_definition_ids"), knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact(sandbox.CloudCockpitRoleID)})),
					statecheck.ExpectKnownValue(sharedtest.CCAddr, tfjsonpath.New("created_at"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(sharedtest.CCAddr, tfjsonpath.New("last_modified_at"), knownvalue.NotNull()),
				},
				Check: func(*terraform.State) error {
					if n := e.CountRoute(sharedtest.CCCreateRoute); n != 1 {
						return fmt.Errorf("create called %d times, want 1", n)
					}
					// The pending→active wait polled the list more than once.
					if n := e.CountRoute(sharedtest.CCListRoute); n < 3 {
						return fmt.Errorf("list called %d times, want a poll (>= 3)", n)
					}
					// Every request carried its own correlation id.
					seen := map[string]bool{}
					for _, entry := range e.Sandbox.Log() {
						if entry.Vendor != "cloudcockpit" {
							continue
						}
						if strings.HasPrefix(entry.TrackingID, "SANDBOX_") || seen[entry.TrackingID] {
							return fmt.Errorf("request %d has correlation id %q: missing or reused", entry.Seq, entry.TrackingID)
						}
						seen[entry.TrackingID] = true
					}
					return nil
				},
			},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		}, sharedtest.ImportSteps(cfg, sharedtest.CCAddr, f.PID+"/"+f.RID)...),
	})
}

func TestAccCloudCockpitAccessAssignment_byIdentity(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	f := sharedtest.NewCCFixture(e, sandbox.RelationshipActive)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   sharedtest.IdentityCLI,
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		CheckDestroy:             checkKept(e, f),
		Steps: sharedtest.IdentitySteps(e.Config(sharedtest.CCConfig(f, "")), sharedtest.CCAddr, map[string]knownvalue.Check{
			"provider_instance_id": knownvalue.StringExact(f.PID),
			"relationship_id":      knownvalue.StringExact(f.RID),
		}),
	})
}

func TestAccCloudCockpitAccessAssignment_errorStatus(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{CloudCockpitActivationDelay: 500 * time.Millisecond})
	e.RequireSandbox()
	f := sharedtest.NewCCFixture(e, sandbox.RelationshipActive)
	e.Sandbox.CloudCockpit().FailAssignments(f.PID, f.RID)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      e.Config(sharedtest.CCConfig(f, "")),
			ExpectError: regexp.MustCompile(`(?s)CloudCockpit access assignment failed.*turned\s+to\s+status\s+"error"`),
		}},
	})
}

// A create that outlives its timeout keeps the assignment in state with its
// current status; the next apply adopts it (no second POST) and waits again.
func TestAccCloudCockpitAccessAssignment_createTimeout(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{CloudCockpitActivationDelay: time.Hour})
	e.RequireSandbox()
	f := sharedtest.NewCCFixture(e, sandbox.RelationshipActive)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		CheckDestroy:             checkKept(e, f),
		Steps: []resource.TestStep{
			{
				Config:      e.Config(sharedtest.CCConfig(f, `timeouts = { create = "2s" }`)),
				ExpectError: regexp.MustCompile(`(?s)Timed out waiting for the CloudCockpit access assignment.*still\s+"pending".*saved\s+in\s+state`),
			},
			{
				// The failed create left the resource in state, tainted,
				// with the status it had: a plan only replaces it. (A Check
				// here would never run: PlanOnly steps do not apply.)
				Config:             e.Config(sharedtest.CCConfig(f, `timeouts = { create = "2s" }`)),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPreRefresh: []plancheck.PlanCheck{
						priorAssignment{tainted: true, attrs: map[string]any{"status": "pending"}},
						plancheck.ExpectResourceAction(sharedtest.CCAddr, plancheck.ResourceActionReplace),
					},
				},
			},
			{
				PreConfig: func() {
					if got := e.Sandbox.CloudCockpit().Assignments(f.PID, f.RID); len(got) != 1 || got[0] != "pending" {
						t.Fatalf("assignments %v, want the one pending", got)
					}
					e.Sandbox.CloudCockpit().SetAssignmentStatus(f.PID, f.RID, "Active")
				},
				Config: e.Config(sharedtest.CCConfig(f, `timeouts = { create = "1m" }`)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(sharedtest.CCAddr, tfjsonpath.New("status"), knownvalue.StringExact("Active")),
				},
				Check: func(*terraform.State) error {
					if n := e.CountRoute(sharedtest.CCCreateRoute); n != 1 {
						return fmt.Errorf("create called %d times, want 1 (the pending assignment is adopted)", n)
					}
					return nil
				},
			},
		},
	})
}

func TestAccCloudCockpitAccessAssignment_relationshipNotActive(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	f := sharedtest.NewCCFixture(e, sandbox.RelationshipApproved)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: e.Config(sharedtest.CCConfig(f, "")),
			ExpectError: regexp.MustCompile(`(?s)Unable to create CloudCockpit access assignment.*` + regexp.QuoteMeta(f.RID) +
				`.*must\s+be\s+active.*HTTP\s+400.*relationshipId:\s+Relationship\s+` + regexp.QuoteMeta(f.RID) + `\s+is\s+approved.*Tracking\s+ID:\s+[0-9a-f-]{36}`),
		}},
	})
	if n := e.CountRoute(sharedtest.CCCreateRoute); n != 1 {
		t.Fatalf("create called %d times, want 1", n)
	}
}

// Assignments removed or being removed outside Terraform leave the state.
func TestAccCloudCockpitAccessAssignment_drift(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	f := sharedtest.NewCCFixture(e, sandbox.RelationshipActive)
	cfg := e.Config(sharedtest.CCConfig(f, ""))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig:          func() { e.Sandbox.CloudCockpit().SetAssignmentStatus(f.PID, f.RID, "Deleting") },
				Config:             cfg,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(sharedtest.CCAddr, plancheck.ResourceActionCreate)},
				},
			},
			{
				PreConfig:          func() { e.Sandbox.CloudCockpit().DeleteAssignment(f.PID, f.RID) },
				Config:             cfg,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(sharedtest.CCAddr, plancheck.ResourceActionCreate)},
				},
			},
			// Re-create after the drift.
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(sharedtest.CCAddr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
				},
			},
		},
	})
}

// Delete never calls the API and warns where to remove the assignment.
func TestAccCloudCockpitAccessAssignment_deleteWarning(t *testing.T) {
	ctx := context.Background()
	r := cloudcockpit.NewAccessAssignmentResource()
	var sresp fwresource.SchemaResponse
	r.Schema(ctx, fwresource.SchemaRequest{}, &sresp)
	state := tfsdk.State{Schema: sresp.Schema, Raw: tftypes.NewValue(sresp.Schema.Type().TerraformType(ctx), nil)}
	var diags diag.Diagnostics
	diags.Append(state.SetAttribute(ctx, path.Root("relationship_id"), "rel-1")...)
	diags.Append(state.SetAttribute(ctx, path.Root("provider_instance_id"), "pi-1")...)
	if diags.HasError() {
		t.Fatal(diags)
	}
	resp := &fwresource.DeleteResponse{State: state}
	r.Delete(ctx, fwresource.DeleteRequest{State: state}, resp) // r.cc is nil: no request can be sent
	if resp.Diagnostics.HasError() || resp.Diagnostics.WarningsCount() != 1 {
		t.Fatalf("diagnostics = %v, want one warning", resp.Diagnostics)
	}
	w := resp.Diagnostics.Warnings()[0]
	for _, want := range []string{"removed from state", "no API", `"rel-1"`, `"pi-1"`, "not terminated", "Partner Center", "Microsoft Graph"} {
		if !strings.Contains(w.Summary()+" "+w.Detail(), want) {
			t.Errorf("warning lacks %q:\n%s\n%s", want, w.Summary(), w.Detail())
		}
	}
}

func providerBlock(body string) string {
	return "provider \"partneradmin\" {\n  cloudcockpit = {\n" + body + "\n  }\n}\n"
}

// The Entra client-credentials flow: one token for the whole run, sent with X-Tenant.
func TestAccCloudCockpitAccessAssignment_clientCredentials(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	f := sharedtest.NewCCFixture(e, sandbox.RelationshipActive)
	block := fmt.Sprintf(`    base_url      = %q
    token_url     = %q
    tenant        = %q
    client_id     = %q
    client_secret = %q`, e.URL+"/cloudcockpit", e.URL+"/entra/4e806121-ff28-4286-ab4e-3be0a08f9ce0/oauth2/v2.0/token",
		sandbox.DefaultCloudCockpitTenant, sandbox.DefaultCloudCockpitClientID, sandbox.DefaultCloudCockpitClientSecret)
	bad := strings.Replace(block, sandbox.DefaultCloudCockpitClientSecret, "wrong-secret", 1)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: providerBlock(block) + sharedtest.CCConfig(f, ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(sharedtest.CCAddr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
				},
				// The plan sent nothing; the apply's provider fetched one token
				// and sent every request with it.
				Check: func(*terraform.State) error {
					if n := e.Sandbox.CloudCockpit().TokensIssued(); n != 1 {
						return fmt.Errorf("tokens issued = %d, want 1 for the apply's requests", n)
					}
					calls := 0
					for _, l := range e.Sandbox.Log() {
						if l.Vendor != "cloudcockpit" {
							continue
						}
						calls++
						if l.Token != "issued-1" {
							return fmt.Errorf("%s %s sent token %q, want the one issued", l.Method, l.Path, l.Token)
						}
					}
					if calls < 2 {
						return fmt.Errorf("%d CloudCockpit requests, want the create and its read-back", calls)
					}
					return nil
				},
			},
			{
				Config:      providerBlock(bad) + sharedtest.CCConfig(f, ""),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)unable\s+to\s+obtain\s+an\s+access\s+token.*invalid_client`),
			},
		},
	})
}

// Environment variables alone configure the access-token flow; a wrong
// tenant or token is a 401 with a hint naming the settings.
func TestAccCloudCockpitAccessAssignment_accessTokenFromEnv(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	f := sharedtest.NewCCFixture(e, sandbox.RelationshipActive)
	t.Setenv(cloudcockpit.EnvBaseURL, e.URL+"/cloudcockpit")
	t.Setenv(cloudcockpit.EnvTenant, sandbox.DefaultCloudCockpitTenant)
	t.Setenv(cloudcockpit.EnvAccessToken, sandbox.DefaultCloudCockpitToken)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: `provider "partneradmin" {}` + sharedtest.CCConfig(f, "")},
			{
				PreConfig:   func() { t.Setenv(cloudcockpit.EnvTenant, "other.example.com") },
				Config:      `provider "partneradmin" {}` + sharedtest.CCConfig(f, ""),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)HTTP\s+401.*X-Tenant.*CLOUDCOCKPIT_TENANT`),
			},
			{
				PreConfig: func() {
					t.Setenv(cloudcockpit.EnvTenant, sandbox.DefaultCloudCockpitTenant)
					t.Setenv(cloudcockpit.EnvAccessToken, "expired")
				},
				Config:      `provider "partneradmin" {}` + sharedtest.CCConfig(f, ""),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)HTTP\s+401.*CLOUDCOCKPIT_ACCESS_TOKEN`),
			},
			{
				PreConfig: func() { t.Setenv(cloudcockpit.EnvAccessToken, sandbox.DefaultCloudCockpitToken) },
				Config:    `provider "partneradmin" {}` + sharedtest.CCConfig(f, ""),
			},
		},
	})
}

// Bad arguments and provider settings fail at plan time, before any request.
func TestAccCloudCockpitAccessAssignment_planTimeValidation(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	// Seeded, so the "in state" run below can apply the valid config.
	good := sharedtest.NewCCFixture(e, sandbox.RelationshipActive)
	cases := []struct {
		name, cfg, want string
	}{
		{"relationship_id", e.Config(sharedtest.CCConfig(sharedtest.CCFixture{PID: good.PID, RID: "../../v1/Providers"}, "")), `(?s)Invalid GDAP relationship ID.*relationship_id.*contains\s+'/'`},
		{"empty relationship_id", e.Config(sharedtest.CCConfig(sharedtest.CCFixture{PID: good.PID, RID: ""}, "")), `(?s)Invalid GDAP relationship ID.*relationship_id.*is\s+empty`},
		{"dot-dot relationship_id", e.Config(sharedtest.CCConfig(sharedtest.CCFixture{PID: good.PID, RID: ".."}, "")), `(?s)Invalid GDAP relationship ID.*relationship_id.*dot\s+segment`},
		{"control character", e.Config(sharedtest.CCConfig(sharedtest.CCFixture{PID: good.PID, RID: "a\tb"}, "")), `(?s)Invalid GDAP relationship ID.*relationship_id.*control`},
		{"escaped slash", e.Config(sharedtest.CCConfig(sharedtest.CCFixture{PID: good.PID, RID: "a%2Fb"}, "")), `(?s)Invalid GDAP relationship ID.*relationship_id.*contains\s+'%'`},
		{"provider_instance_id", e.Config(sharedtest.CCConfig(sharedtest.CCFixture{PID: "not-a-uuid", RID: good.RID}, "")), `(?s)provider_instance_id.*must\s+be\s+a\s+UUID`},
		{"base_url", providerBlock(`    base_url = "http://cloudcockpit.example.com"
    tenant = "t"
    access_token = "x"`) + sharedtest.CCConfig(good, ""), `(?s)Invalid base URL.*https://`},
		{"token_url", providerBlock(`    token_url = "ftp://login.example.com"
    tenant = "t"
    client_id = "a"
    client_secret = "b"`) + sharedtest.CCConfig(good, ""), `(?s)Invalid base URL.*https://`},
		{"half credentials", providerBlock(`    base_url = "`+e.URL+`/cloudcockpit"
    tenant = "t"
    client_id = "a"`) + sharedtest.CCConfig(good, ""), `(?s)Incomplete CloudCockpit client credentials`},
		{"no tenant", providerBlock(`    base_url = "`+e.URL+`/cloudcockpit"
    access_token = "x"`) + sharedtest.CCConfig(good, ""), `(?s)CloudCockpit is not configured.*cloudcockpit.tenant.*CLOUDCOCKPIT_TENANT`},
		{"no credentials", `provider "partneradmin" {}` + sharedtest.CCConfig(good, ""), `(?s)CloudCockpit is not configured.*access_token.*client_id`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: sharedtest.ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      c.cfg,
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(c.want),
				}},
			})
		})
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		Steps: []resource.TestStep{{
			ResourceName:  sharedtest.CCAddr,
			Config:        e.Config(sharedtest.CCConfig(good, "")),
			ImportState:   true,
			ImportStateId: good.RID,
			ExpectError:   regexp.MustCompile(`expected an import ID of the form "<provider_instance_id>/<relationship_id>"`),
		}},
	})
	if n := e.VendorRequests("cloudcockpit"); n != 0 {
		t.Fatalf("%d CloudCockpit requests were sent; validation must fail before any", n)
	}

	// The same with the resource already in state, where a refresh would
	// otherwise read it: validation fails first, and nothing is read.
	t.Run("in state", func(t *testing.T) {
		var invalid []resource.TestStep
		for _, c := range cases {
			invalid = append(invalid, resource.TestStep{Config: c.cfg, ExpectError: regexp.MustCompile(c.want)})
		}
		inState := e.InvalidInStateSteps(e.Config(sharedtest.CCConfig(good, "")), invalid)
		resource.UnitTest(t, resource.TestCase{
			ProtoV6ProviderFactories: sharedtest.ProviderFactories,
			CheckDestroy:             checkKept(e, good),
			Steps:                    inState,
		})
	})
}

// dropFirstResponse serves the first request matching method and path
// suffix, then closes the connection without a response: the vendor acted,
// the client never heard.
func dropFirstResponse(t *testing.T, h http.Handler, method, suffix string) http.Handler {
	var dropped atomic.Bool
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != method || !strings.HasSuffix(r.URL.Path, suffix) || !dropped.CompareAndSwap(false, true) {
			h.ServeHTTP(w, r)
			return
		}
		h.ServeHTTP(httptest.NewRecorder(), r)
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Errorf("hijack: %v", err)
			return
		}
		_ = conn.Close()
	})
}

// A create whose POST response was lost is retried; CloudCockpit refuses the
// retry (the first POST made the assignment), and the provider adopts that
// assignment instead of failing or making a second one.
func TestCloudCockpitCreateResponseLost(t *testing.T) {
	sb := sandbox.New(sandbox.Options{})
	const instance, rel = "0f8fad5b-d9cb-469f-a165-70867728950e", "7a6b5c4d-3e2f-1a0b-9c8d-7e6f5a4b3c2d"
	sb.CloudCockpit().AddRelationship(instance, rel, sandbox.RelationshipActive)
	e := sharedtest.NewProtoEnv(t, dropFirstResponse(t, sb, http.MethodPost, "/access-assignments"))
	cfg := map[string]any{"provider_instance_id": instance, "relationship_id": rel}
	e.CreateUpdateRead(cloudcockpit.AccessAssignmentType, cfg, cfg, map[string]string{"provider_instance_id": instance, "relationship_id": rel})

	if n := sb.Stats().Routes["cloudcockpit POST /v1/Customers/delegated-admin-relationships/{relationshipId}/access-assignments"]; n != 2 {
		t.Fatalf("%d POSTs, want 2 (the lost one and its retry)", n)
	}
	if got := sb.CloudCockpit().Assignments(instance, rel); len(got) != 1 || got[0] != "active" {
		t.Fatalf("assignments %v, want one active", got)
	}
}
