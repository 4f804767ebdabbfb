package cloudcockpit_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/cloudcockpit"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/sharedtest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/client"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
)

// The ledger tests: a CloudCockpit create whose answer is lost is recorded,
// an assignment that was there before is refused with its import ID, and
// what the provider's own lost attempt made is taken over.

// newWrappedEnv is NewAccEnv with the sandbox behind wrap, which shapes
// how answers reach the provider (late, lost). Sandbox only.
func newWrappedEnv(t *testing.T, opts sandbox.Options, wrap func(http.Handler) http.Handler) *sharedtest.AccEnv {
	t.Helper()
	if sharedtest.RealTenant() {
		t.Skip("needs the sandbox: it shapes the vendor's answers")
	}
	sb := sandbox.New(opts)
	srv := httptest.NewServer(wrap(sb))
	t.Cleanup(srv.Close)
	return &sharedtest.AccEnv{T: t, Sandbox: sb, URL: srv.URL}
}

// answerLate lets the first create reach the sandbox (it acts at once), then
// holds its answer back for d, or until the client gives up: a vendor that
// commits and answers late. arrived, if not nil, is called when it came.
func answerLate(h http.Handler, d time.Duration, arrived func()) http.Handler {
	var first atomic.Bool
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || !strings.HasSuffix(r.URL.Path, "/access-assignments") || !first.CompareAndSwap(false, true) {
			h.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		if arrived != nil {
			arrived()
		}
		select {
		case <-time.After(d):
		case <-r.Context().Done():
			return
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
	})
}

// priorAssignment checks the resource in a plan's prior state: whether it is
// tainted, and attribute values (nil for null).
type priorAssignment struct {
	tainted bool
	attrs   map[string]any
}

func (c priorAssignment) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	if req.Plan.PriorState == nil || req.Plan.PriorState.Values == nil || req.Plan.PriorState.Values.RootModule == nil {
		resp.Error = fmt.Errorf("the plan has no prior state")
		return
	}
	for _, r := range req.Plan.PriorState.Values.RootModule.Resources {
		if r.Address != sharedtest.CCAddr {
			continue
		}
		if r.Tainted != c.tainted {
			resp.Error = fmt.Errorf("%s tainted = %v, want %v", sharedtest.CCAddr, r.Tainted, c.tainted)
			return
		}
		for k, want := range c.attrs {
			if got := r.AttributeValues[k]; got != want {
				resp.Error = fmt.Errorf("%s.%s = %#v in the prior state, want %#v", sharedtest.CCAddr, k, got, want)
				return
			}
		}
		return
	}
	resp.Error = fmt.Errorf("%s is not in the prior state", sharedtest.CCAddr)
}

// A hand-made assignment declared in config is refused with its exact
// import ID and an import block, and nothing is sent to CloudCockpit; the
// import it suggests then works and plans no change.
func TestAccCloudCockpitAccessAssignment_alreadyExists(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	f := sharedtest.NewCCFixture(e, sandbox.RelationshipActive)
	id := e.Sandbox.CloudCockpit().AddAssignment(f.PID, f.RID)
	cfg := e.Config(sharedtest.CCConfig(f, ""))
	importID := f.PID + "/" + f.RID
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		CheckDestroy:             checkKept(e, f),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ExpectError: regexp.MustCompile(`(?s)Already exists: CloudCockpit access assignment ` + regexp.QuoteMeta(id) +
					`.*terraform\s+import\s+partneradmin_cloudcockpit_access_assignment.<name>\s+"` + regexp.QuoteMeta(importID) + `"` +
					`.*import\s+\{\s+to\s+=\s+partneradmin_cloudcockpit_access_assignment.<name>\s+id\s+=\s+"` + regexp.QuoteMeta(importID) + `"`),
			},
			{
				// The import block the error suggests, as written there.
				Config: cfg + fmt.Sprintf("\nimport {\n  to = %s\n  id = %q\n}\n", sharedtest.CCAddr, importID),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(sharedtest.CCAddr, plancheck.ResourceActionNoop)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(sharedtest.CCAddr, tfjsonpath.New("id"), knownvalue.StringExact(id)),
					statecheck.ExpectKnownValue(sharedtest.CCAddr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
				},
				Check: func(*terraform.State) error {
					if n := e.CountCCCreates(); n != 0 {
						return fmt.Errorf("%d creates sent for an assignment that already existed", n)
					}
					return nil
				},
			},
		},
	})
}

