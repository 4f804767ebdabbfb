package provider

import (
	"context"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/client"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/client/webex"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/webexid"
)

var (
	_ resource.Resource                = (*webexExecutiveAssistantResource)(nil)
	_ resource.ResourceWithConfigure   = (*webexExecutiveAssistantResource)(nil)
	_ resource.ResourceWithImportState = (*webexExecutiveAssistantResource)(nil)
	_ resource.ResourceWithIdentity    = (*webexExecutiveAssistantResource)(nil)
)

// NewWebexExecutiveAssistantResource is the resource factory.
func NewWebexExecutiveAssistantResource() resource.Resource {
	return &webexExecutiveAssistantResource{}
}

type webexExecutiveAssistantResource struct {
	webex *webex.Client
}

type webexExecutiveAssistantModel struct {
	ID       types.String   `tfsdk:"id"`
	PersonID types.String   `tfsdk:"person_id"`
	OrgID    types.String   `tfsdk:"org_id"`
	Type     types.String   `tfsdk:"type"`
	Timeouts timeouts.Value `tfsdk:"timeouts"`
}

const (
	webexEACreateTimeout = 5 * time.Minute
	webexEAReadTimeout   = 2 * time.Minute
	webexEAUpdateTimeout = 5 * time.Minute
	webexEADeleteTimeout = 5 * time.Minute
)

func (r *webexExecutiveAssistantResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_webex_executive_assistant"
}

func (r *webexExecutiveAssistantResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identitySchema(
		identityAttr{name: "person_id", description: "The person's Webex ID."},
		identityAttr{name: "org_id", description: "The person's Webex organization ID, when given in configuration (optional).", optional: true},
	)
}

// identity is the resource identity, from the arguments stored in state.
func (m webexExecutiveAssistantModel) identity() map[string]types.String {
	return map[string]types.String{"person_id": m.PersonID, "org_id": m.OrgID}
}

