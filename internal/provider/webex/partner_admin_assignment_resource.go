package webex

import (
	"context"
	"fmt"
	"time"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/shared"

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
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/client"
	webexapi "github.com/partneradmin/terraform-provider-partneradmin/internal/client/webex"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/webexid"
)

var (
	_ resource.Resource                = (*partnerAdminAssignmentResource)(nil)
	_ resource.ResourceWithConfigure   = (*partnerAdminAssignmentResource)(nil)
	_ resource.ResourceWithImportState = (*partnerAdminAssignmentResource)(nil)
	_ resource.ResourceWithIdentity    = (*partnerAdminAssignmentResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*partnerAdminAssignmentResource)(nil)
)

// NewPartnerAdminAssignmentResource is the resource factory.
func NewPartnerAdminAssignmentResource() resource.Resource {
	return &partnerAdminAssignmentResource{}
}

type partnerAdminAssignmentResource struct {
	webex *webexapi.Client
}

type partnerAdminAssignmentModel struct {
	ID                types.String   `tfsdk:"id"`
	OrgID             idValue        `tfsdk:"org_id"`
	PersonID          idValue        `tfsdk:"person_id"`
	DisplayName       types.String   `tfsdk:"display_name"`
	Emails            types.List     `tfsdk:"emails"`
	RoleInCustomerOrg types.String   `tfsdk:"role_in_customer_org"`
	Timeouts          timeouts.Value `tfsdk:"timeouts"`
}

const (
	assignmentCreateTimeout = 5 * time.Minute
	assignmentReadTimeout   = 2 * time.Minute
	assignmentDeleteTimeout = 5 * time.Minute
)

func (r *partnerAdminAssignmentResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_webex_partner_admin_assignment"
}

func (r *partnerAdminAssignmentResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = shared.IdentitySchema(
		shared.IdentityAttr{Name: "org_id", Description: "The customer organization's Webex ID."},
		shared.IdentityAttr{Name: "person_id", Description: "The partner admin's Webex person ID."},
	)
}

// identity is the resource identity, from the arguments stored in state.
func (m partnerAdminAssignmentModel) Identity() map[string]types.String {
	return map[string]types.String{"org_id": m.OrgID.StringValue, "person_id": m.PersonID.StringValue}
}

func (r *partnerAdminAssignmentResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Assigns a Webex partner administrator to a customer organization, so that the partner " +
			"admin can manage it. The person must hold the *Partner Administrator* role in the partner organization; " +
			"Partner Full Administrators already manage every customer and cannot be assigned. The token must belong " +
			"to a Partner Full Administrator with the `spark-admin:organizations_read` and " +
			"`spark-admin:organizations_write` scopes.\n\n" +
			"Access a partner admin has through a *Customer Group* is not visible to this resource: it is not read, " +
			"and destroying the resource does not remove it. Destroying the resource unassigns only this customer; " +
			"it never revokes the person's partner role.\n\n" +
			"Creating fails when the partner admin is already assigned to the customer (by hand, or by another " +
			"configuration): the error gives the import ID, `<org_id>/<person_id>`, to bring it under this " +
			"configuration instead. The check uses the customer's partner admins as read at most 5 seconds before " +
			"(one read serves every assignment of a customer created in one apply); if Webex refuses a duplicate " +
			"assign, the assign itself also tells. When Webex may have made the assignment but its answer was lost (an interrupted " +
			"apply, the create timeout, a dropped connection), the assignment is read back: if listed it is saved as " +
			"created, otherwise it is saved as tainted, so the next apply replaces it and destroy unassigns it.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "`<org_id>/<person_id>`, as given in the configuration.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"org_id": schema.StringAttribute{
				MarkdownDescription: "ID of the customer organization. Changing it replaces the assignment; another " +
					"encoding of the same ID (regional or plain cluster, with or without padding) is no change.",
				Required:      true,
				CustomType:    idType{},
				Validators:    []validator.String{validID(webexid.TypeOrganization)},
				PlanModifiers: []planmodifier.String{keepEquivalentID(), stringplanmodifier.RequiresReplace()},
			},
			"person_id": schema.StringAttribute{
				MarkdownDescription: "ID of the partner administrator, a person in the partner's organization. Changing " +
					"it replaces the assignment; another encoding of the same ID is no change.",
				Required:      true,
				CustomType:    idType{},
				Validators:    []validator.String{validID(webexid.TypePeople)},
				PlanModifiers: []planmodifier.String{keepEquivalentID(), stringplanmodifier.RequiresReplace()},
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

func (r *partnerAdminAssignmentResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.webex = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan sends no request: it notes the customer, so that a
// partneradmin_webex_customer_partner_admins resource of the same customer
// in the same plan is warned about (the two undo each other).
func (r *partnerAdminAssignmentResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.webex == nil {
		return
	}
	var orgID, personID idValue
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("org_id"), &orgID)...)
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("person_id"), &personID)...)
	if resp.Diagnostics.HasError() || orgID.IsUnknown() || personID.IsUnknown() {
		return
	}
	noteAssignmentPlanned(r.webex, orgID.ValueString(), personID.ValueString(), &resp.Diagnostics)
}

