package webex

import (
	"context"
	"time"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/shared"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/client"
	webexapi "github.com/partneradmin/terraform-provider-partneradmin/internal/client/webex"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/webexid"
)

var (
	_ datasource.DataSource              = (*partnerAdminsDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*partnerAdminsDataSource)(nil)
)

// NewPartnerAdminsDataSource is the data source factory.
func NewPartnerAdminsDataSource() datasource.DataSource {
	return &partnerAdminsDataSource{}
}

type partnerAdminsDataSource struct {
	webex *webexapi.Client
}

type partnerAdminsDataModel struct {
	ID            types.String   `tfsdk:"id"`
	OrgID         idValue        `tfsdk:"org_id"`
	PartnerAdmins types.List     `tfsdk:"partner_admins"`
	Timeouts      timeouts.Value `tfsdk:"timeouts"`
}

// partnerAdminsReadTimeout bounds a read (every page, with retries) unless
// the timeouts block says otherwise: a vendor that stops answering fails
// the plan instead of holding the pipeline.
const partnerAdminsReadTimeout = 2 * time.Minute

// partnerAdminAttrTypes is one element of partner_admins: the fields Cisco
// documents for PartnerAdminUser, in snake_case.
var partnerAdminAttrTypes = map[string]attr.Type{
	"person_id":            types.StringType,
	"display_name":         types.StringType,
	"first_name":           types.StringType,
	"last_name":            types.StringType,
	"emails":               types.ListType{ElemType: types.StringType},
	"role_in_customer_org": types.StringType,
}

func (d *partnerAdminsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_webex_partner_admins"
}

func (d *partnerAdminsDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads the partner administrators assigned to a Webex customer organization, as " +
			"`GET /v1/partner/organizations/{orgId}/partnerAdmins` lists them. The token must belong to a Partner Full " +
			"Administrator with the `spark-admin:organizations_read` scope.\n\n" +
			"A read is one request (Webex documents no paging for this list; should it page with `Link` headers, one " +
			"request per page), shared with `partneradmin_webex_partner_admin_assignment` resources of the same " +
			"customer in the same run. It fails after 2 minutes unless `timeouts.read` says otherwise.\n\n" +
			"Access through a *Customer Group* is not listed, as Webex does not return it. To manage one " +
			"assignment, use the `partneradmin_webex_partner_admin_assignment` resource.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The `org_id`, as given in the configuration.",
				Computed:            true,
			},
			"org_id": schema.StringAttribute{
				MarkdownDescription: "ID of the customer organization.",
				Required:            true,
				CustomType:          idType{},
				Validators:          []validator.String{validID(webexid.TypeOrganization)},
			},
			"partner_admins": schema.ListNestedAttribute{
				MarkdownDescription: "The customer's partner administrators, in the order Webex lists them; empty " +
					"when none is assigned.",
				Computed: true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"person_id": schema.StringAttribute{
							MarkdownDescription: "The partner administrator's person ID, as Webex returns it (it may be " +
								"another encoding of the ID used elsewhere, such as the regional form).",
							Computed: true,
						},
						"display_name": schema.StringAttribute{
							MarkdownDescription: "The partner administrator's display name.",
							Computed:            true,
						},
						"first_name": schema.StringAttribute{
							MarkdownDescription: "The partner administrator's first name.",
							Computed:            true,
						},
						"last_name": schema.StringAttribute{
							MarkdownDescription: "The partner administrator's last name.",
							Computed:            true,
						},
						"emails": schema.ListAttribute{
							MarkdownDescription: "The partner administrator's email addresses.",
							ElementType:         types.StringType,
							Computed:            true,
						},
						"role_in_customer_org": schema.StringAttribute{
							MarkdownDescription: "The role the partner administrator holds in the customer organization, such as `id_full_admin`.",
							Computed:            true,
						},
					},
				},
			},
			"timeouts": timeouts.Attributes(ctx),
		},
	}
}

func (d *partnerAdminsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.webex = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *partnerAdminsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var data partnerAdminsDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &data)...)
	if resp.Diagnostics.HasError() || !shared.RequireClient(d.webex, "Webex", &resp.Diagnostics) {
		return
	}
	ctx, cancel := shared.WithTimeout(ctx, "read", data.Timeouts.Read, partnerAdminsReadTimeout, &resp.Diagnostics)
	defer cancel()
	// The same listing (and read cache) the assignment resource refreshes
	// with, so a configuration holding both costs no extra request.
	admins, err := d.webex.ListCustomerPartnerAdmins(ctx, data.OrgID.ValueString())
	if err != nil {
		summary := "Unable to read the partner admins of the customer organization"
		if client.IsNotFound(err) {
			summary += ": customer organization not found (check org_id)"
		}
		shared.AddClientError(&resp.Diagnostics, summary, err)
		return
	}
	data.ID = types.StringValue(data.OrgID.ValueString())
	var diags diag.Diagnostics
	data.PartnerAdmins, diags = partnerAdminsValue(ctx, admins)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &data)...)
}

// partnerAdminsValue is the partner_admins list: empty, never null, when the
// customer has none, so `length()` and `for` work without a null check.
func partnerAdminsValue(ctx context.Context, admins []webexapi.PartnerAdmin) (types.List, diag.Diagnostics) {
	elemType := types.ObjectType{AttrTypes: partnerAdminAttrTypes}
	var diags diag.Diagnostics
	elems := make([]attr.Value, 0, len(admins))
	for _, a := range admins {
		emails := a.Emails
		if emails == nil {
			emails = []string{}
		}
		emailList, d := types.ListValueFrom(ctx, types.StringType, emails)
		diags.Append(d...)
		obj, d := types.ObjectValue(partnerAdminAttrTypes, map[string]attr.Value{
			"person_id":            types.StringValue(a.ID),
			"display_name":         types.StringValue(a.DisplayName),
			"first_name":           types.StringValue(a.FirstName),
			"last_name":            types.StringValue(a.LastName),
			"emails":               emailList,
			"role_in_customer_org": types.StringValue(a.RoleInCustomerOrg),
		})
		diags.Append(d...)
		elems = append(elems, obj)
	}
	list, d := types.ListValue(elemType, elems)
	diags.Append(d...)
	return list, diags
}
