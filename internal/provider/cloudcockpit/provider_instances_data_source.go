package cloudcockpit

import (
	"context"
	"time"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/shared"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	cloudcockpitapi "github.com/partneradmin/terraform-provider-partneradmin/internal/client/cloudcockpit"
)

var (
	_ datasource.DataSource              = (*providerInstancesDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*providerInstancesDataSource)(nil)
)

// NewProviderInstancesDataSource is the data source factory.
func NewProviderInstancesDataSource() datasource.DataSource {
	return &providerInstancesDataSource{}
}

type providerInstancesDataSource struct {
	cc *cloudcockpitapi.Client
}

type providerInstancesDataModel struct {
	ProviderInstances types.List     `tfsdk:"provider_instances"`
	Timeouts          timeouts.Value `tfsdk:"timeouts"`
}

// lookupReadTimeout bounds a lookup read (every page, with retries) unless
// the timeouts block says otherwise: a vendor that stops answering fails
// the plan instead of holding the pipeline.
const lookupReadTimeout = 2 * time.Minute

// providerInstanceAttrTypes is one element of provider_instances: the item
// fields CloudCockpit documents, in snake_case, but providerData (the
// instance's own configuration) and provider (whose fields its page does
// not show).
var providerInstanceAttrTypes = map[string]attr.Type{
	"id":                   types.StringType,
	"alias":                types.StringType,
	"instance_provider_id": types.StringType,
	"image_url":            types.StringType,
	"offer_types":          types.ListType{ElemType: types.StringType},
	"supported_countries":  types.ListType{ElemType: types.StringType},
}

func (d *providerInstancesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cloudcockpit_provider_instances"
}

func (d *providerInstancesDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the provider instances of the CloudCockpit portal, as `GET /v1/Providers/Instances` " +
			"returns them, so a configuration can look up the `provider_instance_id` of " +
			"`partneradmin_cloudcockpit_access_assignment` and `partneradmin_cloudcockpit_delegated_admin_relationships` " +
			"instead of pasting it.\n\n" +
			"CloudCockpit documents no filter for this list: filter in HCL, for example " +
			"`one([for i in data.partneradmin_cloudcockpit_provider_instances.all.provider_instances : i.id if i.alias == \"Microsoft CSP\"])`.\n\n" +
			"A read asks for pages of 2000 (the most CloudCockpit allows) and follows `totalPages`: one request per " +
			"page, so one request for nearly every portal. It fails after 2 minutes unless `timeouts.read` says otherwise.",
		Attributes: map[string]schema.Attribute{
			"provider_instances": schema.ListNestedAttribute{
				MarkdownDescription: "Every provider instance of the portal, in CloudCockpit's order (sorted by provider); " +
					"empty when there is none. A field CloudCockpit returns as null is null.",
				Computed: true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"id": schema.StringAttribute{
							MarkdownDescription: "ID (UUID) of the provider instance: the `provider_instance_id` of the other " +
								"`partneradmin_cloudcockpit_*` resources and data sources.",
							Computed: true,
						},
						"alias": schema.StringAttribute{
							MarkdownDescription: "The instance's alias, as set in the portal.",
							Computed:            true,
						},
						"instance_provider_id": schema.StringAttribute{
							MarkdownDescription: "The ID that identifies the instance on the provider's side " +
								"(CloudCockpit's `instanceProviderId`).",
							Computed: true,
						},
						"image_url": schema.StringAttribute{
							MarkdownDescription: "URL of the instance's image.",
							Computed:            true,
						},
						"offer_types": schema.ListAttribute{
							MarkdownDescription: "Names of the offer types the instance allows selling.",
							ElementType:         types.StringType,
							Computed:            true,
						},
						"supported_countries": schema.ListAttribute{
							MarkdownDescription: "The countries the instance supports.",
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

func (d *providerInstancesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.cc = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *providerInstancesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var data providerInstancesDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &data)...)
	if resp.Diagnostics.HasError() || !shared.RequireClient(d.cc, "CloudCockpit", &resp.Diagnostics) {
		return
	}
	ctx, cancel := shared.WithTimeout(ctx, "read", data.Timeouts.Read, lookupReadTimeout, &resp.Diagnostics)
	defer cancel()
	instances, err := d.cc.ListProviderInstances(ctx)
	if err != nil {
		shared.AddClientError(&resp.Diagnostics, "Unable to list the CloudCockpit provider instances", err)
		return
	}
	var diags diag.Diagnostics
	data.ProviderInstances, diags = providerInstancesValue(ctx, instances)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &data)...)
}

// providerInstancesValue is the provider_instances list: empty, never null,
// when the portal has none.
func providerInstancesValue(ctx context.Context, instances []cloudcockpitapi.ProviderInstance) (types.List, diag.Diagnostics) {
	var diags diag.Diagnostics
	elems := make([]attr.Value, 0, len(instances))
	for _, p := range instances {
		offers, d := stringList(ctx, p.OfferTypeNames(), p.OfferTypes == nil)
		diags.Append(d...)
		countries, d := stringList(ctx, p.SupportedCountries, p.SupportedCountries == nil)
		diags.Append(d...)
		obj, d := types.ObjectValue(providerInstanceAttrTypes, map[string]attr.Value{
			"id":                   types.StringValue(p.ID),
			"alias":                nullableString(p.Alias),
			"instance_provider_id": nullableString(p.InstanceProviderID),
			"image_url":            nullableString(p.ImageURL),
			"offer_types":          offers,
			"supported_countries":  countries,
		})
		diags.Append(d...)
		elems = append(elems, obj)
	}
	list, d := types.ListValue(types.ObjectType{AttrTypes: providerInstanceAttrTypes}, elems)
	diags.Append(d...)
	return list, diags
}

// nullableString is null for a field CloudCockpit answered as null (or
// empty): its lists document every such string as "string | null".
func nullableString(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// stringList is a list of strings, null when CloudCockpit answered null.
func stringList(ctx context.Context, values []string, null bool) (types.List, diag.Diagnostics) {
	if null {
		return types.ListNull(types.StringType), nil
	}
	return types.ListValueFrom(ctx, types.StringType, values)
}
