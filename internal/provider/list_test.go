package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Terraform 1.11 on this machine has no `terraform query`, so list
// resources are tested through the provider's protocol server.

// listed is one list result, decoded.
type listed struct {
	display  string
	identity map[string]string
	state    map[string]tftypes.Value // nil unless the resource was requested
	diags    []*tfprotov6.Diagnostic
}

func (l listed) errorText() string {
	var b strings.Builder
	for _, d := range l.diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			b.WriteString(d.Summary + ": " + d.Detail + "\n")
		}
	}
	return b.String()
}

// diagsText is every diagnostic of results, for failure messages.
func diagsText(results []listed) string {
	var b strings.Builder
	for _, r := range results {
		for _, d := range r.diags {
			fmt.Fprintf(&b, "[%v at %v] %s: %s\n", d.Severity, d.Attribute, d.Summary, d.Detail)
		}
	}
	return b.String()
}

// listOptions are the parts of a list request Terraform sets, and how many
// results the consumer reads before it stops (0: all).
type listOptions struct {
	include bool
	limit   int64
	take    int
}

// list streams typeName's list resource with the given config.
func (e *protoEnv) list(typeName string, config map[string]any, opt listOptions) []listed {
	t := e.t
	t.Helper()
	ctx := context.Background()
	ls := e.schemas.ListResourceSchemas[typeName]
	if ls == nil {
		t.Fatalf("no list resource schema for %s", typeName)
	}
	ctype := ls.ValueType()
	stream, err := e.listServer().ListResource(ctx, &tfprotov6.ListResourceRequest{
		TypeName: typeName, Config: dynamic(t, ctype, objectValue(ctype, config)),
		IncludeResource: opt.include, Limit: opt.limit,
	})
	if err != nil {
		t.Fatal(err)
	}
	itype := e.identity.IdentitySchemas[typeName].ValueType()
	stype := e.schemas.ResourceSchemas[typeName].ValueType()
	var out []listed
	for r := range stream.Results {
		l := listed{display: r.DisplayName, diags: r.Diagnostics}
		if r.Identity != nil && r.Identity.IdentityData != nil {
			l.identity = decodeStrings(t, itype, r.Identity.IdentityData)
		}
		if r.Resource != nil {
			v, err := r.Resource.Unmarshal(stype)
			if err != nil {
				t.Fatal(err)
			}
			if err := v.As(&l.state); err != nil {
				t.Fatal(err)
			}
		}
		out = append(out, l)
		if opt.take > 0 && len(out) == opt.take {
			break
		}
	}
	return out
}

// listServer is the provider server's list RPCs (not yet part of
// tfprotov6.ProviderServer).
func (e *protoEnv) listServer() tfprotov6.ListResourceServer {
	ls, ok := e.srv.(tfprotov6.ListResourceServer)
	if !ok {
		e.t.Fatal("the provider server does not serve list resources")
	}
	return ls
}

// validateList runs the plan-time validation of a list block's config.
func (e *protoEnv) validateList(typeName string, config map[string]any) []*tfprotov6.Diagnostic {
	e.t.Helper()
	ctype := e.schemas.ListResourceSchemas[typeName].ValueType()
	resp, err := e.listServer().ValidateListResourceConfig(context.Background(), &tfprotov6.ValidateListResourceConfigRequest{
		TypeName: typeName, Config: dynamic(e.t, ctype, objectValue(ctype, config)),
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return resp.Diagnostics
}

// str is a state attribute as a Go string ("" when null).
func str(t *testing.T, v tftypes.Value) string {
	t.Helper()
	var s string
	if v.IsNull() {
		return ""
	}
	if err := v.As(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

// elems is the number of elements of a list, set or map state attribute.
func elems(t *testing.T, v tftypes.Value) int {
	t.Helper()
	if v.IsNull() {
		return 0
	}
	if v.Type().Is(tftypes.Map{}) {
		var m map[string]tftypes.Value
		if err := v.As(&m); err != nil {
			t.Fatal(err)
		}
		return len(m)
	}
	var l []tftypes.Value
	if err := v.As(&l); err != nil {
		t.Fatal(err)
	}
	return len(l)
}

// errorAt reports whether diags hold an error whose text contains want and,
// when attr is not empty, whose attribute path is attr.
func errorAt(diags []*tfprotov6.Diagnostic, attr, want string) bool {
	for _, d := range diags {
		if d.Severity != tfprotov6.DiagnosticSeverityError || !strings.Contains(d.Summary+" "+d.Detail, want) {
			continue
		}
		if attr == "" || (d.Attribute != nil && d.Attribute.String() == attr) {
			return true
		}
	}
	return false
}

func TestListResourceSchemas(t *testing.T) {
	e := newProtoEnvNoConfigure(t)
	for _, name := range []string{
		"partneradmin_webex_partner_admin_assignment",
		"partneradmin_bluexp_resource_admins",
		"partneradmin_cloudcockpit_access_assignment",
	} {
		s := e.schemas.ListResourceSchemas[name]
		if s == nil {
			t.Errorf("%s: no list resource schema", name)
			continue
		}
		if s.Block.DescriptionKind != tfprotov6.StringKindMarkdown || s.Block.Description == "" {
			t.Errorf("%s: list schema without a markdown description", name)
		}
		for _, a := range s.Block.Attributes {
			if a.Description == "" {
				t.Errorf("%s.%s: no description", name, a.Name)
			}
		}
	}
	if n := len(e.schemas.ListResourceSchemas); n != 3 {
		t.Errorf("%d list resources, want 3", n)
	}
}