// A create whose answer was lost, retried and refused, takes over what its
// own first attempt made, though CloudCockpit lists it only seconds later.
func TestAccCloudCockpitAccessAssignment_lostAnswerAdoptDelay(t *testing.T) {
	e := newWrappedEnv(t, sandbox.Options{CloudCockpitAdoptDelay: 3 * time.Second}, func(h http.Handler) http.Handler {
		return dropFirstResponse(t, h, http.MethodPost, "/access-assignments")
	})
	f := sharedtest.NewCCFixture(e, sandbox.RelationshipActive)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		CheckDestroy:             checkKept(e, f),
		Steps: []resource.TestStep{{
			Config: e.Config(sharedtest.CCConfig(f, "")),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(sharedtest.CCAddr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
			},
			Check: func(*terraform.State) error {
				if n := e.CountCCCreates(); n != 2 {
					return fmt.Errorf("%d creates, want 2 (the lost one and its refused retry)", n)
				}
				if got := e.Sandbox.CloudCockpit().Assignments(f.PID, f.RID); len(got) != 1 {
					return fmt.Errorf("assignments %v, want one", got)
				}
				return nil
			},
		}},
	})
}

// The create's answer comes after timeouts.create: the one confirmation
// read finds the assignment, so it is in state, not tainted, with its
// pending status, and the next plan is empty.
func TestAccCloudCockpitAccessAssignment_lateAnswerConfirmed(t *testing.T) {
	e := newWrappedEnv(t, sandbox.Options{CloudCockpitActivationDelay: time.Hour}, func(h http.Handler) http.Handler {
		return answerLate(h, 5*time.Second, nil)
	})
	f := sharedtest.NewCCFixture(e, sandbox.RelationshipActive)
	cfg := e.Config(sharedtest.CCConfig(f, `timeouts = { create = "1s" }`))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		CheckDestroy:             checkKept(e, f),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(sharedtest.CCAddr, tfjsonpath.New("status"), knownvalue.StringExact("pending")),
					statecheck.ExpectKnownValue(sharedtest.CCAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f-]{36}$`))),
				},
				// The post-apply plans are empty: nothing is tainted.
			},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectEmptyPlan(),
						priorAssignment{tainted: false, attrs: map[string]any{"status": "pending"}},
					},
				},
				Check: func(*terraform.State) error {
					if n := e.CountCCCreates(); n != 1 {
						return fmt.Errorf("%d creates, want 1", n)
					}
					return nil
				},
			},
		},
	})
}

// The create's answer comes after timeouts.create and CloudCockpit does not
// list the assignment yet: it is recorded unconfirmed, tainted, with an
// error that says so; the next apply takes it over without a second create.
func TestAccCloudCockpitAccessAssignment_lateAnswerUnconfirmed(t *testing.T) {
	const adoptDelay = 30 * time.Second
	var created atomic.Int64 // when the create reached CloudCockpit (unix ns)
	e := newWrappedEnv(t, sandbox.Options{CloudCockpitAdoptDelay: adoptDelay}, func(h http.Handler) http.Handler {
		return answerLate(h, 5*time.Second, func() { created.Store(time.Now().UnixNano()) })
	})
	f := sharedtest.NewCCFixture(e, sandbox.RelationshipActive)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		CheckDestroy:             checkKept(e, f),
		Steps: []resource.TestStep{
			{
				Config:      e.Config(sharedtest.CCConfig(f, `timeouts = { create = "1s" }`)),
				ExpectError: regexp.MustCompile(`(?s)CloudCockpit access assignment may have been created.*saved\s+in\s+state\s+as\s+tainted`),
			},
			{
				// Recorded: tainted, id unknown to the provider yet. The
				// refresh does not drop it though CloudCockpit lists none.
				Config:             e.Config(sharedtest.CCConfig(f, `timeouts = { create = "1s" }`)),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPreRefresh: []plancheck.PlanCheck{
						priorAssignment{tainted: true, attrs: map[string]any{"id": nil, "relationship_id": f.RID}},
						plancheck.ExpectResourceAction(sharedtest.CCAddr, plancheck.ResourceActionReplace),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{
						priorAssignment{tainted: true, attrs: map[string]any{"id": nil}},
						plancheck.ExpectResourceAction(sharedtest.CCAddr, plancheck.ResourceActionReplace),
					},
				},
			},
			{
				PreConfig: func() {
					listed := time.Unix(0, created.Load()).Add(adoptDelay)
					if time.Now().After(listed) {
						t.Fatal("the plan-only step ended after CloudCockpit listed the assignment: it proved nothing")
					}
					time.Sleep(time.Until(listed) + 500*time.Millisecond)
				},
				Config: e.Config(sharedtest.CCConfig(f, `timeouts = { create = "1m" }`)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(sharedtest.CCAddr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
				},
				Check: func(*terraform.State) error {
					if n := e.CountCCCreates(); n != 1 {
						return fmt.Errorf("%d creates, want 1: the next apply takes over what the lost one made", n)
					}
					return nil
				},
			},
		},
	})
}

// Ctrl-C while CloudCockpit holds the create's answer: terraform stops the
// provider, the create's request is cancelled, and one confirmation read
// records the assignment it made, not tainted, so the next plan is empty.
func TestAccCloudCockpitAccessAssignment_interrupt(t *testing.T) {
	arrived := make(chan struct{})
	e := newWrappedEnv(t, sandbox.Options{CloudCockpitActivationDelay: time.Hour}, func(h http.Handler) http.Handler {
		return answerLate(h, 5*time.Minute, func() { close(arrived) })
	})
	f := sharedtest.NewCCFixture(e, sandbox.RelationshipActive)
	cli := sharedtest.NewDevCLI(t, cloudcockpit.EnvBaseURL+"="+e.URL+"/cloudcockpit", cloudcockpit.EnvTenant+"="+sandbox.DefaultCloudCockpitTenant,
		cloudcockpit.EnvAccessToken+"="+sandbox.DefaultCloudCockpitToken)
	cli.Write("main.tf", sharedtest.FullAddressBlock+`provider "partneradmin" {}`+"\n"+sharedtest.CCConfig(f, ""))

	apply := cli.Command("apply", "-auto-approve", "-no-color")
	var out strings.Builder
	apply.Stdout, apply.Stderr = &out, &out
	if err := apply.Start(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-arrived:
	case <-time.After(2 * time.Minute):
		_ = apply.Process.Kill()
		t.Fatalf("the create never reached CloudCockpit:\n%s", out.String())
	}
	if err := apply.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	err := apply.Wait()
	t.Logf("interrupted apply (%v):\n%s", err, out.String())
	if !strings.Contains(out.String(), "Interrupt received") {
		t.Fatalf("terraform did not see the interrupt:\n%s", out.String())
	}

	var state struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Address string         `json:"address"`
					Tainted bool           `json:"tainted"`
					Values  map[string]any `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal([]byte(cli.Run("show", "-json")), &state); err != nil {
		t.Fatal(err)
	}
	res := state.Values.RootModule.Resources
	if len(res) != 1 || res[0].Address != sharedtest.CCAddr || res[0].Tainted || res[0].Values["status"] != "pending" || res[0].Values["id"] == nil {
		t.Fatalf("state after the interrupt: %+v, want the assignment, pending and not tainted", res)
	}
	if got := e.Sandbox.CloudCockpit().Assignments(f.PID, f.RID); len(got) != 1 {
		t.Fatalf("assignments %v, want the one the interrupted create made", got)
	}
	plan := cli.Command("plan", "-detailed-exitcode", "-no-color")
	if b, err := plan.CombinedOutput(); err != nil {
		t.Fatalf("plan after the interrupt is not empty (%v):\n%s", err, b)
	}
	if n := e.CountCCCreates(); n != 1 {
		t.Fatalf("%d creates, want 1", n)
	}
}

