package bluexp

import (
	"context"
	"strconv"
	"time"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/shared"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	bluexpapi "github.com/partneradmin/terraform-provider-partneradmin/internal/client/bluexp"
)

var (
	_ datasource.DataSource              = (*adminsDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*adminsDataSource)(nil)
)

// NewResourceAdminsDataSource is the factory of the
// partneradmin_bluexp_resource_admins data source.
func NewResourceAdminsDataSource() datasource.DataSource {
	return &adminsDataSource{role: resourceAdminRole}
}

// adminsDataSource reads the members of one partnership role.
type adminsDataSource struct {
	role   role
	bluexp *bluexpapi.Client
}

type adminsDataModel struct {
	ID            types.String   `tfsdk:"id"`
	PartnershipID types.String   `tfsdk:"partnership_id"`
	Users         types.List     `tfsdk:"users"`
	Timeouts      timeouts.Value `tfsdk:"timeouts"`
}

// dataReadTimeout bounds a read (every page, with retries) unless the
// timeouts block says otherwise.
const dataReadTimeout = 2 * time.Minute

// memberAttrTypes is one element of users: the fields of NetApp's user
// object that say who the member is, in snake_case.
var memberAttrTypes = map[string]attr.Type{
	"user_id":               types.StringType,
	"name":                  types.StringType,
	"auth0_id":              types.StringType,
	"aad_id":                types.StringType,
	"state":                 types.StringType,
	"user_type":             types.StringType,
	"owner_organization_id": types.StringType,
}

func (d *adminsDataSource) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = d.role.typeName
}

func (d *adminsDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads every " + d.role.noun + " of a NetApp BlueXP partnership, as " +
			"`GET /partnerships/{partnership_id}/" + d.role.api.String() + "` lists them.\n\n" +
			"A read is one request per page (" + strconv.Itoa(bluexpapi.DefaultPageSize) + " users a page), shared with `" + d.role.typeName + "` resources " +
			"of the same partnership in the same run. It fails after 2 minutes unless `timeouts.read` says otherwise. " +
			"BlueXP's user object has no email address, so none is listed.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The `partnership_id`.",
				Computed:            true,
			},
			"partnership_id": schema.StringAttribute{
				MarkdownDescription: "ID (a UUID) of the partnership.",
				Required:            true,
				Validators:          []validator.String{shared.IsUUID()},
			},
			"users": schema.ListNestedAttribute{
				MarkdownDescription: "The partnership's " + d.role.noun + "s, in the order BlueXP lists them; empty when " +
					"there are none.",
				Computed: true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"user_id": schema.StringAttribute{
							MarkdownDescription: "BlueXP user ID (a UUID): what `users[*].user_id` of the resource takes.",
							Computed:            true,
						},
						"name": schema.StringAttribute{
							MarkdownDescription: "The user's name. Anyone can set a display name: never use it to decide who a user is.",
							Computed:            true,
						},
						"auth0_id": schema.StringAttribute{
							MarkdownDescription: "Auth0 ID of the user, as BlueXP lists it (with or without its `<connection>|` prefix); empty if none.",
							Computed:            true,
						},
						"aad_id": schema.StringAttribute{
							MarkdownDescription: "Azure AD (Entra ID) object ID of the user; empty if none.",
							Computed:            true,
						},
						"state": schema.StringAttribute{
							MarkdownDescription: "`ACTIVE` or `INACTIVE`.",
							Computed:            true,
						},
						"user_type": schema.StringAttribute{
							MarkdownDescription: "The type of user, such as `serviceAccount`.",
							Computed:            true,
						},
						"owner_organization_id": schema.StringAttribute{
							MarkdownDescription: "ID of the organization that owns the user.",
							Computed:            true,
						},
					},
				},
			},
			"timeouts": timeouts.Attributes(ctx),
		},
	}
}

func (d *adminsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.bluexp = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *adminsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var data adminsDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &data)...)
	if resp.Diagnostics.HasError() || !shared.RequireClient(d.bluexp, "BlueXP", &resp.Diagnostics) {
		return
	}
	ctx, cancel := shared.WithTimeout(ctx, "read", data.Timeouts.Read, dataReadTimeout, &resp.Diagnostics)
	defer cancel()
	pid := data.PartnershipID.ValueString()
	members, err := d.bluexp.ListAdmins(ctx, d.role.api, pid)
	if err != nil {
		r := adminsResource{role: d.role, bluexp: d.bluexp}
		summary := "Unable to read BlueXP " + d.role.noun + "s"
		if gone, proof := r.partnershipGone(ctx, pid, err); gone {
			err, summary = proof, summary+": partnership not found (check partnership_id)"
		}
		shared.AddClientError(&resp.Diagnostics, summary, err)
		return
	}
	data.ID = types.StringValue(pid)
	var diags diag.Diagnostics
	data.Users, diags = membersValue(members)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &data)...)
}

// membersValue is the users list: empty, never null, when there are none.
func membersValue(members []bluexpapi.User) (types.List, diag.Diagnostics) {
	var diags diag.Diagnostics
	elems := make([]attr.Value, 0, len(members))
	for _, m := range members {
		obj, d := types.ObjectValue(memberAttrTypes, map[string]attr.Value{
			"user_id":               types.StringValue(m.ID),
			"name":                  types.StringValue(m.Name),
			"auth0_id":              types.StringValue(m.Auth0ID),
			"aad_id":                types.StringValue(m.AADID),
			"state":                 types.StringValue(m.State),
			"user_type":             types.StringValue(m.UserType),
			"owner_organization_id": types.StringValue(m.OwnerOrganizationID),
		})
		diags.Append(d...)
		elems = append(elems, obj)
	}
	list, d := types.ListValue(types.ObjectType{AttrTypes: memberAttrTypes}, elems)
	diags.Append(d...)
	return list, diags
}
