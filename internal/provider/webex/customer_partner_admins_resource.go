package webex

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/shared"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
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
	_ resource.Resource                   = (*customerPartnerAdminsResource)(nil)
	_ resource.ResourceWithConfigure      = (*customerPartnerAdminsResource)(nil)
	_ resource.ResourceWithImportState    = (*customerPartnerAdminsResource)(nil)
	_ resource.ResourceWithIdentity       = (*customerPartnerAdminsResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*customerPartnerAdminsResource)(nil)
	_ resource.ResourceWithValidateConfig = (*customerPartnerAdminsResource)(nil)
)

// NewCustomerPartnerAdminsResource is the resource factory.
func NewCustomerPartnerAdminsResource() resource.Resource {
	return &customerPartnerAdminsResource{}
}

type customerPartnerAdminsResource struct {
	webex *webexapi.Client
}

type customerPartnerAdminsModel struct {
	ID           types.String   `tfsdk:"id"`
	OrgID        idValue        `tfsdk:"org_id"`
	PersonIDs    types.Set      `tfsdk:"person_ids"`
	Managed      types.Set      `tfsdk:"managed_person_ids"`
	DisplayNames types.Map      `tfsdk:"display_names"`
	Removes      types.Map      `tfsdk:"removes"`
	Timeouts     timeouts.Value `tfsdk:"timeouts"`
}

const (
	customerAdminsCreateTimeout = 5 * time.Minute
	customerAdminsReadTimeout   = 2 * time.Minute
	customerAdminsUpdateTimeout = 5 * time.Minute
	customerAdminsDeleteTimeout = 5 * time.Minute
)

func (m customerPartnerAdminsModel) Identity() map[string]types.String {
	return map[string]types.String{"org_id": m.OrgID.StringValue}
}

func (r *customerPartnerAdminsResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_webex_customer_partner_admins"
}

func (r *customerPartnerAdminsResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = shared.IdentitySchema(shared.IdentityAttr{Name: "org_id", Description: "The customer organization's Webex ID."})
}

