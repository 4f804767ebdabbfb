package webex

import (
	"context"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/shared"

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
	_ datasource.DataSource              = (*executiveAssistantDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*executiveAssistantDataSource)(nil)
)

// NewExecutiveAssistantDataSource is the data source factory.
func NewExecutiveAssistantDataSource() datasource.DataSource {
	return &executiveAssistantDataSource{}
}

type executiveAssistantDataSource struct {
	webex *webexapi.Client
}

type executiveAssistantDataModel struct {
	ID       types.String `tfsdk:"id"`
	PersonID idValue      `tfsdk:"person_id"`
	OrgID    idValue      `tfsdk:"org_id"`
	Type     types.String `tfsdk:"type"`
}

func (d *executiveAssistantDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_webex_executive_assistant"
}

func (d *executiveAssistantDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
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
				CustomType:          idType{},
				Validators:          []validator.String{validID(webexid.TypePeople)},
			},
			"org_id": schema.StringAttribute{
				MarkdownDescription: "ID of the organization the person belongs to. Only needed by administrators of " +
					"another organization, such as partners; by default the token's own organization. Sent as the " +
					"`orgId` query parameter only when set.",
				Optional:   true,
				CustomType: idType{},
				Validators: []validator.String{validID(webexid.TypeOrganization)},
			},
			"type": schema.StringAttribute{
				MarkdownDescription: "The executive-assistant type: " + eaTypeDescription + ".",
				Computed:            true,
			},
		},
	}
}

func (d *executiveAssistantDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.webex = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *executiveAssistantDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var data executiveAssistantDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &data)...)
	if resp.Diagnostics.HasError() || !shared.RequireClient(d.webex, "Webex", &resp.Diagnostics) {
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

// addExecutiveAssistantError is AddClientError with a summary that says
// which common case it is: an unknown person, or one without Webex Calling.
func addExecutiveAssistantError(diags *diag.Diagnostics, summary string, err error) {
	switch {
	case client.IsNotFound(err):
		summary += ": person not found (check person_id, and org_id for a person of another organization)"
	case webexapi.IsNotCallingUser(err):
		summary += ": the person may not be a Webex Calling user (the feature needs a Webex Calling license)"
	}
	shared.AddClientError(diags, summary, err)
}