func (r *webexExecutiveAssistantResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages a person's Webex Calling executive-assistant setting: makes the person an " +
			"executive, an executive assistant, or neither. The person must be a Webex Calling user. The token needs " +
			"the `spark-admin:people_read` and `spark-admin:people_write` scopes and a full, user or location " +
			"administrator role (a partner administrator managing a customer's person sets `org_id`).\n\n" +
			"The setting always exists in Webex, so creating the resource changes it and destroying the resource " +
			"**sets `type` back to `UNASSIGNED`** (Webex has no delete). Pools of assistants and call forwarding are " +
			"not managed here.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The `person_id`, as given in the configuration.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"person_id": schema.StringAttribute{
				MarkdownDescription: "ID of the person, a Webex Calling user. Changing it replaces the resource (the " +
					"old person is set back to `UNASSIGNED`).",
				Required:      true,
				Validators:    []validator.String{webexID(webexid.TypePeople)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"org_id": schema.StringAttribute{
				MarkdownDescription: "ID of the organization the person belongs to. Only needed by administrators of " +
					"another organization, such as partners; by default the token's own organization. Sent as the " +
					"`orgId` query parameter only when set. Changing it replaces the resource.",
				Optional:      true,
				Validators:    []validator.String{webexID(webexid.TypeOrganization)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"type": schema.StringAttribute{
				MarkdownDescription: "The executive-assistant type: " + webexEATypeDescription + ".",
				Required:            true,
				Validators:          []validator.String{stringvalidator.OneOf(webexEATypes...)},
			},
			"timeouts": timeouts.Attributes(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
		},
	}
}

func (r *webexExecutiveAssistantResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.webex, _ = clientFrom(req.ProviderData, "Webex", func(pd *providerData) vendorClient[*webex.Client] { return pd.webex }, &resp.Diagnostics)
}

func (r *webexExecutiveAssistantResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan webexExecutiveAssistantModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !requireClient(r.webex, "Webex", &resp.Diagnostics) {
		return
	}
	ctx, cancel := withTimeout(ctx, plan.Timeouts.Create, webexEACreateTimeout, &resp.Diagnostics)
	defer cancel()

	if !r.set(ctx, &plan, &resp.Diagnostics) {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	setIdentity(ctx, resp.Identity, &resp.Diagnostics, plan.identity())
}

func (r *webexExecutiveAssistantResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state webexExecutiveAssistantModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.webex, "Webex", &resp.Diagnostics) {
		return
	}
	ctx, cancel := withTimeout(ctx, state.Timeouts.Read, webexEAReadTimeout, &resp.Diagnostics)
	defer cancel()

	ea, err := r.webex.GetExecutiveAssistant(ctx, state.PersonID.ValueString(), state.OrgID.ValueString())
	switch {
	case client.IsNotFound(err):
		removeFromState(ctx, resp, state.identity()) // the person is gone
		return
	case err != nil:
		addExecutiveAssistantError(&resp.Diagnostics, "Unable to read executive assistant settings", err)
		return
	}
	state.ID = types.StringValue(state.PersonID.ValueString())
	state.Type = types.StringValue(ea.Type)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	setIdentity(ctx, resp.Identity, &resp.Diagnostics, state.identity())
}

func (r *webexExecutiveAssistantResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state webexExecutiveAssistantModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.webex, "Webex", &resp.Diagnostics) {
		return
	}
	if plan.Type.Equal(state.Type) {
		// Only the timeouts block changed.
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		setIdentity(ctx, resp.Identity, &resp.Diagnostics, plan.identity())
		return
	}
	ctx, cancel := withTimeout(ctx, plan.Timeouts.Update, webexEAUpdateTimeout, &resp.Diagnostics)
	defer cancel()

	if !r.set(ctx, &plan, &resp.Diagnostics) {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	setIdentity(ctx, resp.Identity, &resp.Diagnostics, plan.identity())
}

// Delete sets the type back to UNASSIGNED: the setting always exists in
// Webex and there is no DELETE operation.
func (r *webexExecutiveAssistantResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state webexExecutiveAssistantModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.webex, "Webex", &resp.Diagnostics) {
		return
	}
	ctx, cancel := withTimeout(ctx, state.Timeouts.Delete, webexEADeleteTimeout, &resp.Diagnostics)
	defer cancel()

	err := r.webex.SetExecutiveAssistant(ctx, state.PersonID.ValueString(), state.OrgID.ValueString(), webexEATypeUnassigned)
	if err != nil && !client.IsNotFound(err) {
		addExecutiveAssistantError(&resp.Diagnostics, "Unable to set executive assistant type back to UNASSIGNED", err)
	}
}

// ImportState accepts "<person_id>" or "<org_id>/<person_id>".
func (r *webexExecutiveAssistantResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	var orgID, personID string
	id := importID(ctx, req, &resp.Diagnostics, "org_id", "person_id")
	if strings.Contains(id, "/") {
		parts, err := splitImportID(id, "org_id", "person_id")
		if err != nil {
			resp.Diagnostics.AddError("Invalid import ID", err.Error()+`; or give only "<person_id>"`)
			return
		}
		orgID, personID = parts[0], parts[1]
		if _, err := webexid.ParseType(orgID, webexid.TypeOrganization); err != nil {
			resp.Diagnostics.AddError("Invalid import ID", "The org_id part is not a Webex organization ID: "+err.Error())
		}
	} else {
		personID = id
	}
	if _, err := webexid.ParseType(personID, webexid.TypePeople); err != nil {
		resp.Diagnostics.AddError("Invalid import ID", `The person_id part is not a Webex person ID (expected "<person_id>" or "<org_id>/<person_id>"): `+err.Error())
	}
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), personID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("person_id"), personID)...)
	ident := webexExecutiveAssistantModel{PersonID: types.StringValue(personID), OrgID: types.StringNull()}
	if orgID != "" {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("org_id"), orgID)...)
		ident.OrgID = types.StringValue(orgID)
	}
	setIdentity(ctx, resp.Identity, &resp.Diagnostics, ident.identity())
}

// set PUTs the planned type and waits until a read shows it (writes may
// take a moment to become visible), so the next refresh shows no drift.
// It returns false after adding an error.
func (r *webexExecutiveAssistantResource) set(ctx context.Context, plan *webexExecutiveAssistantModel, diags *diag.Diagnostics) bool {
	personID, orgID, want := plan.PersonID.ValueString(), plan.OrgID.ValueString(), plan.Type.ValueString()
	if err := r.webex.SetExecutiveAssistant(ctx, personID, orgID, want); err != nil {
		addExecutiveAssistantError(diags, "Unable to set executive assistant type", err)
		return false
	}
	var got string
	waitErr := waitFor(ctx, "the executive assistant type to become visible", waitOptions{}, func(ctx context.Context) (bool, error) {
		ea, err := r.webex.GetExecutiveAssistant(ctx, personID, orgID)
		got = ea.Type
		return err == nil && ea.Type == want, err
	})
	if waitErr != nil {
		diags.AddError("Executive assistant type not confirmed",
			"Webex accepted the type "+want+", but reading it back gave "+quoteOrNone(got)+": "+clientErrorDetail(waitErr))
		return false
	}
	plan.ID = types.StringValue(personID)
	return true
}

func quoteOrNone(s string) string {
	if s == "" {
		return "nothing"
	}
	return `"` + s + `"`
}