func (r *partnerAdminAssignmentResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan partnerAdminAssignmentModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !shared.RequireClient(r.webex, "Webex", &resp.Diagnostics) {
		return
	}
	ctx, cancel := shared.WithTimeout(ctx, "create", plan.Timeouts.Create, assignmentCreateTimeout, &resp.Diagnostics)
	defer cancel()

	orgID, personID := plan.OrgID.ValueString(), plan.PersonID.ValueString()
	plan.ID = types.StringValue(orgID + "/" + personID)
	release, err := r.webex.HoldAssignment(ctx, orgID, personID)
	if err != nil {
		shared.AddClientError(&resp.Diagnostics, "Unable to assign partner admin", err)
		return
	}
	defer release()

	// An assignment that exists before this Create began is someone else's
	// (made by hand, or by another workspace): taking it over would let this
	// resource's destroy revoke it. The check reads the customer's list
	// fresh, or takes one read fresh within webexapi.AssignedCheckWindow
	// with this provider's own writes since laid over it: one read serves
	// every create of the customer, not one read each.
	assigned, err := r.webex.IsAssigned(ctx, orgID, personID)
	switch {
	case err != nil:
		shared.AddClientError(&resp.Diagnostics, "Unable to assign partner admin: "+readBeforeAssignFailed(err), err)
		return
	case assigned:
		r.addAlreadyAssigned(&resp.Diagnostics, plan)
		return
	}

	found, err := r.webex.AssignPartnerAdmin(ctx, orgID, personID)
	switch {
	case err == nil:
	case webexapi.IsRefusal(err) && !client.AfterLostAttempt(err):
		// Webex's verdict on this very request. Its code for "already
		// assigned" is not documented, so a read tells an assignment made
		// since the check above (another workspace) from any other refusal.
		r.assignRefused(ctx, plan, err, &resp.Diagnostics)
		return
	case client.MayHaveActed(err):
		// Sent, and the answer lost (Ctrl-C, the timeout, a dropped
		// connection), or a refusal that followed a lost attempt: Webex may
		// have assigned. Record it rather than orphan a grant.
		r.recordUnknownOutcome(ctx, &plan, err, resp)
		return
	default:
		shared.AddClientError(&resp.Diagnostics, "Unable to assign partner admin", err)
		return
	}

	// Webex accepted the assignment. Unless the read sent with the assign
	// already listed it, wait until it is listed, so the refresh after
	// apply shows no drift.
	var waitErr error
	if found == nil {
		tflog.Debug(ctx, "The read sent with the assign did not list it; polling the customer's partner admins")
		found, waitErr = r.waitListed(ctx, orgID, personID)
	}
	if waitErr != nil {
		// Interrupted or out of time: one last read before giving up.
		found, _ = r.confirmAssignment(ctx, orgID, personID)
	}
	if found == nil {
		// Keep it in state (tainted) rather than orphan it.
		r.saveUnconfirmed(ctx, &plan, resp)
		resp.Diagnostics.AddError("Partner admin assigned but not confirmed",
			"Webex accepted the assignment, but it did not appear in the customer's partner admins: "+shared.ClientErrorDetail(waitErr)+
				"\n\nIt is saved in state (tainted): the next apply reads it again and replaces it, and destroy unassigns it.")
		return
	}
	resp.Diagnostics.Append(plan.fill(ctx, found)...)
	shared.SaveState(ctx, &resp.State, resp.Identity, &resp.Diagnostics, plan)
}

