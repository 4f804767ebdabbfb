package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
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
	"github.com/partneradmin/terraform-provider-partneradmin/internal/client/cloudcockpit"
)

var (
	_ resource.Resource                = (*cloudCockpitAccessAssignmentResource)(nil)
	_ resource.ResourceWithConfigure   = (*cloudCockpitAccessAssignmentResource)(nil)
	_ resource.ResourceWithImportState = (*cloudCockpitAccessAssignmentResource)(nil)
	_ resource.ResourceWithIdentity    = (*cloudCockpitAccessAssignmentResource)(nil)
)

// NewCloudCockpitAccessAssignmentResource is the resource factory.
func NewCloudCockpitAccessAssignmentResource() resource.Resource {
	return &cloudCockpitAccessAssignmentResource{}
}

type cloudCockpitAccessAssignmentResource struct {
	cc *cloudcockpit.Client
}

type cloudCockpitAccessAssignmentModel struct {
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

const (
	// A new assignment can stay pending for a long time (Microsoft GDAP).
	cloudCockpitAssignmentCreateTimeout = 30 * time.Minute
	cloudCockpitAssignmentReadTimeout   = 2 * time.Minute
)

var (
	// A GDAP relationship id is a UUID, or (for relationships created in
	// Partner Center) two UUIDs joined by "-".
	gdapRelationshipIDRE = regexp.MustCompile(`^` + uuidPattern + `(-` + uuidPattern + `)?$`)
)

const cloudCockpitDeleteWarning = "CloudCockpit has no API to remove an access assignment, so the assignment of GDAP relationship %q " +
	"(provider instance %q) was only removed from the Terraform state: it still exists and still grants the portal's security group " +
	"its roles in the customer tenant. The relationship was not terminated.\n\n" +
	"To remove the access assignment, do it in Microsoft Partner Center (Customers → the customer → Admin relationships → the " +
	"relationship → Security groups) or with Microsoft Graph (DELETE /tenantRelationships/delegatedAdminRelationships/{id}/accessAssignments/{id})."

func (r *cloudCockpitAccessAssignmentResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cloudcockpit_access_assignment"
}

func (r *cloudCockpitAccessAssignmentResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identitySchema(
		identityAttr{name: "provider_instance_id", description: "The CloudCockpit provider instance ID (a UUID)."},
		identityAttr{name: "relationship_id", description: "The GDAP relationship ID."},
	)
}

// identity is the resource identity, from the arguments stored in state.
func (m cloudCockpitAccessAssignmentModel) identity() map[string]types.String {
	return map[string]types.String{"provider_instance_id": m.ProviderInstanceID, "relationship_id": m.RelationshipID}
}

func (r *cloudCockpitAccessAssignmentResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Links a Microsoft GDAP delegated-admin relationship with the security group configured in the " +
			"CloudCockpit portal (an *access assignment*), and waits until Microsoft reports it `active`. The relationship " +
			"must be active. The API Access needs the csp or reseller role.\n\n" +
			"**Destroying this resource does not remove the access assignment.** CloudCockpit has no API for that: destroy " +
			"only removes it from the Terraform state, with a warning, and never terminates the relationship. Remove the " +
			"assignment in Microsoft Partner Center or with Microsoft Graph.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The access assignment's id.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"relationship_id": schema.StringAttribute{
				MarkdownDescription: "ID of the GDAP delegated-admin relationship. Changing it replaces the resource.",
				Required:            true,
				Validators:          []validator.String{isGDAPRelationshipID()},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"provider_instance_id": schema.StringAttribute{
				MarkdownDescription: "ID (UUID) of the CloudCockpit provider instance where the relationship was created. Changing it replaces the resource.",
				Required:            true,
				Validators:          []validator.String{isUUID()},
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

func (r *cloudCockpitAccessAssignmentResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.cc, _ = clientFrom(req.ProviderData, "CloudCockpit", func(pd *providerData) vendorClient[*cloudcockpit.Client] { return pd.cloudcockpit }, &resp.Diagnostics)
}

// errAssignmentFailed is the wait's failure when the status turns error.
var errAssignmentFailed = errors.New("the access assignment turned to status error")

func (r *cloudCockpitAccessAssignmentResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan cloudCockpitAccessAssignmentModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !requireClient(r.cc, "CloudCockpit", &resp.Diagnostics) {
		return
	}
	// The timeout itself is quoted in the error if the wait runs out.
	timeout, diags := plan.Timeouts.Create(ctx, cloudCockpitAssignmentCreateTimeout)
	resp.Diagnostics.Append(diags...)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	pid, rid := plan.ProviderInstanceID.ValueString(), plan.RelationshipID.ValueString()
	summary := "Unable to create CloudCockpit access assignment"

	// An assignment left by an earlier apply (a create that timed out, or a
	// destroy, which cannot remove it) is adopted: POSTing again would be
	// refused, since a relationship has at most one for the group.
	existing, err := r.find(ctx, pid, rid, "")
	if err != nil {
		addClientError(&resp.Diagnostics, summary, err)
		return
	}
	if existing == nil {
		err := r.cc.CreateAccessAssignment(ctx, pid, rid)
		if client.StatusOf(err) == http.StatusBadRequest {
			// A POST retried after its response was lost is refused: the
			// first attempt made the assignment. Adopt it if it is listed.
			if made, findErr := r.find(ctx, pid, rid, ""); findErr == nil && made != nil {
				err = nil
			}
		}
		if err != nil {
			detail := clientErrorDetail(err)
			if client.StatusOf(err) == http.StatusBadRequest {
				detail = fmt.Sprintf("CloudCockpit refused to link GDAP relationship %q (provider instance %q) with the portal's "+
					"security group. The relationship must be active (not approved, terminated or expired) and must not already "+
					"have an access assignment for that group; CloudCockpit's answer gives the relationship's status:\n\n%s", rid, pid, detail)
			}
			resp.Diagnostics.AddError(summary, detail)
			return
		}
	}

	// Poll until active: Microsoft turns a new assignment active asynchronously.
	var found *cloudcockpit.AccessAssignment
	waitErr := waitFor(ctx, "the CloudCockpit access assignment to become active", waitOptions{max: 30 * time.Second}, func(ctx context.Context) (bool, error) {
		a, err := r.find(ctx, pid, rid, "")
		if err != nil {
			return false, err
		}
		if a != nil {
			found = a
		}
		switch {
		case a == nil:
			return false, nil // not listed yet
		case cloudcockpit.StatusIs(a.Status.Name, cloudcockpit.StatusError):
			return false, errAssignmentFailed
		}
		return cloudcockpit.StatusIs(a.Status.Name, cloudcockpit.StatusActive), nil
	})
	if waitErr == nil {
		resp.Diagnostics.Append(plan.fill(ctx, found)...)
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		setIdentity(ctx, resp.Identity, &resp.Diagnostics, plan.identity())
		return
	}
	// Keep what CloudCockpit accepted in state, so nothing is orphaned.
	if found != nil {
		resp.Diagnostics.Append(plan.fill(ctx, found)...)
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		setIdentity(ctx, resp.Identity, &resp.Diagnostics, plan.identity())
	}
	status := "not listed yet"
	if found != nil {
		status = found.Status.Name
	}
	switch {
	case errors.Is(waitErr, errAssignmentFailed):
		resp.Diagnostics.AddError("CloudCockpit access assignment failed",
			fmt.Sprintf("The access assignment of GDAP relationship %q (provider instance %q) turned to status %q: Microsoft could not "+
				"link the relationship with the portal's security group. Check the relationship and the group's roles in Partner Center, "+
				"remove the failed assignment there, and apply again.", rid, pid, status))
	case errors.Is(waitErr, errWaitTimeout):
		resp.Diagnostics.AddError("Timed out waiting for the CloudCockpit access assignment",
			fmt.Sprintf("The access assignment of GDAP relationship %q (provider instance %q) is still %q after %s (%s). It is saved in "+
				"state with its current status; the next apply picks it up and waits again. Raise timeouts.create if Microsoft is slow.",
				rid, pid, status, timeout, waitErr))
	default:
		addClientError(&resp.Diagnostics, "Unable to confirm CloudCockpit access assignment", waitErr)
	}
}

func (r *cloudCockpitAccessAssignmentResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state cloudCockpitAccessAssignmentModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.cc, "CloudCockpit", &resp.Diagnostics) {
		return
	}
	ctx, cancel := withTimeout(ctx, state.Timeouts.Read, cloudCockpitAssignmentReadTimeout, &resp.Diagnostics)
	defer cancel()

	a, err := r.find(ctx, state.ProviderInstanceID.ValueString(), state.RelationshipID.ValueString(), state.ID.ValueString())
	switch {
	case client.IsNotFound(err):
		removeFromState(ctx, resp, state.identity())
		return
	case err != nil:
		addClientError(&resp.Diagnostics, "Unable to read CloudCockpit access assignment", err)
		return
	case a == nil, cloudcockpit.StatusIs(a.Status.Name, cloudcockpit.StatusDeleted), cloudcockpit.StatusIs(a.Status.Name, cloudcockpit.StatusDeleting):
		removeFromState(ctx, resp, state.identity()) // removed outside Terraform
		return
	}
	resp.Diagnostics.Append(state.fill(ctx, a)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	setIdentity(ctx, resp.Identity, &resp.Diagnostics, state.identity())
}

// Update is never called with a change: both arguments force replacement and
// the rest is computed. Only the timeouts block can change, in state.
func (r *cloudCockpitAccessAssignmentResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan cloudCockpitAccessAssignmentModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	setIdentity(ctx, resp.Identity, &resp.Diagnostics, plan.identity())
}

// Delete only forgets the assignment: CloudCockpit cannot remove it, and the
// relationship is never terminated.
func (r *cloudCockpitAccessAssignmentResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state cloudCockpitAccessAssignmentModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.AddWarning("CloudCockpit access assignment removed from state only",
		fmt.Sprintf(cloudCockpitDeleteWarning, state.RelationshipID.ValueString(), state.ProviderInstanceID.ValueString()))
}

func (r *cloudCockpitAccessAssignmentResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	parts, err := splitImportID(importID(ctx, req, &resp.Diagnostics, "provider_instance_id", "relationship_id"), "provider_instance_id", "relationship_id")
	if err != nil {
		resp.Diagnostics.AddError("Invalid import ID", err.Error())
		return
	}
	if !uuidRE.MatchString(parts[0]) {
		resp.Diagnostics.AddError("Invalid import ID", fmt.Sprintf("The provider_instance_id part must be a UUID, got %q.", truncateForDiag(parts[0])))
	}
	if !gdapRelationshipIDRE.MatchString(parts[1]) {
		resp.Diagnostics.AddError("Invalid import ID", fmt.Sprintf("The relationship_id part must be a GDAP relationship ID, got %q.", truncateForDiag(parts[1])))
	}
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("provider_instance_id"), parts[0])...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("relationship_id"), parts[1])...)
	setIdentity(ctx, resp.Identity, &resp.Diagnostics, cloudCockpitAccessAssignmentModel{ProviderInstanceID: types.StringValue(parts[0]), RelationshipID: types.StringValue(parts[1])}.identity())
}

// find returns the relationship's assignment with id, or, when id is empty,
// the live one (not deleted or deleting; the list holds only the portal's
// security group), or nil.
func (r *cloudCockpitAccessAssignmentResource) find(ctx context.Context, pid, rid, id string) (*cloudcockpit.AccessAssignment, error) {
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
		if !cloudcockpit.StatusIs(a.Status.Name, cloudcockpit.StatusDeleted) && !cloudcockpit.StatusIs(a.Status.Name, cloudcockpit.StatusDeleting) {
			return a, nil
		}
	}
	return nil, nil
}

func (m *cloudCockpitAccessAssignmentModel) fill(ctx context.Context, a *cloudcockpit.AccessAssignment) (diags diag.Diagnostics) {
	m.ID = types.StringValue(a.ID)
	m.Status = types.StringValue(a.Status.Name)
	m.SecurityGroupID = types.StringValue(a.AccessContainer.AccessContainerID)
	m.CreatedAt = types.StringValue(a.CreatedDateTime)
	m.LastModifiedAt = types.StringValue(a.LastModifiedDateTime)
	m.RoleDefinitionIDs, diags = types.ListValueFrom(ctx, types.StringType, a.RoleDefinitionIDs())
	return diags
}
