package webex

import (
	"context"
	"strings"
	"time"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/shared"

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
	webexapi "github.com/partneradmin/terraform-provider-partneradmin/internal/client/webex"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/webexid"
)

var (
	_ resource.Resource                = (*executiveAssistantResource)(nil)
	_ resource.ResourceWithConfigure   = (*executiveAssistantResource)(nil)
	_ resource.ResourceWithImportState = (*executiveAssistantResource)(nil)
	_ resource.ResourceWithIdentity    = (*executiveAssistantResource)(nil)
)

// NewExecutiveAssistantResource is the resource factory.
func NewExecutiveAssistantResource() resource.Resource {
	return &executiveAssistantResource{}
}

type executiveAssistantResource struct {
	webex *webexapi.Client
}

type executiveAssistantModel struct {
	ID       types.String   `tfsdk:"id"`
	PersonID idValue        `tfsdk:"person_id"`
	OrgID    idValue        `tfsdk:"org_id"`
	Type     types.String   `tfsdk:"type"`
	Timeouts timeouts.Value `tfsdk:"timeouts"`
}

const (
	eaCreateTimeout = 5 * time.Minute
	eaReadTimeout   = 2 * time.Minute
	eaUpdateTimeout = 5 * time.Minute
	eaDeleteTimeout = 5 * time.Minute
)

func (r *executiveAssistantResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_webex_executive_assistant"
}

func (r *executiveAssistantResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = shared.IdentitySchema(
		shared.IdentityAttr{Name: "person_id", Description: "The person's Webex ID."},
		shared.IdentityAttr{Name: "org_id", Description: "The person's Webex organization ID, when given in configuration (optional).", Optional: true},
	)
}

// identity is the resource identity, from the arguments stored in state.
func (m executiveAssistantModel) Identity() map[string]types.String {
	return map[string]types.String{"person_id": m.PersonID.StringValue, "org_id": m.OrgID.StringValue}
}

func (r *executiveAssistantResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
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
					"old person is set back to `UNASSIGNED`); another encoding of the same ID is no change.",
				Required:      true,
				CustomType:    idType{},
				Validators:    []validator.String{validID(webexid.TypePeople)},
				PlanModifiers: []planmodifier.String{keepEquivalentID(), stringplanmodifier.RequiresReplace()},
			},
			"org_id": schema.StringAttribute{
				MarkdownDescription: "ID of the organization the person belongs to. Only needed by administrators of " +
					"another organization, such as partners; by default the token's own organization. Sent as the " +
					"`orgId` query parameter only when set. Changing it replaces the resource; another encoding of the " +
					"same ID is no change.",
				Optional:      true,
				CustomType:    idType{},
				Validators:    []validator.String{validID(webexid.TypeOrganization)},
				PlanModifiers: []planmodifier.String{keepEquivalentID(), stringplanmodifier.RequiresReplace()},
			},
			"type": schema.StringAttribute{
				MarkdownDescription: "The executive-assistant type: " + eaTypeDescription + ".",
				Required:            true,
				Validators:          []validator.String{stringvalidator.OneOf(webexapi.ExecutiveAssistantTypes...)},
			},
			"timeouts": timeouts.Attributes(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
		},
	}
}

func (r *executiveAssistantResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.webex = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *executiveAssistantResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan executiveAssistantModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !shared.RequireClient(r.webex, "Webex", &resp.Diagnostics) {
		return
	}
	ctx, cancel := shared.WithTimeout(ctx, "create", plan.Timeouts.Create, eaCreateTimeout, &resp.Diagnostics)
	defer cancel()

	plan.ID = types.StringValue(plan.PersonID.ValueString())
	switch r.set(ctx, &plan, &resp.Diagnostics) {
	case eaSetRefused:
		return
	case eaSetUnconfirmed:
		// Webex accepted the type or may have: saved with the error, the
		// resource is tainted, and the next apply sets the type again
		// while destroy sets it back to UNASSIGNED. Nothing is forgotten.
	}
	shared.SaveState(ctx, &resp.State, resp.Identity, &resp.Diagnostics, plan)
}

