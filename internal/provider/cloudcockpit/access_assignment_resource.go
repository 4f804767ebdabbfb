package cloudcockpit

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
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

	"github.com/partneradmin/terraform-provider-partneradmin/internal/client"
	cloudcockpitapi "github.com/partneradmin/terraform-provider-partneradmin/internal/client/cloudcockpit"
)

var (
	_ resource.Resource                = (*accessAssignmentResource)(nil)
	_ resource.ResourceWithConfigure   = (*accessAssignmentResource)(nil)
	_ resource.ResourceWithImportState = (*accessAssignmentResource)(nil)
	_ resource.ResourceWithIdentity    = (*accessAssignmentResource)(nil)
)

const (
	// AccessAssignmentType is the resource type name.
	AccessAssignmentType = "partneradmin_cloudcockpit_access_assignment"

	createFailed = "Unable to create CloudCockpit access assignment"

	// A new assignment can stay pending for a long time (Microsoft GDAP).
	createTimeout = 30 * time.Minute
	readTimeout   = 2 * time.Minute

	// adoptWindow bounds the poll for an assignment that a create whose
	// answer was lost may have made: CloudCockpit may list it only a while
	// after accepting it, but a create that did not act must not wait out
	// the whole create timeout.
	adoptWindow = time.Minute
)

// errAssignmentFailed is the wait's failure when the status turns error.
var errAssignmentFailed = errors.New("the access assignment turned to status error")

// deleteWarning is what a Delete says: CloudCockpit cannot remove an
// assignment.
const deleteWarning = "CloudCockpit has no API to remove an access assignment, so the assignment of GDAP relationship %q " +
	"(provider instance %q) was only removed from the Terraform state: it still exists and still grants the portal's security group " +
	"its roles in the customer tenant. The relationship was not terminated.\n\n" +
	"When this destroy is part of a replacement in the same run, the new resource takes the assignment back instead of making another.\n\n" +
	"To remove the access assignment, do it in Microsoft Partner Center (Customers → the customer → Admin relationships → the " +
	"relationship → Security groups) or with Microsoft Graph (DELETE /tenantRelationships/delegatedAdminRelationships/{id}/accessAssignments/{id})."

// NewAccessAssignmentResource is the resource factory.
func NewAccessAssignmentResource() resource.Resource {
	return &accessAssignmentResource{}
}

type accessAssignmentResource struct {
	cc *cloudcockpitapi.Client
}

type accessAssignmentModel struct {
	ID                 types.String   `tfsdk:"id"`
	RelationshipID     types.String   `tfsdk:"relationship_id"`
	ProviderInstanceID types.String   `tfsdk:"provider_instance_id"`
	Status             types.String   `tfsdk:"status"`
	SecurityGroupID    types.String   `tfsdk:"security_group_id"`
	RoleDefinitionIDs  types.List     `tfsdk:"role_definition_ids"`
	CreatedAt          types.String   `tfsdk:"created_at"`
	LastModifiedAt     types.String   `tfsdk:"last_modified_at"`
	Timeouts           timeouts.Value `tfsdk:"timeouts"`
}

func (r *accessAssignmentResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = shared.IdentitySchema(
		shared.IdentityAttr{Name: "provider_instance_id", Description: "The CloudCockpit provider instance ID (a UUID)."},
		shared.IdentityAttr{Name: "relationship_id", Description: "The GDAP relationship ID."},
	)
}

// identity is the resource identity, from the arguments stored in state.
func (m accessAssignmentModel) Identity() map[string]types.String {
	return map[string]types.String{"provider_instance_id": m.ProviderInstanceID, "relationship_id": m.RelationshipID}
}

func (r *accessAssignmentResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cloudcockpit_access_assignment"
}

