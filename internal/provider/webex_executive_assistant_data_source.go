package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/client"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/client/webex"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/webexid"
)

var (
	_ datasource.DataSource              = (*webexExecutiveAssistantDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*webexExecutiveAssistantDataSource)(nil)
)

// Executive-assistant types Webex documents. The data source passes any
// other value through (Cisco may add values); the resource accepts only these.
const (
	webexEATypeUnassigned         = "UNASSIGNED"
	webexEATypeExecutive          = "EXECUTIVE"
	webexEATypeExecutiveAssistant = "EXECUTIVE_ASSISTANT"
)

var webexEATypes = []string{webexEATypeUnassigned, webexEATypeExecutive, webexEATypeExecutiveAssistant}

const webexEATypeDescription = "`UNASSIGNED` (the feature is not enabled), `EXECUTIVE` (the person is an executive) " +
	"or `EXECUTIVE_ASSISTANT` (the person is an executive assistant)"

// NewWebexExecutiveAssistantDataSource is the data source factory.
func NewWebexExecutiveAssistantDataSource() datasource.DataSource {
	return &webexExecutiveAssistantDataSource{}
}

type webexExecutiveAssistantDataSource struct {
	webex *webex.Client
}

type webexExecutiveAssistantDataModel struct {
	ID       types.String `tfsdk:"id"`
	PersonID webexIDValue `tfsdk:"person_id"`
	OrgID    webexIDValue `tfsdk:"org_id"`
	Type     types.String `tfsdk:"type"`
}

func (d *webexExecutiveAssistantDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_webex_executive_assistant"
}

func (d *webexExecutiveAssistantDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads a person's Webex Calling executive-assistant setting: whether the person is an " +
			"executive, an executive assistant, or neither. The person must be a Webex Calling user. The token needs " +
			"the `spark-admin:people_read` scope and a full, user, read-only or location administrator role (a " +
			"partner administrator reading a customer's person sets `org_id`).\n\n" +
			"A `type` value this provider does not know is returned as Webex sends it.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The `person_id`, as given in the configuration.",
				Computed:            true,
			},
			"person_id": schema.StringAttribute{
				MarkdownDescription: "ID of the person, a Webex Calling user.",
				Required:            true,
				CustomType:          webexIDType{},
				Validators:          []validator.String{webexID(webexid.TypePeople)},
			},
			"org_id": schema.StringAttribute{
				MarkdownDescription: "ID of the organization the person belongs to. Only needed by administrators of " +
					"another organization, such as partners; by default the token's own organization. Sent as the " +
					"`orgId` query parameter only when set.",
				Optional:   true,
				CustomType: webexIDType{},
				Validators: []validator.String{webexID(webexid.TypeOrganization)},
			},
			"type": schema.StringAttribute{
				MarkdownDescription: "The executive-assistant type: " + webexEATypeDescription + ".",
				Computed:            true,
			},
		},
	}
}

func (d *webexExecutiveAssistantDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.webex, _ = ClientFrom(req.ProviderData, "Webex", func(pd *ProviderData) VendorClient[*webex.Client] { return pd.Webex }, &resp.Diagnostics)
}

func (d *webexExecutiveAssistantDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var data webexExecutiveAssistantDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &data)...)
	if resp.Diagnostics.HasError() || !RequireClient(d.webex, "Webex", &resp.Diagnostics) {
		return
	}
	ea, err := d.webex.GetExecutiveAssistant(ctx, data.PersonID.ValueString(), data.OrgID.ValueString())
	if err != nil {
		addExecutiveAssistantError(&resp.Diagnostics, "Unable to read executive assistant settings", err)
		return
	}
	data.ID = types.StringValue(data.PersonID.ValueString())
	data.Type = types.StringValue(ea.Type)
	resp.Diagnostics.Append(resp.State.Set(ctx, &data)...)
}

// addExecutiveAssistantError is addClientError with a summary that says
// which common case it is: an unknown person, or one without Webex Calling.
func addExecutiveAssistantError(diags *diag.Diagnostics, summary string, err error) {
	switch {
	case client.IsNotFound(err):
		summary += ": person not found (check person_id, and org_id for a person of another organization)"
	case webex.IsNotCallingUser(err):
		summary += ": the person may not be a Webex Calling user (the feature needs a Webex Calling license)"
	}
	AddClientError(diags, summary, err)
}