func (r *executiveAssistantResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state executiveAssistantModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !shared.RequireClient(r.webex, "Webex", &resp.Diagnostics) {
		return
	}
	ctx, cancel := shared.WithTimeout(ctx, "read", state.Timeouts.Read, eaReadTimeout, &resp.Diagnostics)
	defer cancel()

	ea, err := r.webex.GetExecutiveAssistant(ctx, state.PersonID.ValueString(), state.OrgID.ValueString())
	switch {
	case client.IsNotFound(err):
		shared.RemoveFromState(ctx, resp, state.Identity()) // the person is gone
		return
	case err != nil:
		addExecutiveAssistantError(&resp.Diagnostics, "Unable to read executive assistant settings", err)
		return
	}
	state.ID = types.StringValue(state.PersonID.ValueString())
	state.Type = types.StringValue(ea.Type)
	shared.SaveState(ctx, &resp.State, resp.Identity, &resp.Diagnostics, state)
}

func (r *executiveAssistantResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state executiveAssistantModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !shared.RequireClient(r.webex, "Webex", &resp.Diagnostics) {
		return
	}
	if plan.Type.Equal(state.Type) {
		// Only the timeouts block changed.
		shared.SaveState(ctx, &resp.State, resp.Identity, &resp.Diagnostics, plan)
		return
	}
	ctx, cancel := shared.WithTimeout(ctx, "update", plan.Timeouts.Update, eaUpdateTimeout, &resp.Diagnostics)
	defer cancel()

	plan.ID = types.StringValue(plan.PersonID.ValueString())
	if r.set(ctx, &plan, &resp.Diagnostics) != eaSetDone {
		// State keeps the prior type; the next refresh reads whichever
		// type Webex has and plans the change again if it is still needed.
		return
	}
	shared.SaveState(ctx, &resp.State, resp.Identity, &resp.Diagnostics, plan)
}

// Delete sets the type back to UNASSIGNED: the setting always exists in
// Webex and there is no DELETE operation.
func (r *executiveAssistantResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state executiveAssistantModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !shared.RequireClient(r.webex, "Webex", &resp.Diagnostics) {
		return
	}
	ctx, cancel := shared.WithTimeout(ctx, "delete", state.Timeouts.Delete, eaDeleteTimeout, &resp.Diagnostics)
	defer cancel()

	personID, orgID := state.PersonID.ValueString(), state.OrgID.ValueString()
	err := r.webex.SetExecutiveAssistant(ctx, personID, orgID, webexapi.ExecutiveAssistantUnassigned)
	switch {
	case err == nil, client.IsNotFound(err):
	case client.MayHaveActed(err):
		// The answer was lost: done if a read shows UNASSIGNED.
		if got, readErr := r.confirmType(ctx, personID, orgID, webexapi.ExecutiveAssistantUnassigned); readErr == nil && got == webexapi.ExecutiveAssistantUnassigned {
			return
		}
		addExecutiveAssistantError(&resp.Diagnostics, "Unable to set executive assistant type back to UNASSIGNED", err)
	default:
		addExecutiveAssistantError(&resp.Diagnostics, "Unable to set executive assistant type back to UNASSIGNED", err)
	}
}

// ImportState accepts "<person_id>" or "<org_id>/<person_id>".
func (r *executiveAssistantResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	var orgID, personID string
	id := shared.ImportID(ctx, req, &resp.Diagnostics, "org_id", "person_id")
	if strings.Contains(id, "/") {
		parts, err := shared.SplitImportID(id, "org_id", "person_id")
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
	ident := executiveAssistantModel{PersonID: idOf(personID), OrgID: idNull()}
	if orgID != "" {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("org_id"), orgID)...)
		ident.OrgID = idOf(orgID)
	}
	shared.SetIdentity(ctx, resp.Identity, &resp.Diagnostics, ident.Identity())
}

// eaSetOutcome is what set could establish about a PUT of the type.
type eaSetOutcome int