func (r *accessAssignmentResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Links a Microsoft GDAP delegated-admin relationship with the security group configured in the " +
			"CloudCockpit portal (an *access assignment*), and waits until Microsoft reports it `active`. The relationship " +
			"must be active. The API Access needs the csp or reseller role.\n\n" +
			"**Destroying this resource does not remove the access assignment.** CloudCockpit has no API for that: destroy " +
			"only removes it from the Terraform state, with a warning, and never terminates the relationship. Remove the " +
			"assignment in Microsoft Partner Center or with Microsoft Graph.\n\n" +
			"A create fails if the relationship already has a live assignment for the portal's group that this run did not make " +
			"(made by hand, or managed by another workspace): the error gives the import ID (`<provider_instance_id>/<relationship_id>`). " +
			"A create whose answer was lost (a timeout, Ctrl-C, a dropped connection) is saved in state: as is when CloudCockpit " +
			"then lists the assignment, tainted otherwise, so the next apply takes over what it made instead of failing.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The access assignment's id.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"relationship_id": schema.StringAttribute{
				MarkdownDescription: "ID of the GDAP delegated-admin relationship (Microsoft's are a UUID, or two joined by `-`; any string " +
					"is accepted that is safe as one URL path segment: not empty, no `/`, `\\`, `?`, `#`, `%`, control characters or " +
					"surrounding spaces, not `.` or `..`). Changing it replaces the resource.",
				Required:      true,
				Validators:    []validator.String{isGDAPRelationshipID()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"provider_instance_id": schema.StringAttribute{
				MarkdownDescription: "ID (UUID) of the CloudCockpit provider instance where the relationship was created. Changing it replaces the resource.",
				Required:            true,
				Validators:          []validator.String{shared.IsUUID()},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "The assignment's status as CloudCockpit reports it: `pending`, `active`, `deleting`, `deleted` or `error`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"security_group_id": schema.StringAttribute{
				MarkdownDescription: "ID of the Entra ID security group (the access container) configured in the portal.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"role_definition_ids": schema.ListAttribute{
				MarkdownDescription: "IDs of the Entra ID roles the assignment grants.",
				ElementType:         types.StringType,
				Computed:            true,
				PlanModifiers:       []planmodifier.List{listplanmodifier.UseStateForUnknown()},
			},
			"created_at": schema.StringAttribute{
				MarkdownDescription: "When the assignment was created (RFC 3339).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"last_modified_at": schema.StringAttribute{
				MarkdownDescription: "When the assignment last changed (RFC 3339).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"timeouts": timeouts.Attributes(ctx, timeouts.Opts{Create: true, Read: true}),
		},
	}
}

func (r *accessAssignmentResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.cc = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *accessAssignmentResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan accessAssignmentModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !shared.RequireClient(r.cc, "CloudCockpit", &resp.Diagnostics) {
		return
	}
	// The timeout itself is quoted in the error if the wait runs out.
	timeout, diags := plan.Timeouts.Create(ctx, createTimeout)
	resp.Diagnostics.Append(diags...)
	opCtx := ctx
	ctx, cancel := shared.WithNamedTimeout(ctx, "create", timeout)
	defer cancel()

	pid, rid := plan.ProviderInstanceID.ValueString(), plan.RelationshipID.ValueString()
	found, ok := r.takeBackReleased(ctx, pid, rid, &resp.Diagnostics)
	if !ok {
		return
	}
	if found == nil {
		if found, ok = r.post(ctx, opCtx, &plan, resp, timeout); !ok {
			return
		}
	}
	found, waitErr := r.waitActive(ctx, pid, rid, found)
	// CloudCockpit accepted the assignment: whatever stopped the wait, it is
	// recorded, so nothing is orphaned (state with an error: tainted, and
	// the next apply takes it back and waits again).
	if waitErr != nil && found == nil {
		found = r.confirmFind(opCtx, pid, rid)
	}
	r.record(ctx, &plan, found, resp)
	if waitErr != nil {
		addWaitError(&resp.Diagnostics, pid, rid, found, waitErr, timeout)
	}
}

