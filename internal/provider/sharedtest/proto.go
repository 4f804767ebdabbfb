package sharedtest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
)

// IdentityCLI skips a test case on a CLI without resource identity.
var IdentityCLI = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)}

// IdentitySteps creates the resource from cfg and checks the identity in
// state, then imports it again with an import block by that identity: the
// testing framework fails the step unless the plan is a no-change import.
func IdentitySteps(cfg, addr string, identity map[string]knownvalue.Check) []resource.TestStep {
	return []resource.TestStep{
		{Config: cfg, ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectIdentity(addr, identity)}},
		{Config: cfg, ResourceName: addr, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity},
	}
}

// ProtoEnv is a provider server configured against a sandbox.
type ProtoEnv struct {
	T        *testing.T
	Server   tfprotov6.ProviderServer
	Schemas  *tfprotov6.GetProviderSchemaResponse
	Identity *tfprotov6.GetResourceIdentitySchemasResponse
}

// ObjectValue builds a value of object type t from vals (strings, maps for
// nested objects, slices of maps for sets or lists of objects); attributes
// not given are null; slices of strings for sets or lists of strings.
func ObjectValue(t tftypes.Type, vals map[string]any) tftypes.Value {
	ot, ok := t.(tftypes.Object)
	if !ok {
		panic("objectValue: not an object type")
	}
	m := map[string]tftypes.Value{}
	for name, at := range ot.AttributeTypes {
		switch v := vals[name].(type) {
		case nil:
			m[name] = tftypes.NewValue(at, nil)
		case map[string]any:
			m[name] = ObjectValue(at, v)
		case []map[string]any: // a set or list of objects
			var elem tftypes.Type
			switch ct := at.(type) {
			case tftypes.Set:
				elem = ct.ElementType
			case tftypes.List:
				elem = ct.ElementType
			default:
				panic("objectValue: " + name + " is not a set or list")
			}
			elems := make([]tftypes.Value, 0, len(v))
			for _, o := range v {
				elems = append(elems, ObjectValue(elem, o))
			}
			m[name] = tftypes.NewValue(at, elems)
		case []string: // a set or list of strings
			elems := make([]tftypes.Value, 0, len(v))
			for _, e := range v {
				elems = append(elems, tftypes.NewValue(tftypes.String, e))
			}
			m[name] = tftypes.NewValue(at, elems)
		default:
			m[name] = tftypes.NewValue(at, v)
		}
	}
	return tftypes.NewValue(ot, m)
}

func Dynamic(t *testing.T, typ tftypes.Type, v tftypes.Value) *tfprotov6.DynamicValue {
	t.Helper()
	dv, err := tfprotov6.NewDynamicValue(typ, v)
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}

// DecodeStrings decodes an object DynamicValue into its non-null string attributes.
func DecodeStrings(t *testing.T, typ tftypes.Type, dv *tfprotov6.DynamicValue) map[string]string {
	t.Helper()
	if dv == nil {
		t.Fatal("no value")
	}
	v, err := dv.Unmarshal(typ)
	if err != nil {
		t.Fatal(err)
	}
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for name, a := range attrs {
		var s string
		if a.Type().Equal(tftypes.String) && a.IsKnown() && !a.IsNull() {
			if err := a.As(&s); err != nil {
				t.Fatal(err)
			}
			out[name] = s
		}
	}
	return out
}

func CheckDiags(t *testing.T, what string, diags []*tfprotov6.Diagnostic) {
	t.Helper()
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			t.Fatalf("%s: %s: %s", what, d.Summary, d.Detail)
		}
	}
}

// NewProtoEnvNoConfigure is a provider server with its schemas, not
// configured.
func NewProtoEnvNoConfigure(t *testing.T) *ProtoEnv {
	t.Helper()
	ctx := context.Background()
	srv, err := providerserver.NewProtocol6WithError(provider.New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	e := &ProtoEnv{T: t, Server: srv}
	if e.Schemas, err = srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{}); err != nil {
		t.Fatal(err)
	}
	CheckDiags(t, "schema", e.Schemas.Diagnostics)
	if e.Identity, err = srv.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{}); err != nil {
		t.Fatal(err)
	}
	return e
}

// NewProtoEnv is a provider server configured against a sandbox (or any
// handler wrapping one).
func NewProtoEnv(t *testing.T, sb http.Handler) *ProtoEnv {
	t.Helper()
	ts := httptest.NewServer(sb)
	t.Cleanup(ts.Close)
	ctx := context.Background()
	e := NewProtoEnvNoConfigure(t)
	srv := e.Server
	typ := e.Schemas.Provider.ValueType()
	cfg := ObjectValue(typ, map[string]any{
		"webex": map[string]any{"base_url": ts.URL + "/webex", "access_token": sandbox.DefaultWebexToken},
		"bluexp": map[string]any{"base_url": ts.URL + sandbox.BlueXPBasePath, "token_url": ts.URL + sandbox.BlueXPTokenPath,
			"access_token": sandbox.DefaultBlueXPToken},
		"cloudcockpit": map[string]any{"base_url": ts.URL + "/cloudcockpit", "tenant": sandbox.DefaultCloudCockpitTenant,
			"access_token": sandbox.DefaultCloudCockpitToken},
	})
	resp, err := srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.12.0", Config: Dynamic(t, typ, cfg)})
	if err != nil {
		t.Fatal(err)
	}
	CheckDiags(t, "configure", resp.Diagnostics)
	return e
}