func (r *customerPartnerAdminsResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "**Authoritative**: the partner administrators of a Webex customer organization are exactly " +
			"`person_ids`. Applying it **unassigns every other partner admin of the customer**, including one assigned " +
			"by hand or by another configuration, on create as on update. Before anyone confirms, the plan names " +
			"each person who will lose access in `removes` (person ID → display name), read live from Webex at plan " +
			"time. To add one partner admin without touching the others, use " +
			"`partneradmin_webex_partner_admin_assignment` instead.\n\n" +
			"Do not use both resources for the same customer: each undoes the other (the authoritative resource " +
			"unassigns an assignment it does not list; destroying an assignment unassigns a person it lists). The " +
			"provider warns when one plan holds both for the same customer; it cannot see other workspaces.\n\n" +
			"A refresh lists every partner admin assigned to the customer, so one added by hand is drift: the next " +
			"plan removes it and names it in `removes`. An apply removes only the persons its plan named. If they change " +
			"between `terraform plan -out` and applying that plan (a partner admin assigned meanwhile, or one in " +
			"`removes` already gone), Terraform stops the apply with *Provider produced inconsistent final plan* before " +
			"anyone is assigned or unassigned: plan again. A partner admin assigned while the apply runs is left, with a " +
			"warning, for the next plan to show. Destroy unassigns the " +
			"configured partner admins only; it never revokes a person's partner role. Partner admins are assigned " +
			"before any is removed, so the customer is never left without its configured admins.\n\n" +
			"The token must belong to a Partner Full Administrator with the `spark-admin:organizations_read` and " +
			"`spark-admin:organizations_write` scopes. Access through a *Customer Group* is not visible: it is " +
			"neither listed nor removed.\n\n" +
			"When an assign or unassign may have happened but its answer was lost (an interrupted apply, a timeout, a " +
			"dropped connection), a read settles it; state holds what Webex holds. If an apply fails part way, state " +
			"keeps the persons assigned so far, so nothing is orphaned.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The `org_id`, as given in the configuration.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"org_id": schema.StringAttribute{
				MarkdownDescription: "ID of the customer organization. Changing it replaces the resource; another encoding " +
					"of the same ID is no change.",
				Required:      true,
				CustomType:    idType{},
				Validators:    []validator.String{validID(webexid.TypeOrganization)},
				PlanModifiers: []planmodifier.String{keepEquivalentID(), stringplanmodifier.RequiresReplace()},
			},
			"person_ids": schema.SetAttribute{
				MarkdownDescription: "Person IDs of every partner administrator the customer should have, and no other. " +
					"Each must hold the Partner Administrator role (not Partner Full Administrator, who manages every " +
					"customer already). An empty set removes every partner admin. After a refresh it holds every partner " +
					"admin Webex lists, so one added by hand shows as a change.",
				Required:      true,
				ElementType:   types.StringType,
				Validators:    []validator.Set{setvalidator.ValueStringsAre(validID(webexid.TypePeople))},
				PlanModifiers: []planmodifier.Set{keepEquivalentIDSet()},
			},
			"managed_person_ids": schema.SetAttribute{
				MarkdownDescription: "The partner admins this resource answers for: `person_ids` as configured at the " +
					"last apply (after a failed apply, those Webex holds or may hold), or every partner admin found at " +
					"import. Destroy unassigns these, and no one else. It is in state, not private data, because a " +
					"replacement's destroy must see it.",
				ElementType: types.StringType,
				Computed:    true,
			},
			"display_names": schema.MapAttribute{
				MarkdownDescription: "Every partner admin assigned to the customer: person ID (as in `person_ids`) → " +
					"display name (or first email, when Webex gives no display name).",
				ElementType: types.StringType,
				Computed:    true,
			},
			"removes": schema.MapAttribute{
				MarkdownDescription: "The partner admins this apply unassigns: person ID (as Webex lists it) → display " +
					"name (or first email). Filled at plan time from a live read of the customer's partner admins, so " +
					"the plan shows who loses access, on create too. Apply removes no one else; if this list would change " +
					"between plan and apply, Terraform stops with an inconsistent-plan error before anyone is assigned or " +
					"unassigned. Unknown only when `org_id` or `person_ids` is not " +
					"known until apply; the plan then warns and lists the current partner admins. In state, who the last apply " +
					"removed, until a refresh empties it.",
				ElementType: types.StringType,
				Computed:    true,
			},
			"timeouts": timeouts.Attributes(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
		},
	}
}

func (r *customerPartnerAdminsResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.webex, _ = shared.ClientFrom(req.ProviderData, "Webex", func(pd *shared.ProviderData) shared.VendorClient[*webexapi.Client] { return pd.Webex }, &resp.Diagnostics)
}

// ValidateConfig refuses two entries naming the same person in different
// encodings: the set would hold one person twice.
func (r *customerPartnerAdminsResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var ids types.Set
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("person_ids"), &ids)...)
	if ids.IsNull() || ids.IsUnknown() {
		return
	}
	seen := map[string]string{}
	for _, v := range ids.Elements() {
		s, ok := v.(types.String)
		if !ok || s.IsUnknown() || s.IsNull() {
			continue
		}
		id, err := webexid.Parse(s.ValueString())
		if err != nil {
			continue // the element validator reports it
		}
		if prev, dup := seen[id.Key()]; dup {
			resp.Diagnostics.AddAttributeError(path.Root("person_ids"), "Duplicate partner admin",
				fmt.Sprintf("person_ids names the same person twice, in two encodings: %q and %q. List each person once.", prev, s.ValueString()))
			return
		}
		seen[id.Key()] = s.ValueString()
	}
}