const (
	eaSetDone        eaSetOutcome = iota // read back as planned
	eaSetRefused                         // refused or never sent: nothing changed
	eaSetUnconfirmed                     // accepted, or perhaps done, but not read back
)

// set PUTs the planned type and waits until a read shows it (writes may
// take a moment to become visible), so the next refresh shows no drift.
// Unless the outcome is eaSetDone, it has added an error.
func (r *executiveAssistantResource) set(ctx context.Context, plan *executiveAssistantModel, diags *diag.Diagnostics) eaSetOutcome {
	personID, orgID, want := plan.PersonID.ValueString(), plan.OrgID.ValueString(), plan.Type.ValueString()
	err := r.webex.SetExecutiveAssistant(ctx, personID, orgID, want)
	switch {
	case err == nil:
	case client.MayHaveActed(err):
		// Sent, and the answer lost (Ctrl-C, the timeout, a dropped
		// connection): Webex may have changed the type.
		got, readErr := r.confirmType(ctx, personID, orgID, want)
		if readErr == nil && got == want {
			return eaSetDone
		}
		why := "it read back as " + quoteOrNone(got)
		if readErr != nil {
			why = "reading it back failed: " + shared.ClientErrorDetail(readErr)
		}
		diags.AddError("Executive assistant type outcome unknown",
			"The request setting the type "+want+" reached Webex, but its answer was lost, so Webex may or may not have "+
				"changed it:\n\n"+shared.ClientErrorDetail(err)+"\n\nA read could not confirm it: "+why+".\n\n"+
				"A new resource is saved in state (tainted): the next apply sets the type again, and destroy sets it back to UNASSIGNED.")
		return eaSetUnconfirmed
	default:
		addExecutiveAssistantError(diags, "Unable to set executive assistant type", err)
		return eaSetRefused
	}
	var got string
	waitErr := shared.WaitFor(ctx, "the executive assistant type to become visible", shared.WaitOptions{}, func(ctx context.Context) (bool, error) {
		ea, err := r.webex.GetExecutiveAssistant(client.WithFreshReads(ctx), personID, orgID)
		got = ea.Type
		return err == nil && ea.Type == want, err
	})
	if waitErr != nil {
		// Interrupted or out of time: one last read before giving up.
		if last, readErr := r.confirmType(ctx, personID, orgID, want); readErr == nil {
			if got = last; got == want {
				return eaSetDone
			}
		}
		diags.AddError("Executive assistant type not confirmed",
			"Webex accepted the type "+want+", but reading it back gave "+quoteOrNone(got)+": "+shared.ClientErrorDetail(waitErr)+
				"\n\nA new resource is saved in state (tainted): the next apply sets the type again, and destroy sets it back to UNASSIGNED.")
		return eaSetUnconfirmed
	}
	return eaSetDone
}

// confirmType reads the type after a write whose outcome is unknown: a
// short poll for want while ctx lasts, then, if that did not show it, one
// read on ConfirmContext, which still runs after Ctrl-C or the timeouts
// deadline.
func (r *executiveAssistantResource) confirmType(ctx context.Context, personID, orgID, want string) (string, error) {
	if ctx.Err() == nil {
		pollCtx, cancel := context.WithTimeout(client.WithFreshReads(ctx), shared.ConfirmGrace)
		var got string
		_ = shared.WaitFor(pollCtx, "the executive assistant type to become visible", shared.WaitOptions{}, func(ctx context.Context) (bool, error) {
			ea, err := r.webex.GetExecutiveAssistant(ctx, personID, orgID)
			got = ea.Type
			return err == nil && got == want, err
		})
		cancel()
		if got == want {
			return got, nil
		}
	}
	cctx, cancel := shared.ConfirmContext(ctx)
	defer cancel()
	ea, err := r.webex.GetExecutiveAssistant(client.WithFreshReads(cctx), personID, orgID)
	return ea.Type, err
}

func quoteOrNone(s string) string {
	if s == "" {
		return "nothing"
	}
	return `"` + s + `"`
}
