package webex

import (
	"context"
	"time"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/shared"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/client"
	webexapi "github.com/partneradmin/terraform-provider-partneradmin/internal/client/webex"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/webexid"
)

var (
	_ datasource.DataSource              = (*managedCustomersDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*managedCustomersDataSource)(nil)
)

// NewManagedCustomersDataSource is the data source factory.
func NewManagedCustomersDataSource() datasource.DataSource {
	return &managedCustomersDataSource{}
}

type managedCustomersDataSource struct {
	webex *webexapi.Client
}

type managedCustomersDataModel struct {
	ID        types.String   `tfsdk:"id"`
	PersonID  idValue        `tfsdk:"person_id"`
	Customers types.List     `tfsdk:"customers"`
	Timeouts  timeouts.Value `tfsdk:"timeouts"`
}

// managedCustomersReadTimeout bounds a read unless timeouts.read says
// otherwise.
const managedCustomersReadTimeout = 2 * time.Minute

// managedCustomerAttrTypes is one element of customers: the fields Cisco
// documents for IdentityManagedOrg (orgId, role), in snake_case.
var managedCustomerAttrTypes = map[string]attr.Type{
	"org_id": types.StringType,
	"role":   types.StringType,
}

func (d *managedCustomersDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_webex_managed_customers"
}

func (d *managedCustomersDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads the customer organizations a Webex partner administrator manages, as " +
			"`GET /v1/partner/organizations?managedBy={personId}` lists them: each customer's org ID and the " +
			"person's role ID in it. Webex lists no customer names here; read them elsewhere if needed. The token " +
			"must belong to a Partner Full or Read-only Administrator with the `spark-admin:organizations_read` scope.\n\n" +
			"A Partner Full Administrator manages every customer, and Webex refuses the request for one (\"already " +
			"has access to all customers\"): the read then fails with Webex's message. Access through a *Customer " +
			"Group* is not listed.\n\n" +
			"A read is one request (Webex documents no paging for this list; should it page with `Link` headers, one " +
			"request per page). It fails after 2 minutes unless `timeouts.read` says otherwise.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The `person_id`, as given in the configuration.",
				Computed:            true,
			},
			"person_id": schema.StringAttribute{
				MarkdownDescription: "ID of the partner administrator, a person in the partner's organization.",
				Required:            true,
				CustomType:          idType{},
				Validators:          []validator.String{validID(webexid.TypePeople)},
			},
			"customers": schema.ListNestedAttribute{
				MarkdownDescription: "The customers the partner admin manages, in the order Webex lists them; empty when none.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"org_id": schema.StringAttribute{
							MarkdownDescription: "The customer organization's ID, as Webex returns it (it may be another " +
								"encoding of the ID used elsewhere, such as the regional form).",
							Computed: true,
						},
						"role": schema.StringAttribute{
							MarkdownDescription: "The ID of the role the partner admin holds in that customer organization.",
							Computed:            true,
						},
					},
				},
			},
			"timeouts": timeouts.Attributes(ctx),
		},
	}
}

func (d *managedCustomersDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.webex, _ = shared.ClientFrom(req.ProviderData, "Webex", func(pd *shared.ProviderData) shared.VendorClient[*webexapi.Client] { return pd.Webex }, &resp.Diagnostics)
}

func (d *managedCustomersDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var data managedCustomersDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &data)...)
	if resp.Diagnostics.HasError() || !shared.RequireClient(d.webex, "Webex", &resp.Diagnostics) {
		return
	}
	ctx, cancel := shared.WithTimeout(ctx, "read", data.Timeouts.Read, managedCustomersReadTimeout, &resp.Diagnostics)
	defer cancel()
	customers, err := d.webex.ListManagedCustomers(ctx, data.PersonID.ValueString())
	if err != nil {
		summary := "Unable to read the customers managed by the partner admin"
		if client.IsNotFound(err) {
			summary += ": person not found (check person_id)"
		}
		shared.AddClientError(&resp.Diagnostics, summary, err)
		return
	}
	elems := make([]attr.Value, 0, len(customers))
	for _, c := range customers {
		obj, diags := types.ObjectValue(managedCustomerAttrTypes, map[string]attr.Value{
			"org_id": types.StringValue(c.OrgID),
			"role":   types.StringValue(c.Role),
		})
		resp.Diagnostics.Append(diags...)
		elems = append(elems, obj)
	}
	list, diags := types.ListValue(types.ObjectType{AttrTypes: managedCustomerAttrTypes}, elems)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	data.ID = types.StringValue(data.PersonID.ValueString())
	data.Customers = list
	resp.Diagnostics.Append(resp.State.Set(ctx, &data)...)
}
