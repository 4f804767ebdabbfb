package shared

import (
	"context"
	"iter"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// List resources (`terraform query`, Terraform 1.14+) discover existing
// objects so that they can be imported in bulk. Each one reuses its managed
// resource's client, lookups and model, so a listed object's state is the
// state an import followed by a read would produce.

// StreamList turns a vendor listing into list results. Each item becomes one
// result; a vendor error becomes a result carrying the error (never
// dropped); the listing stops after req.Limit results or as soon as
// Terraform stops reading, and with it the vendor's paging.
func StreamList[T any](req list.ListRequest, items iter.Seq2[T, error], failure string, result func(T) list.ListResult) iter.Seq[list.ListResult] {
	return func(push func(list.ListResult) bool) {
		var pushed int64
		for item, err := range items {
			if err != nil {
				push(ListError(failure, err))
				return
			}
			if !push(result(item)) {
				return
			}
			if pushed++; req.Limit > 0 && pushed >= req.Limit {
				return
			}
		}
	}
}

// ListError is a result that only carries a failure.
func ListError(summary string, err error) list.ListResult {
	var diags diag.Diagnostics
	AddClientError(&diags, summary, err)
	return list.ListResult{Diagnostics: diags}
}

// NewListResult is one listed object: its identity and display name, and its
// full state only when Terraform asks for it (state is not called otherwise,
// so lookups that only the state needs are skipped).
func NewListResult(ctx context.Context, req list.ListRequest, displayName string, identity map[string]types.String, state func() (any, diag.Diagnostics)) list.ListResult {
	r := req.NewListResult(ctx)
	r.DisplayName = displayName
	SetIdentity(ctx, r.Identity, &r.Diagnostics, identity)
	if req.IncludeResource && !r.Diagnostics.HasError() {
		v, diags := state()
		r.Diagnostics.Append(diags...)
		r.Diagnostics.Append(r.Resource.Set(ctx, v)...)
	}
	return r
}

// NullTimeouts is the timeouts block of a listed object: not configured.
func NullTimeouts(ctx context.Context, req list.ListRequest) timeouts.Value {
	t, _ := req.ResourceSchema.TypeAtPath(ctx, path.Root("timeouts"))
	if ot, ok := t.(attr.TypeWithAttributeTypes); ok {
		return timeouts.Value{Object: types.ObjectNull(ot.AttributeTypes())}
	}
	return timeouts.Value{}
}

// ListConfig reads a list block's configuration into cfg and checks that the
// vendor is configured; otherwise the stream carries the diagnostics.
func ListConfig[C comparable](ctx context.Context, req list.ListRequest, stream *list.ListResultsStream, cfg any, api C, vendor string) bool {
	diags := req.Config.Get(ctx, cfg)
	if diags.HasError() || !RequireClient(api, vendor, &diags) {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return false
	}
	return true
}