// ModifyPlan fills removes from a live read, so the plan names every person
// who will lose access before anyone confirms, and warns when the same plan
// assigns one of them with partneradmin_webex_partner_admin_assignment.
func (r *customerPartnerAdminsResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.webex == nil {
		return // destroy, or a provider not configured (Create reports it)
	}
	var plan customerPartnerAdminsModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	var state *customerPartnerAdminsModel
	if !req.State.Raw.IsNull() {
		state = &customerPartnerAdminsModel{}
		resp.Diagnostics.Append(req.State.Get(ctx, state)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	unknownMap := types.MapUnknown(types.StringType)
	if plan.OrgID.IsUnknown() {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("removes"), unknownMap)...)
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("display_names"), unknownMap)...)
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("managed_person_ids"), types.SetUnknown(types.StringType))...)
		resp.Diagnostics.AddAttributeWarning(path.Root("org_id"), "Partner admins to remove are not known",
			"org_id is known only at apply, so this plan cannot show which partner admins of the customer the apply will "+
				"unassign: every partner admin not in person_ids loses access. Use a known org_id to see them in the plan.")
		return
	}
	ctx, cancel := shared.WithTimeout(ctx, "read", plan.Timeouts.Read, customerAdminsReadTimeout, &resp.Diagnostics)
	defer cancel()
	orgID := plan.OrgID.ValueString()
	admins, err := r.webex.ListCustomerPartnerAdmins(ctx, orgID)
	if err != nil {
		summary := "Unable to plan the partner admins of the customer: reading its partner admins failed, so the plan cannot show who would lose access"
		if client.IsNotFound(err) {
			summary = "Unable to plan the partner admins of the customer: customer organization not found (check org_id)"
		}
		shared.AddClientError(&resp.Diagnostics, summary, err)
		return
	}
	wanted, allKnown := knownPersons(plan.PersonIDs)
	var removes []webexapi.PartnerAdmin
	for _, a := range admins {
		if !containsID(wanted, a.ID) {
			removes = append(removes, a)
		}
	}
	noteAuthoritativePlan(r.webex, orgID, wanted, allKnown, &resp.Diagnostics)
	if allKnown && !plan.PersonIDs.IsNull() {
		managed := plan.PersonIDs
		if state != nil && sameIDSet(state.Managed, plan.PersonIDs) {
			managed = state.Managed
		}
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("managed_person_ids"), managed)...)
	} else {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("managed_person_ids"), types.SetUnknown(types.StringType))...)
	}
	if !allKnown {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("removes"), unknownMap)...)
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("display_names"), unknownMap)...)
		if len(removes) > 0 {
			resp.Diagnostics.AddAttributeWarning(path.Root("person_ids"), "Partner admins to remove are not known",
				"person_ids is known only at apply, so this plan cannot name exactly who loses access. These partner admins "+
					"of the customer are assigned now and will be unassigned unless person_ids lists them:\n\n"+describeAdmins(removes))
		}
		return
	}
	removesMap := map[string]string{}
	for _, a := range removes {
		removesMap[a.ID] = adminName(a)
	}
	if state != nil && len(removes) == 0 && sameIDSet(state.PersonIDs, plan.PersonIDs) && !state.Removes.IsNull() {
		// Nobody to remove and nothing else to do: keep what the last
		// apply removed until a refresh empties it, so a plan without
		// refresh right after an apply stays empty.
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("removes"), state.Removes)...)
	} else {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("removes"), removesMap)...)
	}

	// display_names: unchanged when nothing changes; otherwise known only
	// after apply. A value computed now could change before apply (a
	// replacement's destroy unassigns first), and Terraform refuses a final
	// plan whose known value turned unknown.
	if state != nil && sameIDSet(state.PersonIDs, plan.PersonIDs) && !state.DisplayNames.IsNull() && len(removes) == 0 {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("display_names"), state.DisplayNames)...)
	} else {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("display_names"), unknownMap)...)
	}
}

