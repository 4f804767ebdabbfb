package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ list.ListResource              = (*cloudCockpitAccessAssignmentList)(nil)
	_ list.ListResourceWithConfigure = (*cloudCockpitAccessAssignmentList)(nil)
)

// NewCloudCockpitAccessAssignmentListResource is the list resource factory.
func NewCloudCockpitAccessAssignmentListResource() list.ListResource {
	return &cloudCockpitAccessAssignmentList{}
}

// cloudCockpitAccessAssignmentList shares the managed resource's name,
// client and lookup.
type cloudCockpitAccessAssignmentList struct {
	cloudCockpitAccessAssignmentResource
}

type cloudCockpitAccessAssignmentListModel struct {
	ProviderInstanceID types.String `tfsdk:"provider_instance_id"`
	RelationshipID     types.String `tfsdk:"relationship_id"`
}

func (l *cloudCockpitAccessAssignmentList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds the live access assignment (not `deleting` or `deleted`) of a GDAP relationship, for " +
			"the security group configured in the CloudCockpit portal: one result, or none.",
		Attributes: map[string]schema.Attribute{
			"provider_instance_id": schema.StringAttribute{
				MarkdownDescription: "ID (UUID) of the CloudCockpit provider instance where the relationship was created.",
				Required:            true,
				Validators:          []validator.String{IsUUID()},
			},
			"relationship_id": schema.StringAttribute{
				MarkdownDescription: "ID of the GDAP delegated-admin relationship (any string that is safe as one URL path segment).",
				Required:            true,
				Validators:          []validator.String{isGDAPRelationshipID()},
			},
		},
	}
}

func (l *cloudCockpitAccessAssignmentList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg cloudCockpitAccessAssignmentListModel
	if !ListConfig(ctx, req, stream, &cfg, l.cc, "CloudCockpit") {
		return
	}
	stream.Results = func(push func(list.ListResult) bool) {
		a, err := l.find(ctx, cfg.ProviderInstanceID.ValueString(), cfg.RelationshipID.ValueString(), "")
		switch {
		case err != nil:
			push(ListError("Unable to list CloudCockpit access assignments", err))
			return
		case a == nil:
			return
		}
		m := cloudCockpitAccessAssignmentModel{ProviderInstanceID: cfg.ProviderInstanceID, RelationshipID: cfg.RelationshipID}
		push(NewListResult(ctx, req, "access assignment "+a.ID+" ("+a.Status.Name+")", m.identity(), func() (any, diag.Diagnostics) {
			m.Timeouts = NullTimeouts(ctx, req)
			return &m, m.fill(ctx, a)
		}))
	}
}