// Changing relationship_id replaces the resource: the old assignment is
// only forgotten (it cannot be removed), the new one is created.
func TestAccCloudCockpitAccessAssignment_replaceOnIDChange(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	f := sharedtest.NewCCFixture(e, sandbox.RelationshipActive)
	g := sharedtest.CCFixture{PID: f.PID, RID: client.NewUUID()}
	e.Sandbox.CloudCockpit().AddRelationship(g.PID, g.RID, sandbox.RelationshipActive)
	var firstID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		CheckDestroy:             checkKept(e, g),
		Steps: []resource.TestStep{
			{
				Config: e.Config(sharedtest.CCConfig(f, "")),
				Check: func(s *terraform.State) error {
					firstID = s.RootModule().Resources[sharedtest.CCAddr].Primary.ID
					return nil
				},
			},
			{
				Config: e.Config(sharedtest.CCConfig(g, "")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(sharedtest.CCAddr, plancheck.ResourceActionReplace)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(sharedtest.CCAddr, tfjsonpath.New("relationship_id"), knownvalue.StringExact(g.RID)),
					statecheck.ExpectKnownValue(sharedtest.CCAddr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
				},
				Check: func(s *terraform.State) error {
					if id := s.RootModule().Resources[sharedtest.CCAddr].Primary.ID; id == firstID {
						return fmt.Errorf("id %s unchanged after the replacement", id)
					}
					if n := e.CountCCCreates(); n != 2 {
						return fmt.Errorf("%d creates, want 2", n)
					}
					if got := e.Sandbox.CloudCockpit().Assignments(f.PID, f.RID); len(got) != 1 {
						return fmt.Errorf("the old relationship's assignments %v: it cannot be removed, so it stays", got)
					}
					return nil
				},
			},
		},
	})
}

