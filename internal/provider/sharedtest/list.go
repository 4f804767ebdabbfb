package sharedtest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// listed is one list result, decoded.
type Listed struct {
	Display  string
	Identity map[string]string
	State    map[string]tftypes.Value // nil unless the resource was requested
	Diags    []*tfprotov6.Diagnostic
}

func (l Listed) ErrorText() string {
	var b strings.Builder
	for _, d := range l.Diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			b.WriteString(d.Summary + ": " + d.Detail + "\n")
		}
	}
	return b.String()
}

// DiagsText is every diagnostic of results, for failure messages.
func DiagsText(results []Listed) string {
	var b strings.Builder
	for _, r := range results {
		for _, d := range r.Diags {
			fmt.Fprintf(&b, "[%v at %v] %s: %s\n", d.Severity, d.Attribute, d.Summary, d.Detail)
		}
	}
	return b.String()
}

// ListOptions are the parts of a list request Terraform sets, and how many
// results the consumer reads before it stops (0: all).
type ListOptions struct {
	Include bool
	Limit   int64
	Take    int
}

// list streams typeName's list resource with the given config.
func (e *ProtoEnv) List(typeName string, config map[string]any, opt ListOptions) []Listed {
	t := e.T
	t.Helper()
	ctx := context.Background()
	ls := e.Schemas.ListResourceSchemas[typeName]
	if ls == nil {
		t.Fatalf("no list resource schema for %s", typeName)
	}
	ctype := ls.ValueType()
	stream, err := e.ListServer().ListResource(ctx, &tfprotov6.ListResourceRequest{
		TypeName: typeName, Config: Dynamic(t, ctype, ObjectValue(ctype, config)),
		IncludeResource: opt.Include, Limit: opt.Limit,
	})
	if err != nil {
		t.Fatal(err)
	}
	itype := e.Identity.IdentitySchemas[typeName].ValueType()
	stype := e.Schemas.ResourceSchemas[typeName].ValueType()
	var out []Listed
	for r := range stream.Results {
		l := Listed{Display: r.DisplayName, Diags: r.Diagnostics}
		if r.Identity != nil && r.Identity.IdentityData != nil {
			l.Identity = DecodeStrings(t, itype, r.Identity.IdentityData)
		}
		if r.Resource != nil {
			v, err := r.Resource.Unmarshal(stype)
			if err != nil {
				t.Fatal(err)
			}
			if err := v.As(&l.State); err != nil {
				t.Fatal(err)
			}
		}
		out = append(out, l)
		if opt.Take > 0 && len(out) == opt.Take {
			break
		}
	}
	return out
}

// ListServer is the provider server's list RPCs (not yet part of
// tfprotov6.ProviderServer).
func (e *ProtoEnv) ListServer() tfprotov6.ListResourceServer {
	ls, ok := e.Server.(tfprotov6.ListResourceServer)
	if !ok {
		e.T.Fatal("the provider server does not serve list resources")
	}
	return ls
}

// ValidateList runs the plan-time validation of a list block's config.
func (e *ProtoEnv) ValidateList(typeName string, config map[string]any) []*tfprotov6.Diagnostic {
	e.T.Helper()
	ctype := e.Schemas.ListResourceSchemas[typeName].ValueType()
	resp, err := e.ListServer().ValidateListResourceConfig(context.Background(), &tfprotov6.ValidateListResourceConfigRequest{
		TypeName: typeName, Config: Dynamic(e.T, ctype, ObjectValue(ctype, config)),
	})
	if err != nil {
		e.T.Fatal(err)
	}
	return resp.Diagnostics
}

// str is a state attribute as a Go string ("" when null).
func Str(t *testing.T, v tftypes.Value) string {
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
func Elems(t *testing.T, v tftypes.Value) int {
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

// ErrorAt reports whether diags hold an error whose text contains want and,
// when attr is not empty, whose attribute path is attr.
func ErrorAt(diags []*tfprotov6.Diagnostic, attr, want string) bool {
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
