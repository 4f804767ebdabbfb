package cloudcockpit

import (
	"context"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/shared"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ list.ListResource              = (*accessAssignmentList)(nil)
	_ list.ListResourceWithConfigure = (*accessAssignmentList)(nil)
)

// NewAccessAssignmentListResource is the list resource factory.
func NewAccessAssignmentListResource() list.ListResource {
	return &accessAssignmentList{}
}

// accessAssignmentList shares the managed resource's name, client and lookup.
type accessAssignmentList struct {
	accessAssignmentResource
}

type accessAssignmentListModel struct {
	ProviderInstanceID types.String `tfsdk:"provider_instance_id"`
	RelationshipID     types.String `tfsdk:"relationship_id"`
}

func (l *accessAssignmentList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds the live access assignment (not `deleting` or `deleted`) of a GDAP relationship, for " +
			"the security group configured in the CloudCockpit portal: one result, or none.",
		Attributes: map[string]schema.Attribute{
			"provider_instance_id": schema.StringAttribute{
				MarkdownDescription: "ID (UUID) of the CloudCockpit provider instance where the relationship was created.",
				Required:            true,
				Validators:          []validator.String{shared.IsUUID()},
			},
			"relationship_id": schema.StringAttribute{
				MarkdownDescription: "ID of the GDAP delegated-admin relationship (any string that is safe as one URL path segment).",
				Required:            true,
				Validators:          []validator.String{isGDAPRelationshipID()},
			},
		},
	}
}

func (l *accessAssignmentList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg accessAssignmentListModel
	if !shared.ListConfig(ctx, req, stream, &cfg, l.cc, "CloudCockpit") {
		return
	}
	stream.Results = func(push func(list.ListResult) bool) {
		a, err := l.find(ctx, cfg.ProviderInstanceID.ValueString(), cfg.RelationshipID.ValueString(), "")
		switch {
		case err != nil:
			push(shared.ListError("Unable to list CloudCockpit access assignments", err))
			return
		case a == nil:
			return
		}
		m := accessAssignmentModel{ProviderInstanceID: cfg.ProviderInstanceID, RelationshipID: cfg.RelationshipID}
		push(shared.NewListResult(ctx, req, "access assignment "+a.ID+" ("+a.Status.Name+")", m.Identity(), func() (any, diag.Diagnostics) {
			m.Timeouts = shared.NullTimeouts(ctx, req)
			return &m, m.fill(ctx, a)
		}))
	}
}