func (r *accessAssignmentResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state accessAssignmentModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !shared.RequireClient(r.cc, "CloudCockpit", &resp.Diagnostics) {
		return
	}
	ctx, cancel := shared.WithTimeout(ctx, "read", state.Timeouts.Read, readTimeout, &resp.Diagnostics)
	defer cancel()

	pid, rid := state.ProviderInstanceID.ValueString(), state.RelationshipID.ValueString()
	summary := "Unable to read CloudCockpit access assignment"
	a, err := r.find(ctx, pid, rid, state.ID.ValueString())
	switch {
	case client.IsNotFound(err):
		shared.RemoveFromState(ctx, resp, state.Identity())
		return
	case err != nil && errors.Is(err, context.DeadlineExceeded):
		resp.Diagnostics.AddError(summary, fmt.Sprintf("The access assignment of GDAP relationship %q (provider instance %q) is kept in "+
			"state unchanged.\n\n%s", rid, pid, shared.ClientErrorDetail(err)))
		return
	case cloudcockpitapi.IsRelationshipRefused(err):
		// Not proof the assignment is gone: keep it, and say what to check.
		resp.Diagnostics.AddError(summary, fmt.Sprintf("CloudCockpit refused to list the access assignments of GDAP relationship %q "+
			"(provider instance %q): the relationship may have been terminated or removed, or may not belong to that provider instance. "+
			"The assignment is kept in state, since this answer does not prove it is gone. If the relationship no longer exists, remove "+
			"the resource from state (terraform state rm, or a removed block).\n\n%s", rid, pid, shared.ClientErrorDetail(err)))
		return
	case err != nil:
		shared.AddClientError(&resp.Diagnostics, summary, err)
		return
	case a == nil && shared.IsUnconfirmed(ctx, req.Private):
		// A lost create not listed yet: no proof either way, keep it.
		shared.SetIdentity(ctx, resp.Identity, &resp.Diagnostics, state.Identity())
		return
	case a == nil, cloudcockpitapi.StatusIs(a.Status.Name, cloudcockpitapi.StatusDeleted), cloudcockpitapi.StatusIs(a.Status.Name, cloudcockpitapi.StatusDeleting):
		shared.RemoveFromState(ctx, resp, state.Identity()) // removed outside Terraform
		return
	}
	resp.Diagnostics.Append(shared.MarkUnconfirmed(ctx, resp.Private, false)...)
	resp.Diagnostics.Append(state.fill(ctx, a)...)
	shared.SaveState(ctx, &resp.State, resp.Identity, &resp.Diagnostics, state)
}

// Update is never called with a change: both arguments force replacement and
// the rest is computed. Only the timeouts block can change, in state.
func (r *accessAssignmentResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	shared.UpdateInState[accessAssignmentModel](ctx, req, resp)
}

// Delete only forgets the assignment: CloudCockpit cannot remove it, and the
// relationship is never terminated. A Create in the same run may take it
// back (a replacement), see released.
func (r *accessAssignmentResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state accessAssignmentModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if r.cc != nil {
		released.Store(r.releaseKey(state.ProviderInstanceID.ValueString(), state.RelationshipID.ValueString()), struct{}{})
	}
	resp.Diagnostics.AddWarning("CloudCockpit access assignment removed from state only",
		fmt.Sprintf(deleteWarning, state.RelationshipID.ValueString(), state.ProviderInstanceID.ValueString()))
}

func (r *accessAssignmentResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	parts, err := shared.SplitImportID(shared.ImportID(ctx, req, &resp.Diagnostics, "provider_instance_id", "relationship_id"), "provider_instance_id", "relationship_id")
	if err != nil {
		resp.Diagnostics.AddError("Invalid import ID", err.Error())
		return
	}
	if !shared.MatchesUUID(parts[0]) {
		resp.Diagnostics.AddError("Invalid import ID", fmt.Sprintf("The provider_instance_id part must be a UUID, got %q.", shared.TruncateForDiag(parts[0])))
	}
	if err := cloudcockpitapi.CheckRelationshipID(parts[1]); err != nil {
		resp.Diagnostics.AddError("Invalid import ID", fmt.Sprintf("The relationship_id part %q %s.", shared.TruncateForDiag(parts[1]), err))
	}
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("provider_instance_id"), parts[0])...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("relationship_id"), parts[1])...)
	shared.SetIdentity(ctx, resp.Identity, &resp.Diagnostics, accessAssignmentModel{ProviderInstanceID: types.StringValue(parts[0]), RelationshipID: types.StringValue(parts[1])}.Identity())
}