func (r *partnerAdminAssignmentResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state partnerAdminAssignmentModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !shared.RequireClient(r.webex, "Webex", &resp.Diagnostics) {
		return
	}
	ctx, cancel := shared.WithTimeout(ctx, "read", state.Timeouts.Read, assignmentReadTimeout, &resp.Diagnostics)
	defer cancel()

	admin, err := r.findAssignment(ctx, state.OrgID.ValueString(), state.PersonID.ValueString())
	switch {
	case client.IsNotFound(err):
		shared.RemoveFromState(ctx, resp, state.Identity()) // the customer organization is gone
		return
	case err != nil:
		shared.AddClientError(&resp.Diagnostics, "Unable to read partner admin assignment", err)
		return
	case admin == nil && shared.IsUnconfirmed(ctx, req.Private):
		// Saved after a write whose outcome is unknown, and perhaps not
		// visible yet: keep it (tainted), so the next apply replaces it and
		// destroy unassigns it, rather than forget a grant.
		shared.SetIdentity(ctx, resp.Identity, &resp.Diagnostics, state.Identity())
		return
	case admin == nil:
		shared.RemoveFromState(ctx, resp, state.Identity()) // unassigned outside Terraform
		return
	}
	resp.Diagnostics.Append(shared.MarkUnconfirmed(ctx, resp.Private, false)...) // seen: absence is proof again
	state.ID = types.StringValue(state.OrgID.ValueString() + "/" + state.PersonID.ValueString())
	resp.Diagnostics.Append(state.fill(ctx, admin)...)
	shared.SaveState(ctx, &resp.State, resp.Identity, &resp.Diagnostics, state)
}

// Update is never called with a change: both arguments force replacement and
// the rest is computed. Only the timeouts block can change, in state.
func (r *partnerAdminAssignmentResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	shared.UpdateInState[partnerAdminAssignmentModel](ctx, req, resp)
}

func (r *partnerAdminAssignmentResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state partnerAdminAssignmentModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !shared.RequireClient(r.webex, "Webex", &resp.Diagnostics) {
		return
	}
	ctx, cancel := shared.WithTimeout(ctx, "delete", state.Timeouts.Delete, assignmentDeleteTimeout, &resp.Diagnostics)
	defer cancel()

	orgID, personID := state.OrgID.ValueString(), state.PersonID.ValueString()
	gone, err := r.webex.UnassignPartnerAdmin(ctx, orgID, personID)
	switch {
	case err == nil && gone:
		// The read sent with the unassign no longer lists it.
	case err == nil:
		// Wait until it is gone from the list, so a replacement's create
		// (which refuses an existing assignment) does not still see it.
		if waitErr := r.waitUnlisted(ctx, orgID, personID); waitErr != nil {
			if admin, readErr := r.confirmAssignment(ctx, orgID, personID); readErr == nil && admin == nil {
				return
			}
			resp.Diagnostics.AddError("Partner admin unassigned but still listed",
				"Webex accepted the unassignment, but the partner admin is still listed among the customer's partner admins: "+
					shared.ClientErrorDetail(waitErr)+"\n\nThe assignment stays in state; the next destroy or apply checks it again.")
		}
	case webexapi.IsRefusal(err), client.MayHaveActed(err):
		// A refusal may mean "not assigned" (Webex documents no code for
		// it), and a lost answer may hide a done unassignment: a read that
		// shows the assignment absent means it is unassigned.
		var admin *webexapi.PartnerAdmin
		var readErr error
		if webexapi.IsRefusal(err) && ctx.Err() == nil {
			admin, readErr = r.findAssignment(client.WithFreshReads(ctx), orgID, personID)
		} else {
			admin, readErr = r.confirmAssignment(ctx, orgID, personID)
		}
		// A customer organization that is gone (404 on its list) has no
		// assignments left, as Read judges it.
		if (readErr == nil && admin == nil) || client.IsNotFound(readErr) {
			return
		}
		shared.AddClientError(&resp.Diagnostics, "Unable to unassign partner admin", err)
		if readErr != nil {
			resp.Diagnostics.AddError("Unable to check the partner admin assignment",
				"Reading the customer's partner admins after the failed unassignment also failed, so the assignment stays in state: "+shared.ClientErrorDetail(readErr))
		}
	default:
		shared.AddClientError(&resp.Diagnostics, "Unable to unassign partner admin", err)
	}
}

