package webex

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/webexid"
)

// Webex returns one object under several encodings (the regional cluster
// form "ciscospark://urn:TEAM:us-east-2_a/…", padding or none): two IDs
// naming the same type and UUID are the same ID. idType makes that
// Terraform's notion of equality too, so an import in one encoding and a
// configuration in another neither plan a change nor force a replacement.

var (
	_ basetypes.StringTypable                    = idType{}
	_ basetypes.StringValuableWithSemanticEquals = idValue{}
)

// idType is a string attribute holding a Webex ID.
type idType struct {
	basetypes.StringType
}

func (t idType) Equal(o attr.Type) bool {
	_, ok := o.(idType)
	return ok
}

func (t idType) String() string { return "webexIDType" }

func (t idType) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return idValue{StringValue: in}, nil
}

func (t idType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	v, err := t.StringType.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	s, ok := v.(basetypes.StringValue)
	if !ok {
		return nil, fmt.Errorf("unexpected value type %T", v)
	}
	return idValue{StringValue: s}, nil
}

func (t idType) ValueType(context.Context) attr.Value { return idValue{} }

// idValue is a Webex ID as the user wrote it; it equals, semantically,
// every other encoding of the same object.
type idValue struct {
	basetypes.StringValue
}

func idOf(s string) idValue { return idValue{StringValue: types.StringValue(s)} }

func idNull() idValue { return idValue{StringValue: types.StringNull()} }

func (v idValue) Equal(o attr.Value) bool {
	other, ok := o.(idValue)
	return ok && v.StringValue.Equal(other.StringValue)
}

func (v idValue) Type(context.Context) attr.Type { return idType{} }

// StringSemanticEquals keeps the prior value when the new one names the
// same object (webexid.Equal: type and UUID, any encoding).
func (v idValue) StringSemanticEquals(ctx context.Context, newValuable basetypes.StringValuable) (bool, diag.Diagnostics) {
	n, diags := newValuable.ToStringValue(ctx)
	if diags.HasError() || v.IsNull() || v.IsUnknown() || n.IsNull() || n.IsUnknown() {
		return false, diags
	}
	return webexid.Equal(v.ValueString(), n.ValueString()), diags
}

// keepEquivalentID plans the prior state's value when the
// configuration names the same object in another encoding. Terraform asks
// no semantic equality of plans, only that a planned value be the
// configuration's or, as here, the prior state's; so without this an
// imported regional ID would plan a replacement against the plain form in
// the configuration. It runs before RequiresReplace, which then sees no
// change.
func keepEquivalentID() planmodifier.String { return keepEquivalentIDModifier{} }

type keepEquivalentIDModifier struct{}

func (keepEquivalentIDModifier) Description(context.Context) string {
	return "keeps the ID in state when the configuration gives another encoding of the same Webex ID"
}

func (m keepEquivalentIDModifier) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (keepEquivalentIDModifier) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.StateValue.IsNull() || req.PlanValue.IsNull() || req.PlanValue.IsUnknown() {
		return
	}
	if req.PlanValue.ValueString() != req.StateValue.ValueString() && webexid.Equal(req.PlanValue.ValueString(), req.StateValue.ValueString()) {
		resp.PlanValue = req.StateValue
	}
}