func (r *customerPartnerAdminsResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan customerPartnerAdminsModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !shared.RequireClient(r.webex, "Webex", &resp.Diagnostics) {
		return
	}
	ctx, cancel := shared.WithTimeout(ctx, "create", plan.Timeouts.Create, customerAdminsCreateTimeout, &resp.Diagnostics)
	defer cancel()
	plan.ID = types.StringValue(plan.OrgID.ValueString())
	out := r.reconcile(ctx, plan, &resp.Diagnostics)
	if out == nil {
		return // nothing was written
	}
	shared.SaveState(ctx, &resp.State, resp.Identity, &resp.Diagnostics, out)
}

func (r *customerPartnerAdminsResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan customerPartnerAdminsModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !shared.RequireClient(r.webex, "Webex", &resp.Diagnostics) {
		return
	}
	ctx, cancel := shared.WithTimeout(ctx, "update", plan.Timeouts.Update, customerAdminsUpdateTimeout, &resp.Diagnostics)
	defer cancel()
	plan.ID = types.StringValue(plan.OrgID.ValueString())
	out := r.reconcile(ctx, plan, &resp.Diagnostics)
	if out == nil {
		return // nothing was written: state stays as it was
	}
	shared.SaveState(ctx, &resp.State, resp.Identity, &resp.Diagnostics, out)
}

func (r *customerPartnerAdminsResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state customerPartnerAdminsModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !shared.RequireClient(r.webex, "Webex", &resp.Diagnostics) {
		return
	}
	ctx, cancel := shared.WithTimeout(ctx, "read", state.Timeouts.Read, customerAdminsReadTimeout, &resp.Diagnostics)
	defer cancel()
	admins, err := r.webex.ListCustomerPartnerAdmins(ctx, state.OrgID.ValueString())
	switch {
	case client.IsNotFound(err):
		shared.RemoveFromState(ctx, resp, state.Identity()) // the customer organization is gone
		return
	case err != nil:
		shared.AddClientError(&resp.Diagnostics, "Unable to read the partner admins of the customer", err)
		return
	}
	prior, _ := knownPersons(state.PersonIDs)
	ids := make([]string, 0, len(admins))
	names := map[string]string{}
	for _, a := range admins {
		id := userSpelling(prior, a.ID)
		ids = append(ids, id)
		names[id] = adminName(a)
	}
	state.ID = types.StringValue(state.OrgID.ValueString())
	state.PersonIDs = stringSet(ids)
	state.DisplayNames = stringMap(names)
	state.Removes = stringMap(map[string]string{})
	if state.Managed.IsNull() {
		// Imported: the customer's partner admins as found are now this
		// resource's, until an apply sets them from the configuration.
		state.Managed = state.PersonIDs
	}
	shared.SaveState(ctx, &resp.State, resp.Identity, &resp.Diagnostics, state)
}

func (r *customerPartnerAdminsResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state customerPartnerAdminsModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !shared.RequireClient(r.webex, "Webex", &resp.Diagnostics) {
		return
	}
	ctx, cancel := shared.WithTimeout(ctx, "delete", state.Timeouts.Delete, customerAdminsDeleteTimeout, &resp.Diagnostics)
	defer cancel()
	orgID := state.OrgID.ValueString()
	managed, _ := knownPersons(state.Managed)
	// Every configured person gets an unassign, listed or not: an assign
	// whose answer was lost may not be listed yet, and must not be orphaned.
	var left, sent []string
	for _, p := range managed {
		_, err := r.webex.UnassignPartnerAdmin(ctx, orgID, p)
		switch {
		case err == nil, webexapi.IsRefusal(err), client.MayHaveActed(err):
			// A refused (perhaps "not assigned") or lost unassign is
			// settled by the read below.
			sent = append(sent, p)
		default:
			shared.AddClientError(&resp.Diagnostics, "Unable to unassign partner admin "+p, err)
			left = append(left, p)
		}
	}
	if len(sent) > 0 {
		// Done only when a read shows the persons absent; a 404 on the
		// list counts only with proof that the API root is right.
		admins, readErr := r.waitAbsent(ctx, orgID, sent)
		switch {
		case client.IsNotFound(readErr):
			return // the customer organization is gone, with its assignments
		case readErr != nil:
			resp.Diagnostics.AddError("Unable to check the partner admins of the customer",
				"Reading the customer's partner admins after unassigning failed, so they stay in state: "+shared.ClientErrorDetail(readErr))
			left = managed
		default:
			var still []string
			for _, p := range sent {
				if findAdmin(admins, p) != nil {
					still = append(still, p)
				}
			}
			if len(still) > 0 {
				resp.Diagnostics.AddError("Partner admins still assigned",
					"Webex still lists these partner admins of the customer after unassigning them: "+strings.Join(still, ", ")+
						". They stay in state; the next destroy or apply checks them again.")
			}
			left = append(left, still...)
		}
	}
	if len(left) == 0 {
		return
	}
	// Keep in state only who is still assigned, and still managed.
	state.PersonIDs, state.Managed = stringSet(left), stringSet(left)
	shared.SaveState(ctx, &resp.State, resp.Identity, &resp.Diagnostics, state)
}