// takeBackReleased looks for an assignment that is there before this create
// begins. A relationship has at most one assignment for the portal's group,
// and there is no API to remove one: an assignment found belongs to someone
// else (another workspace, a person) unless this process's own Delete just
// released it, and then it is taken back. It returns that assignment, or nil;
// false when the create stops here.
func (r *accessAssignmentResource) takeBackReleased(ctx context.Context, pid, rid string, diags *diag.Diagnostics) (*cloudcockpitapi.AccessAssignment, bool) {
	existing, err := r.find(ctx, pid, rid, "")
	if err != nil {
		shared.AddClientError(diags, createFailed, err)
		return nil, false
	}
	if existing == nil {
		return nil, true
	}
	if _, ours := released.LoadAndDelete(r.releaseKey(pid, rid)); !ours {
		shared.AddAlreadyExistsError(diags, AccessAssignmentType,
			fmt.Sprintf("CloudCockpit access assignment %s of GDAP relationship %q (provider instance %q, status %q)", existing.ID, rid, pid, existing.Status.Name),
			pid+"/"+rid)
		return nil, false
	}
	return existing, true
}

// post asks CloudCockpit for the assignment. It returns the assignment a
// create whose answer was lost turned out to have made, if any; false when
// the create ended here (refused, or its outcome recorded already).
func (r *accessAssignmentResource) post(ctx, opCtx context.Context, plan *accessAssignmentModel, resp *resource.CreateResponse, timeout time.Duration) (*cloudcockpitapi.AccessAssignment, bool) {
	pid, rid := plan.ProviderInstanceID.ValueString(), plan.RelationshipID.ValueString()
	err := r.cc.CreateAccessAssignment(ctx, pid, rid)
	switch {
	case err == nil:
		return nil, true
	case client.MayHaveActed(err):
		// The answer was lost (or a retry after a lost attempt was
		// refused, as the lost attempt had made it): look for what it
		// may have made before deciding.
		found, done := r.confirmLostCreate(ctx, opCtx, plan, resp, err, timeout)
		return found, !done
	}
	detail := shared.ClientErrorDetail(err)
	if cloudcockpitapi.IsRelationshipRefused(err) {
		detail = fmt.Sprintf("CloudCockpit refused to link GDAP relationship %q (provider instance %q) with the portal's "+
			"security group. The relationship must be active (not approved, terminated or expired) and must not already "+
			"have an access assignment for that group; CloudCockpit's answer gives the relationship's status:\n\n%s", rid, pid, detail)
	}
	resp.Diagnostics.AddError(createFailed, detail)
	return nil, false
}