func (r *partnerAdminAssignmentResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id := shared.ImportID(ctx, req, &resp.Diagnostics, "org_id", "person_id")
	parts, err := shared.SplitImportID(id, "org_id", "person_id")
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
	shared.SetIdentity(ctx, resp.Identity, &resp.Diagnostics, partnerAdminAssignmentModel{OrgID: idOf(parts[0]), PersonID: idOf(parts[1])}.Identity())
}

// waitListed polls until the person is listed among the customer's partner
// admins, bounded by ctx. The first read may be shared with other resources
// of the same customer (the read cache); the later ones read fresh, or they
// would be served the page that did not list the person yet.
func (r *partnerAdminAssignmentResource) waitListed(ctx context.Context, orgID, personID string) (*webexapi.PartnerAdmin, error) {
	return r.waitAssignment(ctx, orgID, personID, true)
}

// waitUnlisted polls, as waitListed, until the person is no longer listed.
func (r *partnerAdminAssignmentResource) waitUnlisted(ctx context.Context, orgID, personID string) error {
	_, err := r.waitAssignment(ctx, orgID, personID, false)
	return err
}

func (r *partnerAdminAssignmentResource) waitAssignment(ctx context.Context, orgID, personID string, listed bool) (*webexapi.PartnerAdmin, error) {
	what := "the partner admin assignment to become visible"
	if !listed {
		what = "the partner admin assignment to disappear"
	}
	var found *webexapi.PartnerAdmin
	readCtx := ctx
	err := shared.WaitFor(ctx, what, shared.WaitOptions{}, func(ctx context.Context) (bool, error) {
		admin, err := r.findAssignment(readCtx, orgID, personID)
		readCtx = client.WithFreshReads(ctx)
		found = admin
		return err == nil && (admin != nil) == listed, err
	})
	return found, err
}

// confirmAssignment reads whether the person is assigned after a write whose
// outcome is unknown: a short poll while ctx lasts (a write may take a moment
// to become visible), then, if that did not show it, one read on
// ConfirmContext, which still runs after Ctrl-C or the timeouts deadline.
func (r *partnerAdminAssignmentResource) confirmAssignment(ctx context.Context, orgID, personID string) (*webexapi.PartnerAdmin, error) {
	if ctx.Err() == nil {
		pollCtx, cancel := context.WithTimeout(ctx, shared.ConfirmGrace)
		found, _ := r.waitAssignment(client.WithFreshReads(pollCtx), orgID, personID, true)
		cancel()
		if found != nil {
			return found, nil
		}
	}
	cctx, cancel := shared.ConfirmContext(ctx)
	defer cancel()
	return r.findAssignment(client.WithFreshReads(cctx), orgID, personID)
}

// findAssignment returns the person among the customer's partner admins, or
// nil.
func (r *partnerAdminAssignmentResource) findAssignment(ctx context.Context, orgID, personID string) (*webexapi.PartnerAdmin, error) {
	admins, err := r.webex.ListCustomerPartnerAdmins(ctx, orgID)
	if err != nil {
		return nil, err
	}
	return webexapi.FindAdmin(admins, personID), nil
}