func (r *customerPartnerAdminsResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id := shared.ImportID(ctx, req, &resp.Diagnostics, "org_id")
	if _, err := webexid.ParseType(id, webexid.TypeOrganization); err != nil {
		resp.Diagnostics.AddError("Invalid import ID", "The import ID must be the customer's org_id, a Webex organization ID: "+err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("org_id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("person_ids"), stringSet(nil))...)
	shared.SetIdentity(ctx, resp.Identity, &resp.Diagnostics, customerPartnerAdminsModel{OrgID: idOf(id)}.Identity())
}

// reconcile makes the customer's partner admins the plan's person_ids:
// assigns first (so the configured admins never lose access), then removes
// the persons the plan named in removes. It returns nil when it wrote
// nothing (the first read failed); otherwise what Webex holds, as far as
// the answers and reads show (managed_person_ids: the configured persons
// it holds or may hold), with errors in diags.
func (r *customerPartnerAdminsResource) reconcile(ctx context.Context, plan customerPartnerAdminsModel, diags *diag.Diagnostics) *customerPartnerAdminsModel {
	orgID := plan.OrgID.ValueString()
	wanted, _ := knownPersons(plan.PersonIDs)
	// Fresh: a page cached in this run may predate a change.
	before, err := r.webex.ListCustomerPartnerAdmins(client.WithFreshReads(ctx), orgID)
	if err != nil {
		summary := "Unable to set the partner admins of the customer: reading its partner admins failed"
		if client.IsNotFound(err) {
			summary = "Unable to set the partner admins of the customer: customer organization not found (check org_id)"
		}
		shared.AddClientError(diags, summary, err)
		return nil
	}

	held := map[string]string{} // person key → ID as listed
	names := map[string]string{}
	for _, a := range before {
		k := idKey(a.ID)
		held[k], names[k] = a.ID, adminName(a)
	}
	failed := false

	for _, p := range wanted {
		if _, ok := held[idKey(p)]; ok {
			continue
		}
		_, err := r.webex.AssignPartnerAdmin(ctx, orgID, p)
		switch {
		case err == nil:
			held[idKey(p)] = p
			continue
		case webexapi.IsRefusal(err) && !client.AfterLostAttempt(err):
			// "Already assigned" has no documented code: a read tells an
			// assignment made since the first read (taken, as configured)
			// from any other refusal.
			if a, _ := r.confirmListed(ctx, orgID, p); a != nil {
				held[idKey(p)], names[idKey(p)] = p, adminName(*a)
				continue
			}
			shared.AddClientError(diags, "Unable to assign partner admin "+p, err)
		case client.MayHaveActed(err):
			// Sent, the answer lost: settled by a read; kept if unsettled,
			// so it is not orphaned.
			if a, _ := r.confirmListed(ctx, orgID, p); a != nil {
				held[idKey(p)], names[idKey(p)] = p, adminName(*a)
				continue
			}
			held[idKey(p)] = p // not shown yet: kept in state, and in managed_person_ids
			diags.AddError("Partner admin assignment outcome unknown",
				"The assign request for "+p+" reached Webex, but its answer was lost and no read has shown it yet:\n\n"+
					shared.ClientErrorDetail(err)+"\n\nIt is kept in state, so destroy unassigns it; the next refresh shows whether Webex holds it.")
		default:
			shared.AddClientError(diags, "Unable to assign partner admin "+p, err)
		}
		failed = true
		break
	}

	// Remove only whom the plan named; none at all after a failed assign,
	// so the customer keeps its admins while the configured ones are not all in.
	var removed []webexapi.PartnerAdmin
	var late []string // assigned since the plan, and left: "ID (name)"
	if !failed {
		var toRemove []string
		planned := map[string]bool{}
		if !plan.Removes.IsUnknown() && !plan.Removes.IsNull() {
			for k := range plan.Removes.Elements() {
				planned[idKey(k)] = true
			}
		}
		for _, a := range before {
			switch {
			case containsID(wanted, a.ID):
			case plan.Removes.IsUnknown() || planned[idKey(a.ID)]:
				toRemove = append(toRemove, a.ID)
			default:
				late = append(late, a.ID+" ("+adminName(a)+")")
			}
		}
		for _, p := range toRemove {
			_, err := r.webex.UnassignPartnerAdmin(ctx, orgID, p)
			if err != nil && (webexapi.IsRefusal(err) || client.MayHaveActed(err)) {
				// Refused (perhaps "not assigned") or lost: done only if a
				// read shows the person absent.
				if a, readErr := r.confirmUnlisted(ctx, orgID, p); readErr == nil && a == nil {
					err = nil
				}
			}
			if err != nil {
				shared.AddClientError(diags, "Unable to unassign partner admin "+p, err)
				break
			}
			removed = append(removed, webexapi.PartnerAdmin{ID: p, DisplayName: names[idKey(p)]})
			delete(held, idKey(p))
		}
	}

	// Wait until Webex lists what was done, so the refresh after apply
	// shows no drift from it; then take the names of persons just assigned.
	// A person assigned by someone else meanwhile is not waited for (it
	// would never go): it is left, as one assigned before the first read.
	if !diags.HasError() {
		gone := make([]string, len(removed))
		for i, a := range removed {
			gone[i] = a.ID
		}
		admins, waitErr := r.waitSettled(ctx, orgID, wanted, gone)
		if waitErr != nil {
			diags.AddError("Partner admins set but not confirmed",
				"Webex accepted every assign and unassign, but its list of the customer's partner admins did not show them all: "+
					shared.ClientErrorDetail(waitErr)+"\n\nState holds what was requested; the next refresh shows what Webex holds.")
		}
		for _, a := range admins {
			k := idKey(a.ID)
			names[k] = adminName(a)
			if _, ok := held[k]; !ok && waitErr == nil {
				late = append(late, a.ID+" ("+adminName(a)+")")
			}
		}
	}
	if len(late) > 0 {
		diags.AddWarning("Partner admins assigned since the plan were not removed",
			"These partner admins were assigned to the customer after the plan was made, so the plan did not show them "+
				"and this apply left them: "+strings.Join(late, ", ")+". The next plan shows them in removes.")
	}

	m := plan
	var ids, managed []string
	nameMap := map[string]string{}
	for k, listed := range held {
		id := userSpelling(wanted, listed)
		ids = append(ids, id)
		if n, ok := names[k]; ok {
			nameMap[id] = n
		}
		if containsID(wanted, id) {
			managed = append(managed, id)
		}
	}
	slices.Sort(ids)
	slices.Sort(managed)
	removesMap := map[string]string{}
	for _, a := range removed {
		removesMap[a.ID] = a.DisplayName
	}
	if diags.HasError() {
		// State true to Webex: who is assigned now, not the plan.
		m.PersonIDs = stringSet(ids)
		m.Managed = stringSet(managed)
		m.DisplayNames = stringMap(nameMap)
		m.Removes = stringMap(removesMap)
	} else {
		if m.Managed.IsUnknown() {
			m.Managed = m.PersonIDs
		}
		if m.DisplayNames.IsUnknown() {
			m.DisplayNames = stringMap(nameMap)
		}
		if m.Removes.IsUnknown() {
			m.Removes = stringMap(removesMap)
		}
	}
	return &m
}

// waitSettled polls, bounded by ctx, until Webex lists every person in
// wanted and none in gone. Others (assigned by someone else meanwhile) do
// not count: waiting for them to go would wait for ever.
func (r *customerPartnerAdminsResource) waitSettled(ctx context.Context, orgID string, wanted, gone []string) ([]webexapi.PartnerAdmin, error) {
	var last []webexapi.PartnerAdmin
	err := shared.WaitFor(ctx, "the customer's partner admins to show the changes", shared.WaitOptions{}, func(ctx context.Context) (bool, error) {
		admins, err := r.webex.ListCustomerPartnerAdmins(client.WithFreshReads(ctx), orgID)
		if err != nil {
			return false, err
		}
		last = admins
		for _, p := range wanted {
			if findAdmin(admins, p) == nil {
				return false, nil
			}
		}
		for _, p := range gone {
			if findAdmin(admins, p) != nil {
				return false, nil
			}
		}
		return true, nil
	})
	return last, err
}

// waitAbsent polls until none of persons is listed, bounded by ctx, then
// (if ctx ended) reads once more on ConfirmContext. It returns the last list.
func (r *customerPartnerAdminsResource) waitAbsent(ctx context.Context, orgID string, persons []string) ([]webexapi.PartnerAdmin, error) {
	var last []webexapi.PartnerAdmin
	gone := func(admins []webexapi.PartnerAdmin) bool {
		for _, p := range persons {
			if findAdmin(admins, p) != nil {
				return false
			}
		}
		return true
	}
	err := shared.WaitFor(ctx, "the unassigned partner admins to disappear", shared.WaitOptions{}, func(ctx context.Context) (bool, error) {
		admins, err := r.webex.ListCustomerPartnerAdmins(client.WithFreshReads(ctx), orgID)
		last = admins
		return err == nil && gone(admins), err
	})
	if err != nil && ctx.Err() != nil {
		cctx, cancel := shared.ConfirmContext(ctx)
		defer cancel()
		return r.webex.ListCustomerPartnerAdmins(client.WithFreshReads(cctx), orgID)
	}
	return last, err
}

// confirmListed reads whether person is listed after a write whose outcome
// is unknown: a short poll while ctx lasts, then one read on
// ConfirmContext (which still runs after Ctrl-C or the deadline).
func (r *customerPartnerAdminsResource) confirmListed(ctx context.Context, orgID, person string) (*webexapi.PartnerAdmin, error) {
	return r.confirm(ctx, orgID, person, true)
}

// confirmUnlisted is confirmListed for an unassign: it returns nil, nil
// once a read shows the person absent.
func (r *customerPartnerAdminsResource) confirmUnlisted(ctx context.Context, orgID, person string) (*webexapi.PartnerAdmin, error) {
	return r.confirm(ctx, orgID, person, false)
}

func (r *customerPartnerAdminsResource) confirm(ctx context.Context, orgID, person string, listed bool) (*webexapi.PartnerAdmin, error) {
	var found *webexapi.PartnerAdmin
	var err error
	check := func(ctx context.Context) (bool, error) {
		var admins []webexapi.PartnerAdmin
		admins, err = r.webex.ListCustomerPartnerAdmins(client.WithFreshReads(ctx), orgID)
		found = findAdmin(admins, person)
		return err == nil && (found != nil) == listed, nil
	}
	if ctx.Err() == nil {
		pollCtx, cancel := context.WithTimeout(ctx, shared.ConfirmGrace)
		_ = shared.WaitFor(pollCtx, "the partner admin change to show", shared.WaitOptions{}, check)
		cancel()
		if err == nil && (found != nil) == listed {
			return found, nil
		}
	}
	cctx, cancel := shared.ConfirmContext(ctx)
	defer cancel()
	_, _ = check(cctx)
	return found, err
}

// Helpers on person IDs: compared by type and UUID (webexid), never as strings.

func idKey(id string) string {
	if p, err := webexid.Parse(id); err == nil {
		return p.Key()
	}
	return id
}

func containsID(ids []string, id string) bool {
	return slices.ContainsFunc(ids, func(s string) bool { return webexid.Equal(s, id) })
}

func findAdmin(admins []webexapi.PartnerAdmin, person string) *webexapi.PartnerAdmin {
	for i := range admins {
		if webexid.Equal(admins[i].ID, person) {
			return &admins[i]
		}
	}
	return nil
}

// userSpelling returns the user's own string for id when one of ids names
// the same person, so another encoding from Webex is no change.
func userSpelling(ids []string, id string) string {
	for _, s := range ids {
		if webexid.Equal(s, id) {
			return s
		}
	}
	return id
}

// adminName is how a plan names a person: the display name, else the
// first email, else "".
func adminName(a webexapi.PartnerAdmin) string {
	if a.DisplayName != "" {
		return a.DisplayName
	}
	if len(a.Emails) > 0 {
		return a.Emails[0]
	}
	return ""
}

func describeAdmins(admins []webexapi.PartnerAdmin) string {
	var b strings.Builder
	for _, a := range admins {
		fmt.Fprintf(&b, "  - %s (%s)\n", a.ID, adminName(a))
	}
	return b.String()
}

// knownPersons returns the set's known elements, and whether all are known.
func knownPersons(s types.Set) ([]string, bool) {
	if s.IsUnknown() {
		return nil, false
	}
	all := true
	var out []string
	for _, v := range s.Elements() {
		sv, ok := v.(types.String)
		if !ok || sv.IsUnknown() {
			all = false
			continue
		}
		if !sv.IsNull() {
			out = append(out, sv.ValueString())
		}
	}
	slices.Sort(out)
	return out, all
}

// sameIDSet reports two fully known sets naming the same persons.
func sameIDSet(a, b types.Set) bool {
	as, aok := knownPersons(a)
	bs, bok := knownPersons(b)
	if !aok || !bok || a.IsNull() || b.IsNull() || len(as) != len(bs) {
		return false
	}
	for _, x := range as {
		if !containsID(bs, x) {
			return false
		}
	}
	return true
}

func stringSet(ids []string) types.Set {
	elems := make([]attr.Value, 0, len(ids))
	for _, id := range ids {
		elems = append(elems, types.StringValue(id))
	}
	return types.SetValueMust(types.StringType, elems)
}

func stringMap(m map[string]string) types.Map {
	elems := make(map[string]attr.Value, len(m))
	for k, v := range m {
		elems[k] = types.StringValue(v)
	}
	return types.MapValueMust(types.StringType, elems)
}

// keepEquivalentIDSet plans the prior state's set when the configuration
// names the same persons in other encodings, as keepEquivalentID does for
// one ID.
func keepEquivalentIDSet() planmodifier.Set { return keepEquivalentIDSetModifier{} }

type keepEquivalentIDSetModifier struct{}

func (keepEquivalentIDSetModifier) Description(context.Context) string {
	return "keeps the IDs in state when the configuration gives other encodings of the same Webex IDs"
}

func (m keepEquivalentIDSetModifier) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (keepEquivalentIDSetModifier) PlanModifySet(_ context.Context, req planmodifier.SetRequest, resp *planmodifier.SetResponse) {
	if req.StateValue.IsNull() || req.PlanValue.IsNull() || req.PlanValue.IsUnknown() || req.PlanValue.Equal(req.StateValue) {
		return
	}
	if sameIDSet(req.StateValue, req.PlanValue) {
		resp.PlanValue = req.StateValue
	}
}