// At refresh: a terminated relationship (Microsoft removed its assignment)
// drops the resource and plans a create; one CloudCockpit no longer knows
// (400) is an error that keeps the resource; a 403 is an error naming the
// roles; a read slower than timeouts.read is an error that keeps state.
func TestAccCloudCockpitAccessAssignment_refreshErrors(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	cc := e.Sandbox.CloudCockpit()
	terminated := sharedtest.NewCCFixture(e, sandbox.RelationshipActive)
	unknown := sharedtest.CCFixture{PID: terminated.PID, RID: "Contoso-GDAP_2024"} // any path-safe string
	cc.AddRelationship(unknown.PID, unknown.RID, sandbox.RelationshipActive)
	const customerToken = "sandbox-cloudcockpit-customer-role"
	cc.AddToken(customerToken, sandbox.CloudCockpitRoleCustomer)
	two := func(extra string) string {
		return strings.Replace(sharedtest.CCConfig(terminated, extra), `"test"`, `"terminated"`, 1) + sharedtest.CCConfig(unknown, extra)
	}
	withToken := func(token, hcl string) string {
		return providerBlock(fmt.Sprintf("    base_url = %q\n    tenant = %q\n    access_token = %q", e.URL+"/cloudcockpit", sandbox.DefaultCloudCockpitTenant, token)) + hcl
	}
	// Read uses the timeouts in state, so the read timeout is there from
	// the start; generous enough for a loaded machine.
	const rt = `timeouts = { read = "3s" }`
	var restore func()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: e.Config(two(rt))},
			{
				PreConfig:          func() { cc.TerminateRelationship(terminated.PID, terminated.RID) },
				Config:             e.Config(two(rt)),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("partneradmin_cloudcockpit_access_assignment.terminated", plancheck.ResourceActionCreate),
						plancheck.ExpectResourceAction(sharedtest.CCAddr, plancheck.ResourceActionNoop),
					},
				},
			},
			{
				// The drop is only planned: remove the terminated one from
				// config, and make the other unknown to CloudCockpit.
				PreConfig:          func() { restore = cc.RemoveRelationship(unknown.PID, unknown.RID) },
				Config:             e.Config(sharedtest.CCConfig(unknown, rt)),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true, // the terminated one leaves: only a refresh can fail
				ExpectError: regexp.MustCompile(`(?s)Unable to read CloudCockpit access assignment.*refused\s+to\s+list.*` + regexp.QuoteMeta(unknown.RID) +
					`.*kept\s+in\s+state.*HTTP\s+400.*does\s+not\s+exist`),
			},
			{
				PreConfig:          func() { restore() },
				Config:             withToken(customerToken, sharedtest.CCConfig(unknown, rt)),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ExpectError:        regexp.MustCompile(`(?s)Unable to read CloudCockpit access assignment.*HTTP\s+403.*csp\s+or\s+reseller`),
			},
			{
				PreConfig:          func() { e.Sandbox.SetFaults(sandbox.Faults{Latency: 8 * time.Second}) },
				Config:             e.Config(sharedtest.CCConfig(unknown, rt)),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ExpectError:        regexp.MustCompile(`(?s)Unable to read CloudCockpit access assignment.*kept\s+in\s+state\s+unchanged.*` + sharedtest.TimedOut("read", "3s", sharedtest.Words("while waiting on CloudCockpit to"), "6s")),
			},
			{
				// Every error above kept the resource as it was.
				PreConfig: func() { e.Sandbox.SetFaults(sandbox.Faults{}) },
				Config:    e.Config(sharedtest.CCConfig(unknown, rt)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(sharedtest.CCAddr, plancheck.ResourceActionNoop)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(sharedtest.CCAddr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
				},
			},
		},
	})
}

