package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/client"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/client/webex"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/webexid"
)

var (
	_ resource.Resource                = (*webexPartnerAdminAssignmentResource)(nil)
	_ resource.ResourceWithConfigure   = (*webexPartnerAdminAssignmentResource)(nil)
	_ resource.ResourceWithImportState = (*webexPartnerAdminAssignmentResource)(nil)
	_ resource.ResourceWithIdentity    = (*webexPartnerAdminAssignmentResource)(nil)
)

// NewWebexPartnerAdminAssignmentResource is the resource factory.
func NewWebexPartnerAdminAssignmentResource() resource.Resource {
	return &webexPartnerAdminAssignmentResource{}
}

type webexPartnerAdminAssignmentResource struct {
	webex *webex.Client
}

type webexPartnerAdminAssignmentModel struct {
	ID                types.String   `tfsdk:"id"`
	OrgID             types.String   `tfsdk:"org_id"`
	PersonID          types.String   `tfsdk:"person_id"`
	DisplayName       types.String   `tfsdk:"display_name"`
	Emails            types.List     `tfsdk:"emails"`
	RoleInCustomerOrg types.String   `tfsdk:"role_in_customer_org"`
	Timeouts          timeouts.Value `tfsdk:"timeouts"`
}

const (
	webexAssignmentCreateTimeout = 5 * time.Minute
	webexAssignmentReadTimeout   = 2 * time.Minute
	webexAssignmentDeleteTimeout = 5 * time.Minute
)

func (r *webexPartnerAdminAssignmentResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_webex_partner_admin_assignment"
}

func (r *webexPartnerAdminAssignmentResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identitySchema(
		identityAttr{name: "org_id", description: "The customer organization's Webex ID."},
		identityAttr{name: "person_id", description: "The partner admin's Webex person ID."},
	)
}

// identity is the resource identity, from the arguments stored in state.
func (m webexPartnerAdminAssignmentModel) identity() map[string]types.String {
	return map[string]types.String{"org_id": m.OrgID, "person_id": m.PersonID}
}

func (r *webexPartnerAdminAssignmentResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Assigns a Webex partner administrator to a customer organization, so that the partner " +
			"admin can manage it. The person must hold the *Partner Administrator* role in the partner organization; " +
			"Partner Full Administrators already manage every customer and cannot be assigned. The token must belong " +
			"to a Partner Full Administrator with the `spark-admin:organizations_read` and " +
			"`spark-admin:organizations_write` scopes.\n\n" +
			"Access a partner admin has through a *Customer Group* is not visible to this resource: it is not read, " +
			"and destroying the resource does not remove it. Destroying the resource unassigns only this customer; " +
			"it never revokes the person's partner role.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "`<org_id>/<person_id>`, as given in the configuration.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"org_id": schema.StringAttribute{
				MarkdownDescription: "ID of the customer organization. Changing it replaces the assignment.",
				Required:            true,
				Validators:          []validator.String{webexID(webexid.TypeOrganization)},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"person_id": schema.StringAttribute{
				MarkdownDescription: "ID of the partner administrator, a person in the partner's organization. Changing it replaces the assignment.",
				Required:            true,
				Validators:          []validator.String{webexID(webexid.TypePeople)},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"display_name": schema.StringAttribute{
				MarkdownDescription: "The partner administrator's display name.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"emails": schema.ListAttribute{
				MarkdownDescription: "The partner administrator's email addresses.",
				ElementType:         types.StringType,
				Computed:            true,
				PlanModifiers:       []planmodifier.List{listplanmodifier.UseStateForUnknown()},
			},
			"role_in_customer_org": schema.StringAttribute{
				MarkdownDescription: "The role the partner administrator holds in the customer organization, such as `id_full_admin`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"timeouts": timeouts.Attributes(ctx, timeouts.Opts{Create: true, Read: true, Delete: true}),
		},
	}
}

func (r *webexPartnerAdminAssignmentResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.webex, _ = clientFrom(req.ProviderData, "Webex", func(pd *providerData) vendorClient[*webex.Client] { return pd.webex }, &resp.Diagnostics)
}

func (r *webexPartnerAdminAssignmentResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan webexPartnerAdminAssignmentModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !requireClient(r.webex, "Webex", &resp.Diagnostics) {
		return
	}
	ctx, cancel := withTimeout(ctx, plan.Timeouts.Create, webexAssignmentCreateTimeout, &resp.Diagnostics)
	defer cancel()

	orgID, personID := plan.OrgID.ValueString(), plan.PersonID.ValueString()
	err := r.webex.AssignPartnerAdmin(ctx, orgID, personID)
	conflict := client.IsConflict(err)
	if err != nil && !conflict {
		addClientError(&resp.Diagnostics, "Unable to assign partner admin", err)
		return
	}

	// Confirm by reading back: writes may take a moment to become visible,
	// and a 409 is success only if the assignment really exists (a retried
	// request whose first response was lost).
	var found *webex.PartnerAdmin
	waitErr := waitFor(ctx, "the partner admin assignment to become visible", waitOptions{}, func(ctx context.Context) (bool, error) {
		admin, err := r.findAssignment(ctx, orgID, personID)
		found = admin
		return admin != nil, err
	})
	plan.ID = types.StringValue(orgID + "/" + personID)
	if waitErr != nil {
		if conflict {
			addClientError(&resp.Diagnostics, "Unable to assign partner admin",
				err) // the 409 itself, since the read-back did not explain it
			resp.Diagnostics.AddError("Assignment not confirmed",
				"Webex answered 409 Conflict, but the partner admin is not listed among the customer's partner admins: "+waitErr.Error())
			return
		}
		// Webex accepted the assignment: keep it in state (tainted) rather than orphan it.
		plan.DisplayName, plan.RoleInCustomerOrg, plan.Emails = types.StringNull(), types.StringNull(), types.ListNull(types.StringType)
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		setIdentity(ctx, resp.Identity, &resp.Diagnostics, plan.identity())
		resp.Diagnostics.AddError("Partner admin assigned but not confirmed",
			"Webex accepted the assignment, but it did not appear in the customer's partner admins: "+clientErrorDetail(waitErr)+
				"\n\nIt is saved in state; the next apply reads it again.")
		return
	}
	resp.Diagnostics.Append(plan.fill(ctx, found)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	setIdentity(ctx, resp.Identity, &resp.Diagnostics, plan.identity())
}

func (r *webexPartnerAdminAssignmentResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state webexPartnerAdminAssignmentModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.webex, "Webex", &resp.Diagnostics) {
		return
	}
	ctx, cancel := withTimeout(ctx, state.Timeouts.Read, webexAssignmentReadTimeout, &resp.Diagnostics)
	defer cancel()

	admin, err := r.findAssignment(ctx, state.OrgID.ValueString(), state.PersonID.ValueString())
	switch {
	case client.IsNotFound(err):
		removeFromState(ctx, resp, state.identity()) // the customer organization is gone
		return
	case err != nil:
		addClientError(&resp.Diagnostics, "Unable to read partner admin assignment", err)
		return
	case admin == nil:
		removeFromState(ctx, resp, state.identity()) // unassigned outside Terraform
		return
	}
	state.ID = types.StringValue(state.OrgID.ValueString() + "/" + state.PersonID.ValueString())
	resp.Diagnostics.Append(state.fill(ctx, admin)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	setIdentity(ctx, resp.Identity, &resp.Diagnostics, state.identity())
}

// Update is never called with a change: both arguments force replacement and
// the rest is computed. Only the timeouts block can change, in state.
func (r *webexPartnerAdminAssignmentResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan webexPartnerAdminAssignmentModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	setIdentity(ctx, resp.Identity, &resp.Diagnostics, plan.identity())
}

func (r *webexPartnerAdminAssignmentResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state webexPartnerAdminAssignmentModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.webex, "Webex", &resp.Diagnostics) {
		return
	}
	ctx, cancel := withTimeout(ctx, state.Timeouts.Delete, webexAssignmentDeleteTimeout, &resp.Diagnostics)
	defer cancel()

	err := r.webex.UnassignPartnerAdmin(ctx, state.OrgID.ValueString(), state.PersonID.ValueString())
	if err != nil && !client.IsNotFound(err) {
		addClientError(&resp.Diagnostics, "Unable to unassign partner admin", err)
	}
}

func (r *webexPartnerAdminAssignmentResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id := importID(ctx, req, &resp.Diagnostics, "org_id", "person_id")
	parts, err := splitImportID(id, "org_id", "person_id")
	if err != nil {
		resp.Diagnostics.AddError("Invalid import ID", err.Error())
		return
	}
	if _, err := webexid.ParseType(parts[0], webexid.TypeOrganization); err != nil {
		resp.Diagnostics.AddError("Invalid import ID", "The org_id part is not a Webex organization ID: "+err.Error())
	}
	if _, err := webexid.ParseType(parts[1], webexid.TypePeople); err != nil {
		resp.Diagnostics.AddError("Invalid import ID", "The person_id part is not a Webex person ID: "+err.Error())
	}
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("org_id"), parts[0])...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("person_id"), parts[1])...)
	setIdentity(ctx, resp.Identity, &resp.Diagnostics, webexPartnerAdminAssignmentModel{OrgID: types.StringValue(parts[0]), PersonID: types.StringValue(parts[1])}.identity())
}

// findAssignment returns the person among the customer's partner admins, or
// nil. IDs are compared by type and UUID: Webex may return another encoding.
func (r *webexPartnerAdminAssignmentResource) findAssignment(ctx context.Context, orgID, personID string) (*webex.PartnerAdmin, error) {
	admins, err := r.webex.ListCustomerPartnerAdmins(ctx, orgID)
	if err != nil {
		return nil, err
	}
	for i := range admins {
		if webexid.Equal(admins[i].ID, personID) {
			return &admins[i], nil
		}
	}
	return nil, nil
}

func (m *webexPartnerAdminAssignmentModel) fill(ctx context.Context, admin *webex.PartnerAdmin) (diags diag.Diagnostics) {
	m.DisplayName = types.StringValue(admin.DisplayName)
	m.RoleInCustomerOrg = types.StringValue(admin.RoleInCustomerOrg)
	emails := admin.Emails
	if emails == nil {
		emails = []string{}
	}
	m.Emails, diags = types.ListValueFrom(ctx, types.StringType, emails)
	return diags
}
