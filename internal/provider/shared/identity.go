package shared

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// IdentityAttr is one string attribute of a resource identity: the
// arguments that name the remote object, never changing over its life.
type IdentityAttr struct {
	Name, Description string
	Optional          bool
}

// IdentitySchema builds an identity schema of string attributes.
func IdentitySchema(attrs ...IdentityAttr) identityschema.Schema {
	s := identityschema.Schema{Attributes: map[string]identityschema.Attribute{}}
	for _, a := range attrs {
		s.Attributes[a.Name] = identityschema.StringAttribute{
			Description:       a.Description,
			RequiredForImport: !a.Optional,
			OptionalForImport: a.Optional,
		}
	}
	return s
}

// SetIdentity sets the identity from the values stored in state, so it is
// the same after create, read, update and import.
func SetIdentity(ctx context.Context, ident *tfsdk.ResourceIdentity, diags *diag.Diagnostics, values map[string]types.String) {
	if ident == nil {
		return
	}
	for name, v := range values {
		diags.Append(ident.SetAttribute(ctx, path.Root(name), v)...)
	}
}

// ImportID returns the import ID, or, when importing by identity (no ID),
// the equivalent ID built from the identity attributes in the order given,
// "/"-joined, leaving out null optional ones. The resource's import-by-ID
// parsing then validates it either way.
func ImportID(ctx context.Context, req resource.ImportStateRequest, diags *diag.Diagnostics, names ...string) string {
	if req.ID != "" || req.Identity == nil {
		return req.ID
	}
	var parts []string
	for _, name := range names {
		var v types.String
		diags.Append(req.Identity.GetAttribute(ctx, path.Root(name), &v)...)
		if !v.IsNull() && !v.IsUnknown() {
			parts = append(parts, v.ValueString())
		}
	}
	return strings.Join(parts, "/")
}

// RemoveFromState drops a resource that no longer exists. The identity is
// still returned: the framework requires one after every Read of a resource
// that supports identity, even when it is removed.
func RemoveFromState(ctx context.Context, resp *resource.ReadResponse, values map[string]types.String) {
	SetIdentity(ctx, resp.Identity, &resp.Diagnostics, values)
	resp.State.RemoveResource(ctx)
}

// SplitImportID parses a composite import ID "<a>/<b>[/…]" into exactly
// len(parts) non-empty parts, with an error that shows the expected form.
func SplitImportID(id string, parts ...string) ([]string, error) {
	got := strings.Split(id, "/")
	if len(got) != len(parts) {
		return nil, fmt.Errorf("expected an import ID of the form %q, got %q", "<"+strings.Join(parts, ">/<")+">", id)
	}
	for i, p := range got {
		if strings.TrimSpace(p) == "" {
			return nil, fmt.Errorf("expected an import ID of the form %q, got %q: %s is empty", "<"+strings.Join(parts, ">/<")+">", id, parts[i])
		}
	}
	return got, nil
}

// Model is a resource model that names its remote object.
type Model interface {
	Identity() map[string]types.String
}

// SaveState writes m to state and its identity beside it, as every
// Create, Read and Update that keeps the resource does.
func SaveState(ctx context.Context, state *tfsdk.State, ident *tfsdk.ResourceIdentity, diags *diag.Diagnostics, m Model) {
	diags.Append(state.Set(ctx, m)...)
	SetIdentity(ctx, ident, diags, m.Identity())
}

// UpdateInState is the Update of a resource whose arguments all force
// replacement: only the timeouts block can change, and only in state.
func UpdateInState[M Model](ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan M
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	SaveState(ctx, &resp.State, resp.Identity, &resp.Diagnostics, plan)
}