// CheckIdentity fails the test unless got is exactly want.
func (e *ProtoEnv) CheckIdentity(what string, itype tftypes.Type, got *tfprotov6.ResourceIdentityData, want map[string]string) {
	t := e.T
	t.Helper()
	if got == nil || got.IdentityData == nil {
		t.Fatalf("%s: no identity", what)
	}
	g := DecodeStrings(t, itype, got.IdentityData)
	if len(g) != len(want) {
		t.Fatalf("%s: identity %v, want %v", what, g, want)
	}
	for k, v := range want {
		if g[k] != v {
			t.Fatalf("%s: identity %v, want %v", what, g, want)
		}
	}
}

// ImportAndRead imports typeName by identity (or by id, when id is not
// empty), then reads it, checking the identity is the given one at each step
// and returning the read state's string attributes.
func (e *ProtoEnv) ImportAndRead(typeName, id string, identity map[string]any) map[string]string {
	t := e.T
	t.Helper()
	ctx := context.Background()
	itype := e.Identity.IdentitySchemas[typeName].ValueType()
	stype := e.Schemas.ResourceSchemas[typeName].ValueType()
	want := map[string]string{}
	for k, v := range identity {
		s, ok := v.(string)
		if !ok {
			t.Fatalf("identity %s is not a string", k)
		}
		want[k] = s
	}
	checkIdentity := func(step string, got *tfprotov6.ResourceIdentityData) {
		t.Helper()
		e.CheckIdentity(typeName+" "+step, itype, got, want)
	}

	req := &tfprotov6.ImportResourceStateRequest{TypeName: typeName, ID: id}
	if id == "" {
		req.Identity = &tfprotov6.ResourceIdentityData{IdentityData: Dynamic(t, itype, ObjectValue(itype, identity))}
	}
	imp, err := e.Server.ImportResourceState(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	CheckDiags(t, "import "+typeName, imp.Diagnostics)
	if len(imp.ImportedResources) != 1 {
		t.Fatalf("import %s: %d resources", typeName, len(imp.ImportedResources))
	}
	r := imp.ImportedResources[0]
	checkIdentity("import", r.Identity)

	read, err := e.Server.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: typeName, CurrentState: r.State, CurrentIdentity: r.Identity})
	if err != nil {
		t.Fatal(err)
	}
	CheckDiags(t, "read "+typeName, read.Diagnostics)
	checkIdentity("read", read.NewIdentity)
	state := DecodeStrings(t, stype, read.NewState)
	for k, v := range want {
		if state[k] != v {
			t.Fatalf("%s read: state %s = %q, want %q", typeName, k, state[k], v)
		}
	}
	// A second read (refresh) keeps the identity.
	again, err := e.Server.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: typeName, CurrentState: read.NewState, CurrentIdentity: read.NewIdentity})
	if err != nil {
		t.Fatal(err)
	}
	CheckDiags(t, "refresh "+typeName, again.Diagnostics)
	checkIdentity("refresh", again.NewIdentity)
	return state
}

// CreateUpdateRead creates typeName from config through plan + apply, reads
// it, then applies update (a config change that updates in place), checking
// at every step that the identity is want.
func (e *ProtoEnv) CreateUpdateRead(typeName string, config, update map[string]any, want map[string]string) {
	t := e.T
	t.Helper()
	ctx := context.Background()
	stype := e.Schemas.ResourceSchemas[typeName].ValueType()
	itype := e.Identity.IdentitySchemas[typeName].ValueType()
	checkIdentity := func(step string, got *tfprotov6.ResourceIdentityData) {
		t.Helper()
		e.CheckIdentity(typeName+" "+step, itype, got, want)
	}
	apply := func(step string, prior *tfprotov6.DynamicValue, priorIdentity *tfprotov6.ResourceIdentityData, cfg map[string]any) (*tfprotov6.DynamicValue, *tfprotov6.ResourceIdentityData) {
		t.Helper()
		c := Dynamic(t, stype, ObjectValue(stype, cfg))
		plan, err := e.Server.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
			TypeName: typeName, PriorState: prior, ProposedNewState: c, Config: c, PriorIdentity: priorIdentity,
		})
		if err != nil {
			t.Fatal(err)
		}
		CheckDiags(t, step+" plan "+typeName, plan.Diagnostics)
		if len(plan.RequiresReplace) > 0 {
			t.Fatalf("%s %s: plan requires replacement of %v", typeName, step, plan.RequiresReplace)
		}
		applied, err := e.Server.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{
			TypeName: typeName, PriorState: prior, PlannedState: plan.PlannedState, Config: c,
			PlannedIdentity: plan.PlannedIdentity,
		})
		if err != nil {
			t.Fatal(err)
		}
		CheckDiags(t, step+" apply "+typeName, applied.Diagnostics)
		checkIdentity(step, applied.NewIdentity)
		return applied.NewState, applied.NewIdentity
	}

	state, ident := apply("create", Dynamic(t, stype, tftypes.NewValue(stype, nil)), nil, config)
	read, err := e.Server.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: typeName, CurrentState: state, CurrentIdentity: ident})
	if err != nil {
		t.Fatal(err)
	}
	CheckDiags(t, "read "+typeName, read.Diagnostics)
	checkIdentity("read", read.NewIdentity)
	apply("update", read.NewState, read.NewIdentity, update)
}