// A 403 on create names the roles the API Access needs, and records nothing.
func TestAccCloudCockpitAccessAssignment_forbidden(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	e.RequireSandbox()
	f := sharedtest.NewCCFixture(e, sandbox.RelationshipActive)
	const token = "sandbox-cloudcockpit-customer-role"
	e.Sandbox.CloudCockpit().AddToken(token, sandbox.CloudCockpitRoleCustomer)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(fmt.Sprintf("    base_url = %q\n    tenant = %q\n    access_token = %q", e.URL+"/cloudcockpit", sandbox.DefaultCloudCockpitTenant, token)) +
				sharedtest.CCConfig(f, ""),
			ExpectError: regexp.MustCompile(`(?s)Unable to create CloudCockpit access assignment.*HTTP\s+403.*Tracking\s+ID.*csp\s+or\s+reseller`),
		}},
	})
	if got := e.Sandbox.CloudCockpit().Assignments(f.PID, f.RID); len(got) != 0 {
		t.Fatalf("assignments %v after a 403", got)
	}
	if n := e.CountCCCreates(); n != 0 {
		t.Fatalf("%d creates sent; the pre-check's 403 must stop the create", n)
	}
}

// TestAccCloudCockpitAccessAssignment_realTenant runs against the sandbox
// and, with PARTNERADMIN_ACC_REAL=1, against a real portal (the fixture
// relationship from CLOUDCOCKPIT_TEST_PROVIDER_INSTANCE_ID and
// CLOUDCOCKPIT_TEST_RELATIONSHIP_ID). An assignment an earlier real run made
// cannot be removed, so the test then adopts it with the import block a user
// would write instead of creating one; either way it checks a no-op plan and
// import, and destroy only forgets the assignment.
func TestAccCloudCockpitAccessAssignment_realTenant(t *testing.T) {
	e := sharedtest.NewAccEnv(t, sandbox.Options{})
	f := sharedtest.NewCCFixture(e, sandbox.RelationshipActive)
	cfg := e.Config(sharedtest.CCConfig(f, ""))
	importID := f.PID + "/" + f.RID
	first := resource.TestStep{
		Config: cfg,
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(sharedtest.CCAddr, tfjsonpath.New("status"), knownvalue.StringRegexp(regexp.MustCompile(`(?i)^(active|pending)$`))),
			statecheck.ExpectKnownValue(sharedtest.CCAddr, tfjsonpath.New("relationship_id"), knownvalue.StringExact(f.RID)),
		},
	}
	if e.Sandbox == nil {
		cc, err := clientFromEnv()
		if err != nil {
			t.Fatal(err)
		}
		list, err := cc.ListAccessAssignments(context.Background(), f.PID, f.RID)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range list {
			if !strings.EqualFold(a.Status.Name, "deleted") && !strings.EqualFold(a.Status.Name, "deleting") {
				t.Logf("the fixture relationship already has access assignment %s (%s): adopting it", a.ID, a.Status.Name)
				first.Config = cfg + fmt.Sprintf("\nimport {\n  to = %s\n  id = %q\n}\n", sharedtest.CCAddr, importID)
				break
			}
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: sharedtest.ProviderFactories,
		CheckDestroy:             checkKept(e, f),
		Steps: append([]resource.TestStep{
			first,
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		}, sharedtest.ImportSteps(cfg, sharedtest.CCAddr, importID)...),
	})
}