// confirmLostCreate looks for the assignment a create whose answer was lost
// may have made. With time left it polls for adoptWindow (CloudCockpit may
// list a new assignment late); once the create's context has ended (the
// timeout, Ctrl-C) it reads once with shared.ConfirmContext. Found with time
// left, the create goes on to wait for it (done is false). Otherwise the
// outcome is recorded now: a confirmed assignment in state without error, an
// unconfirmed one in state with an error, so Terraform taints it and the
// next apply converges.
func (r *accessAssignmentResource) confirmLostCreate(ctx, opCtx context.Context, plan *accessAssignmentModel,
	resp *resource.CreateResponse, createErr error, timeout time.Duration) (found *cloudcockpitapi.AccessAssignment, done bool) {
	pid, rid := plan.ProviderInstanceID.ValueString(), plan.RelationshipID.ValueString()
	if ctx.Err() == nil {
		pollCtx, cancel := context.WithTimeout(client.WithFreshReads(ctx), adoptWindow)
		_ = shared.WaitFor(pollCtx, "the CloudCockpit access assignment to be listed", shared.WaitOptions{Max: 5 * time.Second}, func(ctx context.Context) (bool, error) {
			a, err := r.find(ctx, pid, rid, "")
			if err == nil && a != nil {
				found = a
			}
			return found != nil, nil // errors only end the poll at its deadline
		})
		cancel()
		if found != nil {
			return found, false
		}
	}
	if found == nil {
		found = r.confirmFind(opCtx, pid, rid)
	}
	if found != nil {
		r.record(ctx, plan, found, resp)
		if !cloudcockpitapi.StatusIs(found.Status.Name, cloudcockpitapi.StatusActive) {
			resp.Diagnostics.AddWarning("CloudCockpit access assignment not active yet",
				fmt.Sprintf("The answer to the create of the access assignment of GDAP relationship %q (provider instance %q) was lost, and "+
					"the operation ended before the assignment became active; CloudCockpit lists it as %q. It is saved in state with that "+
					"status, and a refresh updates it.", rid, pid, found.Status.Name))
		}
		return found, true
	}
	r.record(ctx, plan, nil, resp)
	resp.Diagnostics.AddError("CloudCockpit access assignment may have been created",
		fmt.Sprintf("The request to link GDAP relationship %q (provider instance %q) with the portal's security group was sent, but its "+
			"answer was lost, and CloudCockpit did not list an assignment afterwards (create timeout %s). CloudCockpit may still have "+
			"made it. It is saved in state as tainted, so it is not forgotten: the next apply looks for it again, takes it over if "+
			"CloudCockpit lists it, and creates it otherwise.\n\n%s", rid, pid, timeout, shared.ClientErrorDetail(createErr)))
	return nil, true
}

// waitActive polls until the assignment is active: Microsoft turns a new
// assignment active asynchronously. It returns the assignment last listed
// (found until one is) and what stopped the wait, if it did not end active.
func (r *accessAssignmentResource) waitActive(ctx context.Context, pid, rid string, found *cloudcockpitapi.AccessAssignment) (*cloudcockpitapi.AccessAssignment, error) {
	pollCtx := client.WithFreshReads(ctx)
	err := shared.WaitFor(pollCtx, "the CloudCockpit access assignment to become active", shared.WaitOptions{Max: 30 * time.Second}, func(ctx context.Context) (bool, error) {
		a, err := r.find(ctx, pid, rid, "")
		if err != nil {
			if ctx.Err() != nil {
				return false, nil //nolint:nilerr // the deadline or an interrupt: shared.WaitFor reports it with what it waited for
			}
			return false, err
		}
		if a != nil {
			found = a
		}
		switch {
		case a == nil:
			return false, nil // not listed yet
		case cloudcockpitapi.StatusIs(a.Status.Name, cloudcockpitapi.StatusError):
			return false, errAssignmentFailed
		}
		return cloudcockpitapi.StatusIs(a.Status.Name, cloudcockpitapi.StatusActive), nil
	})
	return found, err
}

// confirmFind reads the live assignment once, after the operation's context
// if need be (shared.ConfirmContext); nil when there is none or the read
// fails.
func (r *accessAssignmentResource) confirmFind(opCtx context.Context, pid, rid string) *cloudcockpitapi.AccessAssignment {
	cctx, cancel := shared.ConfirmContext(opCtx)
	defer cancel()
	a, err := r.find(client.WithFreshReads(cctx), pid, rid, "")
	if err != nil {
		return nil
	}
	return a
}

