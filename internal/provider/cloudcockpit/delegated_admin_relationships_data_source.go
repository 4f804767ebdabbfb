package cloudcockpit

import (
	"context"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/shared"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	cloudcockpitapi "github.com/partneradmin/terraform-provider-partneradmin/internal/client/cloudcockpit"
)

var (
	_ datasource.DataSource              = (*relationshipsDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*relationshipsDataSource)(nil)
)

// NewDelegatedAdminRelationshipsDataSource is the data source factory.
func NewDelegatedAdminRelationshipsDataSource() datasource.DataSource {
	return &relationshipsDataSource{}
}

type relationshipsDataSource struct {
	cc *cloudcockpitapi.Client
}

type relationshipsDataModel struct {
	CustomerID         types.String   `tfsdk:"customer_id"`
	ProviderInstanceID types.String   `tfsdk:"provider_instance_id"`
	Relationships      types.List     `tfsdk:"relationships"`
	Timeouts           timeouts.Value `tfsdk:"timeouts"`
}

// relationshipAttrTypes is one element of relationships: the fields
// CloudCockpit documents for a customer's GDAP relationship, in snake_case
// (customer.tenantId flattened, the unified roles as their IDs).
var relationshipAttrTypes = map[string]attr.Type{
	"id":                   types.StringType,
	"display_name":         types.StringType,
	"status":               types.StringType,
	"duration":             types.StringType,
	"auto_extend_duration": types.StringType,
	"customer_tenant_id":   types.StringType,
	"role_definition_ids":  types.ListType{ElemType: types.StringType},
}

func (d *relationshipsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cloudcockpit_delegated_admin_relationships"
}

func (d *relationshipsDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists a customer's Microsoft GDAP delegated-admin relationships in a CloudCockpit " +
			"provider instance, as `GET /v1/Customers/{customerId}/delegated-admin-relationships` returns them, with their status, " +
			"so a configuration can pick the relationship to give a `partneradmin_cloudcockpit_access_assignment`: an " +
			"access assignment needs an `active` relationship.\n\n" +
			"CloudCockpit does not say how it spells statuses (they are Microsoft Graph's: `active`, `approved`, " +
			"`approvalPending`, `expired`, `terminated`, …), so compare them case-insensitively: " +
			"`lower(r.status) == \"active\"`.\n\n" +
			"A read is one request (CloudCockpit documents no paging for this list), shared with other data sources of " +
			"the same customer and provider instance in the same run. It fails after 2 minutes unless `timeouts.read` " +
			"says otherwise. The API Access needs the csp or reseller role.",
		Attributes: map[string]schema.Attribute{
			"customer_id": schema.StringAttribute{
				MarkdownDescription: "ID (UUID) of the customer in CloudCockpit.",
				Required:            true,
				Validators:          []validator.String{shared.IsUUID()},
			},
			"provider_instance_id": schema.StringAttribute{
				MarkdownDescription: "ID (UUID) of the CloudCockpit provider instance (Microsoft) the relationships belong to; " +
					"see `partneradmin_cloudcockpit_provider_instances`.",
				Required:   true,
				Validators: []validator.String{shared.IsUUID()},
			},
			"relationships": schema.ListNestedAttribute{
				MarkdownDescription: "The customer's GDAP relationships in that provider instance, in CloudCockpit's order; " +
					"empty when there is none. A field CloudCockpit returns as null is null.",
				Computed: true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"id": schema.StringAttribute{
							MarkdownDescription: "ID of the relationship: the `relationship_id` of " +
								"`partneradmin_cloudcockpit_access_assignment`.",
							Computed: true,
						},
						"display_name": schema.StringAttribute{
							MarkdownDescription: "The relationship's display name.",
							Computed:            true,
						},
						"status": schema.StringAttribute{
							MarkdownDescription: "The relationship's status, as CloudCockpit spells it, such as `active` or `approved`.",
							Computed:            true,
						},
						"duration": schema.StringAttribute{
							MarkdownDescription: "The relationship's duration, in ISO 8601 (such as `P730D`).",
							Computed:            true,
						},
						"auto_extend_duration": schema.StringAttribute{
							MarkdownDescription: "How long the relationship is extended when it ends, in ISO 8601 (`PT0S`: not extended).",
							Computed:            true,
						},
						"customer_tenant_id": schema.StringAttribute{
							MarkdownDescription: "The customer's Microsoft tenant ID (`customer.tenantId`).",
							Computed:            true,
						},
						"role_definition_ids": schema.ListAttribute{
							MarkdownDescription: "IDs of the Microsoft Entra roles the relationship grants.",
							ElementType:         types.StringType,
							Computed:            true,
						},
					},
				},
			},
			"timeouts": timeouts.Attributes(ctx),
		},
	}
}

func (d *relationshipsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.cc = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *relationshipsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var data relationshipsDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &data)...)
	if resp.Diagnostics.HasError() || !shared.RequireClient(d.cc, "CloudCockpit", &resp.Diagnostics) {
		return
	}
	ctx, cancel := shared.WithTimeout(ctx, "read", data.Timeouts.Read, lookupReadTimeout, &resp.Diagnostics)
	defer cancel()
	rels, err := d.cc.ListDelegatedAdminRelationships(ctx, data.CustomerID.ValueString(), data.ProviderInstanceID.ValueString())
	if err != nil {
		summary := "Unable to list the customer's GDAP relationships"
		if cloudcockpitapi.IsCustomerRefused(err) {
			summary += ": CloudCockpit refused the customer (check customer_id and provider_instance_id)"
		}
		shared.AddClientError(&resp.Diagnostics, summary, err)
		return
	}
	var diags diag.Diagnostics
	data.Relationships, diags = relationshipsValue(ctx, rels)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &data)...)
}

// relationshipsValue is the relationships list: empty, never null, when the
// customer has none.
func relationshipsValue(ctx context.Context, rels []cloudcockpitapi.DelegatedAdminRelationship) (types.List, diag.Diagnostics) {
	var diags diag.Diagnostics
	elems := make([]attr.Value, 0, len(rels))
	for _, r := range rels {
		roles, d := stringList(ctx, r.RoleDefinitionIDs(), r.AccessDetails.UnifiedRoles == nil)
		diags.Append(d...)
		obj, d := types.ObjectValue(relationshipAttrTypes, map[string]attr.Value{
			"id":                   nullableString(r.ID()),
			"display_name":         nullableString(r.DisplayName),
			"status":               nullableString(r.Status.Name),
			"duration":             nullableString(r.Duration),
			"auto_extend_duration": nullableString(r.AutoExtendDuration),
			"customer_tenant_id":   nullableString(r.Customer.TenantID),
			"role_definition_ids":  roles,
		})
		diags.Append(d...)
		elems = append(elems, obj)
	}
	list, d := types.ListValue(types.ObjectType{AttrTypes: relationshipAttrTypes}, elems)
	diags.Append(d...)
	return list, diags
}