func (m *partnerAdminAssignmentModel) fill(ctx context.Context, admin *webexapi.PartnerAdmin) (diags diag.Diagnostics) {
	m.DisplayName = types.StringValue(admin.DisplayName)
	m.RoleInCustomerOrg = types.StringValue(admin.RoleInCustomerOrg)
	emails := admin.Emails
	if emails == nil {
		emails = []string{}
	}
	m.Emails, diags = types.ListValueFrom(ctx, types.StringType, emails)
	return diags
}

// readBeforeAssignFailed names what failed when the check before assigning
// could not read the customer's partner admins.
func readBeforeAssignFailed(err error) string {
	if client.IsNotFound(err) {
		return "the customer organization was not found (check org_id)"
	}
	return "reading the customer organization's partner admins failed"
}

// addAlreadyAssigned reports an assignment this Create did not make.
func (r *partnerAdminAssignmentResource) addAlreadyAssigned(diags *diag.Diagnostics, plan partnerAdminAssignmentModel) {
	id := plan.OrgID.ValueString() + "/" + plan.PersonID.ValueString()
	shared.AddAlreadyExistsError(diags, "partneradmin_webex_partner_admin_assignment",
		fmt.Sprintf("the partner admin %s assigned to customer organization %s", plan.PersonID.ValueString(), plan.OrgID.ValueString()), id)
}

// assignRefused explains a refused assign: an assignment now listed was made
// by someone else since the check before assigning; otherwise the refusal
// itself is the error.
func (r *partnerAdminAssignmentResource) assignRefused(ctx context.Context, plan partnerAdminAssignmentModel, err error, diags *diag.Diagnostics) {
	admin, readErr := r.findAssignment(client.WithFreshReads(ctx), plan.OrgID.ValueString(), plan.PersonID.ValueString())
	if readErr == nil && admin != nil {
		r.addAlreadyAssigned(diags, plan)
		return
	}
	summary := "Unable to assign partner admin"
	if client.IsNotFound(err) {
		summary += ": customer organization or person not found (check org_id and person_id)"
	}
	shared.AddClientError(diags, summary, err)
}

// recordUnknownOutcome handles an assign whose outcome is unknown: confirmed
// by a read, it is saved as done; otherwise it is saved with an error, which
// Terraform records as tainted, so the next apply or destroy converges.
func (r *partnerAdminAssignmentResource) recordUnknownOutcome(ctx context.Context, plan *partnerAdminAssignmentModel, err error, resp *resource.CreateResponse) {
	found, readErr := r.confirmAssignment(ctx, plan.OrgID.ValueString(), plan.PersonID.ValueString())
	if found != nil {
		resp.Diagnostics.Append(plan.fill(ctx, found)...)
		resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
		shared.SetIdentity(ctx, resp.Identity, &resp.Diagnostics, plan.Identity())
		return
	}
	why := "it is not listed among the customer's partner admins yet"
	if readErr != nil {
		why = "reading it back failed: " + shared.ClientErrorDetail(readErr)
	}
	r.saveUnconfirmed(ctx, plan, resp)
	resp.Diagnostics.AddError("Partner admin assignment outcome unknown",
		"The assign request reached Webex, but its answer was lost, so Webex may or may not have made the assignment:\n\n"+
			shared.ClientErrorDetail(err)+"\n\nA read could not confirm it: "+why+".\n\n"+
			"It is saved in state (tainted), so it is not forgotten: the next apply reads it again and replaces it "+
			"(unassigning and assigning again), and destroy unassigns it.")
}

// saveUnconfirmed saves an assignment Webex may have made but no read has
// shown, marked in private state so that a refresh that does not list it
// yet keeps it (tainted) rather than forgetting a grant still becoming
// visible.
func (r *partnerAdminAssignmentResource) saveUnconfirmed(ctx context.Context, plan *partnerAdminAssignmentModel, resp *resource.CreateResponse) {
	plan.DisplayName, plan.RoleInCustomerOrg, plan.Emails = types.StringNull(), types.StringNull(), types.ListNull(types.StringType)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	shared.SetIdentity(ctx, resp.Identity, &resp.Diagnostics, plan.Identity())
	resp.Diagnostics.Append(shared.MarkUnconfirmed(ctx, resp.Private, true)...)
}