// record saves the assignment in state (a is nil when a lost create could
// not be confirmed: the computed attributes stay null and private state
// marks it unconfirmed).
func (r *accessAssignmentResource) record(ctx context.Context, plan *accessAssignmentModel, a *cloudcockpitapi.AccessAssignment, resp *resource.CreateResponse) {
	if a != nil {
		resp.Diagnostics.Append(plan.fill(ctx, a)...)
	} else {
		plan.ID, plan.Status, plan.SecurityGroupID = types.StringNull(), types.StringNull(), types.StringNull()
		plan.CreatedAt, plan.LastModifiedAt = types.StringNull(), types.StringNull()
		plan.RoleDefinitionIDs = types.ListNull(types.StringType)
		resp.Diagnostics.Append(shared.MarkUnconfirmed(ctx, resp.Private, true)...)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	shared.SetIdentity(ctx, resp.Identity, &resp.Diagnostics, plan.Identity())
}

// addWaitError says why the wait for an active assignment stopped; the
// assignment (found, nil if not listed) is in state already.
func addWaitError(diags *diag.Diagnostics, pid, rid string, found *cloudcockpitapi.AccessAssignment, waitErr error, timeout time.Duration) {
	status := "not listed yet"
	if found != nil {
		status = found.Status.Name
	}
	switch {
	case errors.Is(waitErr, errAssignmentFailed):
		diags.AddError("CloudCockpit access assignment failed",
			fmt.Sprintf("The access assignment of GDAP relationship %q (provider instance %q) turned to status %q: Microsoft could not "+
				"link the relationship with the portal's security group. Check the relationship and the group's roles in Partner Center, "+
				"remove the failed assignment there, and apply again.", rid, pid, status))
	case errors.Is(waitErr, shared.ErrWaitTimeout):
		diags.AddError("Timed out waiting for the CloudCockpit access assignment",
			fmt.Sprintf("The access assignment of GDAP relationship %q (provider instance %q) is still %q after %s (%s). It is saved in "+
				"state with its current status; the next apply picks it up and waits again. Raise timeouts.create if Microsoft is slow.",
				rid, pid, status, timeout, waitErr))
	default:
		diags.AddError("Unable to confirm CloudCockpit access assignment",
			fmt.Sprintf("CloudCockpit accepted the access assignment of GDAP relationship %q (provider instance %q), but waiting for it "+
				"to become active stopped (status %q): %s\n\nIt is saved in state; the next apply picks it up and waits again.",
				rid, pid, status, shared.ClientErrorDetail(waitErr)))
	}
}

// find returns the relationship's assignment with id, or, when id is empty,
// the live one (not deleted or deleting; the list holds only the portal's
// security group), or nil.
func (r *accessAssignmentResource) find(ctx context.Context, pid, rid, id string) (*cloudcockpitapi.AccessAssignment, error) {
	list, err := r.cc.ListAccessAssignments(ctx, pid, rid)
	if err != nil {
		return nil, err
	}
	for i := range list {
		a := &list[i]
		if id != "" {
			if a.ID == id {
				return a, nil
			}
			continue
		}
		if !cloudcockpitapi.StatusIs(a.Status.Name, cloudcockpitapi.StatusDeleted) && !cloudcockpitapi.StatusIs(a.Status.Name, cloudcockpitapi.StatusDeleting) {
			return a, nil
		}
	}
	return nil, nil
}

func (m *accessAssignmentModel) fill(ctx context.Context, a *cloudcockpitapi.AccessAssignment) (diags diag.Diagnostics) {
	m.ID = types.StringValue(a.ID)
	m.Status = types.StringValue(a.Status.Name)
	m.SecurityGroupID = types.StringValue(a.AccessContainer.AccessContainerID)
	m.CreatedAt = types.StringValue(a.CreatedDateTime)
	m.LastModifiedAt = types.StringValue(a.LastModifiedDateTime)
	m.RoleDefinitionIDs, diags = types.ListValueFrom(ctx, types.StringType, a.RoleDefinitionIDs())
	return diags
}

// released holds the assignments that a Delete in this provider process
// removed from state. CloudCockpit cannot remove an assignment, so replacing
// a resource (tainted after a lost answer or a timeout, or -replace) is a
// Delete that only forgets, then a Create that finds the same assignment:
// the Create takes it back instead of refusing it as someone else's. Another
// workspace, or a person, never released it here, so theirs is still
// refused.
var released sync.Map // releasedKey → struct{}

type releasedKey struct {
	api      *cloudcockpitapi.Client
	pid, rid string // lower case
}

func (r *accessAssignmentResource) releaseKey(pid, rid string) releasedKey {
	return releasedKey{api: r.cc, pid: strings.ToLower(pid), rid: strings.ToLower(rid)}
}
