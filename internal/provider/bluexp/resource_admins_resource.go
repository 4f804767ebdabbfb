package bluexp

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/shared"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"golang.org/x/sync/errgroup"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/client"
	bluexpapi "github.com/partneradmin/terraform-provider-partneradmin/internal/client/bluexp"
)

var (
	_ resource.Resource                = (*adminsResource)(nil)
	_ resource.ResourceWithConfigure   = (*adminsResource)(nil)
	_ resource.ResourceWithImportState = (*adminsResource)(nil)
	_ resource.ResourceWithIdentity    = (*adminsResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*adminsResource)(nil)
)

const (
	createTimeout = 10 * time.Minute
	readTimeout   = 5 * time.Minute
	updateTimeout = 10 * time.Minute
	deleteTimeout = 10 * time.Minute

	// removeConcurrency bounds the DELETEs in flight for one resource; the
	// client bounds requests per vendor as well.
	removeConcurrency = 8
)

// emailDoc says what an email user means, in the resource's docs.
func emailDoc(noun string) string {
	return "**Users named by `email`.** NetApp's user object (what BlueXP returns for a " + noun + ") has no " +
		"email field, and NetApp documents no endpoint that finds a user by email, so the provider cannot read which member " +
		"an address belongs to. It adds each `email` user with its own request, waits for the one user ID that newly " +
		"appears among the partnership's " + noun + "s, and records that ID in `members`. From then on the user is " +
		"read and removed by that ID only; the address is never compared with a member's name or any other field. What " +
		"is verified is therefore: BlueXP accepted the address, and exactly one new " + noun + " appeared after the add. " +
		"If that user was already a " + noun + ", BlueXP refuses the add (409) and the provider cannot tell which member " +
		"it is: name that user by `user_id` (or import). If other users became " + noun + "s at the same moment, the " +
		"add is reported as not confirmed rather than guessed. For large sets prefer `user_id`: each `email` user costs " +
		"one add request and its read-back."
}

// role is what tells the resources of the partnership roles apart: their
// type, the role's name in messages and docs, and the client calls (one
// collection per role, with the same shapes). Everything else is shared.
type role struct {
	typeName string         // "partneradmin_bluexp_resource_admins"
	noun     string         // "ResourceAdmin", as NetApp names the role
	api      bluexpapi.Role // the role's collection in the client calls
}

var (
	resourceAdminRole = role{typeName: "partneradmin_bluexp_resource_admins", noun: "ResourceAdmin", api: bluexpapi.ResourceAdmin}
	userAdminRole     = role{typeName: "partneradmin_bluexp_user_admins", noun: "UserAdmin", api: bluexpapi.UserAdmin}
)

func (r *adminsResource) list(ctx context.Context, pid string) ([]bluexpapi.User, error) {
	return r.bluexp.ListAdmins(ctx, r.role.api, pid)
}

func (r *adminsResource) add(ctx context.Context, pid, description string, users []bluexpapi.UserRef) error {
	return r.bluexp.AddAdmins(ctx, r.role.api, pid, description, users)
}

func (r *adminsResource) removeOne(ctx context.Context, pid, userID string) error {
	return r.bluexp.RemoveAdmin(ctx, r.role.api, pid, userID)
}

// NewResourceAdminsResource is the factory of partneradmin_bluexp_resource_admins.
func NewResourceAdminsResource() resource.Resource {
	return &adminsResource{role: resourceAdminRole}
}

// NewUserAdminsResource is the factory of partneradmin_bluexp_user_admins.
func NewUserAdminsResource() resource.Resource {
	return &adminsResource{role: userAdminRole}
}

// adminsResource is the membership of one partnership role.
type adminsResource struct {
	role   role
	bluexp *bluexpapi.Client
}

type adminsModel struct {
	ID            types.String   `tfsdk:"id"`
	PartnershipID types.String   `tfsdk:"partnership_id"`
	Description   types.String   `tfsdk:"description"`
	Users         types.List     `tfsdk:"users"`
	Exclusive     types.Bool     `tfsdk:"exclusive"`
	Removes       types.List     `tfsdk:"removes"`
	OtherMembers  types.List     `tfsdk:"other_members"`
	Members       types.Map      `tfsdk:"members"`
	Timeouts      timeouts.Value `tfsdk:"timeouts"`
}

// userModel is one element of users: exactly one field is set.
type userModel struct {
	UserID  types.String `tfsdk:"user_id"`
	Email   types.String `tfsdk:"email"`
	Auth0ID types.String `tfsdk:"auth0_id"`
	AADID   types.String `tfsdk:"aad_id"`
}

var userAttrTypes = map[string]attr.Type{
	"user_id": types.StringType, "email": types.StringType, "auth0_id": types.StringType, "aad_id": types.StringType,
}

func (r *adminsResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = shared.IdentitySchema(
		shared.IdentityAttr{Name: "partnership_id", Description: "The BlueXP partnership ID (a UUID)."},
	)
}

// identity is the resource identity, from the arguments stored in state.
func (m adminsModel) Identity() map[string]types.String {
	return map[string]types.String{"partnership_id": m.PartnershipID}
}

func (r *adminsResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = r.role.typeName
}

func (r *adminsResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Gives users the **" + r.role.noun + "** role in a NetApp BlueXP partnership.\n\n" +
			"The resource is **additive** by default: it manages only the users it names. " + r.role.noun + "s added in the BlueXP " +
			"console or by other configurations are never removed or changed, and are not shown in `users` (except " +
			"after an import, which lists every current " + r.role.noun + " by `user_id`). Destroying the resource removes only " +
			"the users it names. Creating it fails if a named user already holds the role: import the partnership instead.\n\n" +
			exclusiveDoc(r.role.noun) +
			"BlueXP adds users asynchronously (HTTP 202): after adding, the provider reads each user back, waiting up to " +
			"the `create` (or `update`) timeout. A user removed outside Terraform drops out of state and is added again " +
			"by the next apply. An add whose answer was lost (a timeout, Ctrl-C, a dropped connection) is still recorded: " +
			"the users it may have added stay in state with an error, so the next apply or destroy converges.\n\n" +
			emailDoc(r.role.noun),
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The partnership ID.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"partnership_id": schema.StringAttribute{
				MarkdownDescription: "ID (a UUID) of the partnership. Changing it replaces the resource.",
				Required:            true,
				Validators:          []validator.String{shared.IsUUID()},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"description": schema.StringAttribute{
				MarkdownDescription: "Text sent with each add request (BlueXP's `description`). Not read back.",
				Optional:            true,
			},
			// A list, not a set: the framework matches the elements of a nested
			// set against each other, which is quadratic (see README, large
			// BlueXP sets); an element of a list is found by index.
			"users": schema.ListNestedAttribute{
				MarkdownDescription: "Users who hold the " + r.role.noun + " role. Each names the user by exactly one of " +
					"`user_id`, `email`, `auth0_id` or `aad_id`, and no two entries may name the same user (emails " +
					"compare without case, Auth0 IDs with or without their `<connection>|` prefix). The order means " +
					"nothing to BlueXP: reordering the entries plans an in-place update that sends no request.",
				Required:   true,
				Validators: []validator.List{listvalidator.SizeAtLeast(1), usersValidator{}},
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"user_id": schema.StringAttribute{
							MarkdownDescription: "BlueXP user ID (a UUID).",
							Optional:            true,
							Validators:          []validator.String{shared.IsUUID()},
						},
						"email": schema.StringAttribute{
							MarkdownDescription: "Email address of the user, as BlueXP's add request takes it (`emailId`). " +
								"BlueXP never returns a user's email: see the resource description for what is verified.",
							Optional:   true,
							Validators: []validator.String{stringvalidator.RegexMatches(emailRE, "must be an email address")},
						},
						"auth0_id": schema.StringAttribute{
							MarkdownDescription: "Auth0 ID of the user with its connection prefix, such as " +
								"`auth0|5a09551d0d9ef535b823bd3f`. BlueXP may list it without the prefix; that still matches.",
							Optional:   true,
							Validators: []validator.String{stringvalidator.RegexMatches(auth0RE, "must be an Auth0 ID of the form <connection>|<id>")},
						},
						"aad_id": schema.StringAttribute{
							MarkdownDescription: "Azure AD (Entra ID) object ID of the user (a UUID).",
							Optional:            true,
							Validators:          []validator.String{shared.IsUUID()},
						},
					},
				},
			},
			"exclusive": schema.BoolAttribute{
				MarkdownDescription: "When `true`, `users` is the whole " + r.role.noun + " role: every other member " +
					"is removed by the next apply, and shown in the plan first (`removes`, `other_members`). Default " +
					"`false`: the resource manages only the users it names. Destroy removes only the users in `users` " +
					"either way.",
				Optional:      true,
				Computed:      true,
				Default:       booldefault.StaticBool(false),
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"removes": schema.ListAttribute{
				MarkdownDescription: "User IDs this apply takes the " + r.role.noun + " role from, known at plan time: the " +
					"users dropped from `users`, and with `exclusive`, every member no entry names (read from BlueXP when " +
					"planning, also on create). Apply removes no one else; if the members change between plan and apply, " +
					"Terraform stops with an inconsistent-plan error before removing anyone. Empty after a refresh.",
				ElementType: types.StringType,
				Computed:    true,
			},
			"other_members": schema.ListAttribute{
				MarkdownDescription: "With `exclusive`, the user IDs of members no entry of `users` names, as the last " +
					"refresh found them (added outside Terraform): the plan empties this list, and `removes` names them. " +
					"Always empty without `exclusive`.",
				ElementType: types.StringType,
				Computed:    true,
			},
			"members": schema.MapAttribute{
				MarkdownDescription: "Map from each configured identifier (the `user_id`, `email`, `auth0_id` or `aad_id` " +
					"value) to the BlueXP user ID it resolved to. For an `email` user this is the ID learned when it was " +
					"added, and the only way it is read or removed afterwards.",
				ElementType: types.StringType,
				Computed:    true,
			},
			"timeouts": timeouts.Attributes(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
		},
	}
}

func (r *adminsResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.bluexp = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan keeps members known when users do not change, rejects two
// entries that state shows to name one user (an email and the user_id it
// was resolved to), and fills removes: who loses the role.
func (r *adminsResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy: removes the users in state, as the docs say
	}
	if !req.State.Raw.IsNull() {
		r.planMembers(ctx, req, resp)
	}
	if !resp.Diagnostics.HasError() {
		r.planRemovals(ctx, req, resp)
	}
}

// planMembers is ModifyPlan of an update for members and duplicate entries.
func (r *adminsResource) planMembers(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var planList, stateList types.List
	var stateMembers types.Map
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("users"), &planList)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("users"), &stateList)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("members"), &stateMembers)...)
	if resp.Diagnostics.HasError() || planList.IsUnknown() {
		return
	}
	planUsers, d1 := usersOf(ctx, planList)
	stateUsers, d2 := usersOf(ctx, stateList)
	resp.Diagnostics.Append(d1...)
	resp.Diagnostics.Append(d2...)
	if resp.Diagnostics.HasError() {
		return
	}
	known := knownMembers(stateMembers)
	byID := map[string]string{}
	for _, u := range planUsers {
		id := idOf(u, known)
		if id == "" {
			continue
		}
		if other, ok := byID[id]; ok {
			resp.Diagnostics.AddAttributeError(path.Root("users"), "Two entries name the same BlueXP user",
				fmt.Sprintf("%q and %q both name BlueXP user %s (as recorded in members). Keep one of them: two entries "+
					"for one user would let removing one revoke the role the other still declares.", other, u.key(), id))
			return
		}
		byID[id] = u.key()
	}
	if !sameUsers(planUsers, stateUsers) {
		return
	}
	// A user recorded without an ID is an add not yet confirmed: plan an
	// update, which adds it again (or confirms it).
	for _, u := range planUsers {
		if _, ok := known[u.key()]; !ok {
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("members"), types.MapUnknown(types.StringType))...)
			return
		}
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("members"), stateMembers)...)
}

func (r *adminsResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan adminsModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !shared.RequireClient(r.bluexp, "BlueXP", &resp.Diagnostics) {
		return
	}
	ctx, cancel := shared.WithTimeout(ctx, "create", plan.Timeouts.Create, createTimeout, &resp.Diagnostics)
	defer cancel()

	users, diags := usersOf(ctx, plan.Users)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	pid := plan.PartnershipID.ValueString()
	// A user who holds the role before this Create began is someone else's
	// grant: taking it over would let a destroy revoke it.
	before, err := r.list(client.WithFreshReads(ctx), pid)
	if err != nil {
		if gone, proof := r.partnershipGone(ctx, pid, err); gone {
			err = proof // "no such partnership" says more than the list's refusal
		}
		shared.AddClientError(&resp.Diagnostics, "Unable to read BlueXP "+r.role.noun+"s", err)
		return
	}
	if held := resolve(users, before, nil); len(held) > 0 {
		names := slices.Sorted(maps.Keys(held))
		shared.AddAlreadyExistsError(&resp.Diagnostics, r.role.typeName,
			fmt.Sprintf("the %s role of %s in BlueXP partnership %s", r.role.noun, strings.Join(names, ", "), pid), pid)
		return
	}
	out := r.addUsers(ctx, pid, plan.Description.ValueString(), users, nil, true)
	kept, members := out.record(nil, nil, users)
	out.addDiagnostics(&resp.Diagnostics, r.role, pid, true)
	if len(kept) == 0 && out.err != nil {
		return // nothing was, or may have been, added
	}
	plan.setUsers(kept, members, out.err == nil, &resp.Diagnostics)
	plan.settle()
	// With an error, the framework keeps this state and marks it tainted.
	shared.SaveState(ctx, &resp.State, resp.Identity, &resp.Diagnostics, plan)
	if out.err == nil && plan.Exclusive.ValueBool() {
		// Only once the named users hold the role: the others the plan listed.
		r.removeOthers(ctx, pid, listedIDs(plan.Removes), members, nil, &resp.Diagnostics)
	}
}

func (r *adminsResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state adminsModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !shared.RequireClient(r.bluexp, "BlueXP", &resp.Diagnostics) {
		return
	}
	ctx, cancel := shared.WithTimeout(ctx, "read", state.Timeouts.Read, readTimeout, &resp.Diagnostics)
	defer cancel()

	pid := state.PartnershipID.ValueString()
	members, err := r.list(ctx, pid)
	if err != nil {
		if gone, _ := r.partnershipGone(ctx, pid, err); gone {
			shared.RemoveFromState(ctx, resp, state.Identity())
			return
		}
		shared.AddClientError(&resp.Diagnostics, "Unable to read BlueXP "+r.role.noun+"s", err)
		return
	}
	var kept []userModel
	var found map[string]string
	if state.Users.IsNull() {
		kept = usersByID(members) // import
		found = resolve(kept, members, nil)
	} else {
		users, diags := usersOf(ctx, state.Users)
		resp.Diagnostics.Append(diags...)
		// An email user is found only by the ID learned when it was added.
		// A user recorded without an ID is an add not confirmed yet (its
		// answer was lost, or it was not visible in time): it may still
		// appear, so it stays, and the next apply adds or confirms it.
		known := knownMembers(state.Members)
		found = resolve(users, members, known)
		for _, u := range users {
			_, listed := found[u.key()]
			_, recorded := known[u.key()]
			if listed || !recorded {
				kept = append(kept, u) // users removed out of band drop out
			}
		}
	}
	state.setUsers(kept, found, false, &resp.Diagnostics)
	// Who the last apply removed is history after a refresh; with exclusive,
	// the members no entry names are what the next plan removes.
	if state.Exclusive.IsNull() || state.Exclusive.IsUnknown() {
		state.Exclusive = types.BoolValue(false) // import, or state from before exclusive
	}
	state.Removes, state.OtherMembers = idList(nil), idList(nil)
	if state.Exclusive.ValueBool() {
		state.OtherMembers = idList(slices.Collect(maps.Keys(othersOf(kept, members, found))))
	}
	shared.SaveState(ctx, &resp.State, resp.Identity, &resp.Diagnostics, state)
}

func (r *adminsResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state adminsModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !shared.RequireClient(r.bluexp, "BlueXP", &resp.Diagnostics) {
		return
	}
	ctx, cancel := shared.WithTimeout(ctx, "update", plan.Timeouts.Update, updateTimeout, &resp.Diagnostics)
	defer cancel()

	pid := plan.PartnershipID.ValueString()
	planUsers, d1 := usersOf(ctx, plan.Users)
	stateUsers, d2 := usersOf(ctx, state.Users)
	resp.Diagnostics.Append(d1...)
	resp.Diagnostics.Append(d2...)
	if resp.Diagnostics.HasError() {
		return
	}
	known := knownMembers(state.Members)
	kept, added, removed := diffUsers(stateUsers, planUsers, known)
	keptMembers := recordedMembers(kept, known)

	// A user still named by a remaining entry (or one being added, such as
	// the user_id an email resolved to) is not removed.
	notRemoved, err := r.removeUsers(ctx, pid, removed, known, namedIDs(planUsers, known), &resp.Diagnostics)
	plan.settle()
	if err != nil {
		// The users not removed stay in state, so the next run tries again.
		kept = append(kept, notRemoved...)
		maps.Copy(keptMembers, recordedMembers(notRemoved, known))
		plan.setUsers(kept, keptMembers, false, &resp.Diagnostics)
		shared.SaveState(ctx, &resp.State, resp.Identity, &resp.Diagnostics, plan)
		shared.AddClientError(&resp.Diagnostics, "Unable to remove BlueXP "+r.role.noun, err)
		return
	}
	out := r.addUsers(ctx, pid, plan.Description.ValueString(), added, known, false)
	users, members := out.record(kept, keptMembers, added)
	plan.setUsers(users, members, out.err == nil, &resp.Diagnostics)
	shared.SaveState(ctx, &resp.State, resp.Identity, &resp.Diagnostics, plan)
	out.addDiagnostics(&resp.Diagnostics, r.role, pid, false)
	if out.err == nil && plan.Exclusive.ValueBool() {
		r.removeOthers(ctx, pid, listedIDs(plan.Removes), members, namedIDs(removed, known), &resp.Diagnostics)
	}
}

func (r *adminsResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state adminsModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !shared.RequireClient(r.bluexp, "BlueXP", &resp.Diagnostics) {
		return
	}
	ctx, cancel := shared.WithTimeout(ctx, "delete", state.Timeouts.Delete, deleteTimeout, &resp.Diagnostics)
	defer cancel()

	users, diags := usersOf(ctx, state.Users)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if _, err := r.removeUsers(ctx, state.PartnershipID.ValueString(), users, knownMembers(state.Members), nil, &resp.Diagnostics); err != nil {
		shared.AddClientError(&resp.Diagnostics, "Unable to remove BlueXP "+r.role.noun, err)
	}
}

// ImportState takes the partnership id; Read then lists every current
// member of the role as a user_id element.
func (r *adminsResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id := strings.TrimSpace(shared.ImportID(ctx, req, &resp.Diagnostics, "partnership_id"))
	if !shared.MatchesUUID(id) {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("expected an import ID of the form %q (a UUID), got %q", "<partnership_id>", shared.TruncateForDiag(id)))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("partnership_id"), id)...)
	shared.SetIdentity(ctx, resp.Identity, &resp.Diagnostics, adminsModel{PartnershipID: types.StringValue(id)}.Identity())
}

// settle makes the computed lists of an applied plan known: removes as
// planned (empty if the plan could not know), no other members.
func (m *adminsModel) settle() {
	if m.Removes.IsUnknown() || m.Removes.IsNull() {
		m.Removes = idList(nil)
	}
	m.OtherMembers = idList(nil)
	if m.Exclusive.IsUnknown() || m.Exclusive.IsNull() {
		m.Exclusive = types.BoolValue(false)
	}
}

// setUsers puts into m the users an operation leaves in state, their IDs
// (members) and the ID. asPlanned keeps the planned list instead: on
// success state is the plan, in its order.
func (m *adminsModel) setUsers(users []userModel, members map[string]string, asPlanned bool, diags *diag.Diagnostics) {
	if !asPlanned {
		list, d := usersList(users)
		diags.Append(d...)
		m.Users = list
	}
	m.ID = types.StringValue(m.PartnershipID.ValueString())
	m.Members = membersMap(members)
}

// partnershipGone reports whether a failed list of the role's members means the
// partnership no longer exists, with the answer that proves it. The list
// documents no 404, so a refusal an unknown partnership can cause (even a
// 404, not proof on its own) is checked with GET /partnerships/{id}, whose
// proven 404 is the proof.
func (r *adminsResource) partnershipGone(ctx context.Context, pid string, listErr error) (bool, error) {
	if !bluexpapi.MayMeanPartnershipGone(listErr) {
		return false, nil
	}
	_, err := r.bluexp.GetPartnership(client.WithFreshReads(ctx), pid)
	return client.IsNotFound(err), err
}

// addOutcome is what an add learned: the users seen among the members
// (key → user ID), the users sent whose effect is unknown, and the error
// that stopped it, if any. Users never sent are in neither map.
type addOutcome struct {
	found       map[string]string
	unconfirmed []userModel
	err         error
	// existing names users BlueXP refused because they already hold the
	// role (or, for an email, may): a Create must not take them over.
	existing []string
}

// notConfirmedError is an add BlueXP accepted, or may have done, whose users
// were not all seen among the members.
type notConfirmedError struct {
	cause   error
	missing []string
}

func (e *notConfirmedError) Error() string {
	return fmt.Sprintf("%s; not confirmed: %s", shared.ClientErrorDetail(e.cause), strings.Join(e.missing, ", "))
}

func (e *notConfirmedError) Unwrap() error { return e.cause }

// errSameUser: an email entry resolved to the user another entry names.
type errSameUser struct{ a, b, id string }

func (e *errSameUser) Error() string {
	return fmt.Sprintf("%q and %q name the same BlueXP user (%s): keep one of them, since two entries for one user "+
		"would let removing one revoke the role the other still declares", e.a, e.b, e.id)
}

// errAmbiguousEmail: more than one user appeared while an email user was
// being added, so which one it is cannot be told.
type errAmbiguousEmail struct {
	noun  string
	email string
	ids   []string
}

func (e *errAmbiguousEmail) Error() string {
	return fmt.Sprintf("%d users became %ss while %s was being added (%s), and BlueXP's user object has no email "+
		"to tell which one it is; name the user by user_id instead", len(e.ids), e.noun, e.email, strings.Join(e.ids, ", "))
}

// addUsers adds users and learns the user ID each one resolves to. Each
// email user goes in a request of its own, first: the user object has no
// email, so the one user ID that newly appears among the members is the user
// the address named. The users named by user_id, auth0_id or aad_id then go
// in one request and are confirmed by the fields BlueXP lists; one that is
// the user an email just resolved to is refused as a duplicate. An add whose
// answer was lost is confirmed by one read (shared.ConfirmContext); a 409
// after such a loss is the earlier attempt at work ("another operation is
// already in progress"), and is waited for like a 202.
func (r *adminsResource) addUsers(ctx context.Context, pid, description string, users []userModel, known map[string]string, creating bool) addOutcome {
	out := addOutcome{found: map[string]string{}}
	if len(users) == 0 {
		return out
	}
	// Adds of this process to one partnership take turns, so another
	// resource's users never appear while an email user's ID is learned.
	unlock := lockPartnership(pid)
	defer unlock()
	var static, emails []userModel
	for _, u := range users {
		if u.isEmail() {
			emails = append(emails, u)
		} else {
			static = append(static, u)
		}
	}
	var members []bluexpapi.User   // the latest list, read under the lock
	byEmail := map[string]string{} // lower-case user ID → the email that resolved to it
	for _, u := range emails {
		if members == nil {
			list, err := r.list(client.WithFreshReads(ctx), pid)
			if err != nil {
				out.err = err
				return out
			}
			members = list
		}
		id, list, ok := r.addEmail(ctx, pid, description, u, members, &out)
		if !ok {
			return out
		}
		out.found[u.key()] = id
		byEmail[strings.ToLower(id)] = u.key()
		members = list
	}
	if len(static) == 0 {
		return out
	}
	if len(byEmail) > 0 {
		if err := sameUserAsEmail(static, members, known, byEmail); err != nil {
			out.err = err
			return out
		}
	}
	return r.addStatic(ctx, pid, description, static, known, creating, out)
}

var partnershipLocks sync.Map // lower-case partnership ID → *sync.Mutex

func lockPartnership(pid string) func() {
	mu, _ := partnershipLocks.LoadOrStore(strings.ToLower(pid), &sync.Mutex{})
	m, _ := mu.(*sync.Mutex) // only *sync.Mutex is ever stored
	m.Lock()
	return m.Unlock
}

// addEmail adds one email user and learns its user ID: the one member that
// appears after the add and is not in members, the list read before it. It
// returns that ID and the list it was seen in; false when the add stopped,
// with what stopped it in out.
func (r *adminsResource) addEmail(ctx context.Context, pid, description string, u userModel, members []bluexpapi.User, out *addOutcome) (string, []bluexpapi.User, bool) {
	before := indexMembers(members).byID
	err := r.add(ctx, pid, description, []bluexpapi.UserRef{u.ref()})
	switch {
	case err == nil, client.IsConflict(err) && client.AfterLostAttempt(err):
	case client.IsConflict(err):
		out.existing = append(out.existing, u.key())
		out.err = err
		return "", nil, false
	case client.MayHaveActed(err):
		cctx, cancel := shared.ConfirmContext(ctx)
		list, lerr := r.list(client.WithFreshReads(cctx), pid)
		cancel()
		id, ok := newMember(before, list)
		if lerr != nil || !ok {
			out.unconfirmed = append(out.unconfirmed, u)
			out.err = &notConfirmedError{err, []string{u.key()}}
			return "", nil, false
		}
		// Confirmed: the add happened; go on while time is left.
		return id, list, true
	default:
		out.err = err
		return "", nil, false
	}
	id, list, err := r.waitNewMember(ctx, pid, before, u.key())
	if err != nil {
		out.unconfirmed = append(out.unconfirmed, u)
		var amb *errAmbiguousEmail
		if !errors.As(err, &amb) {
			err = &notConfirmedError{err, []string{u.key()}}
		}
		out.err = err
		return "", nil, false
	}
	return id, list, true
}

// newMember is the one member of list not in before (lower-case IDs).
func newMember(before map[string]string, list []bluexpapi.User) (string, bool) {
	var added []string
	for _, m := range list {
		if _, ok := before[strings.ToLower(m.ID)]; !ok {
			added = append(added, m.ID)
		}
	}
	if len(added) != 1 {
		return "", false
	}
	return added[0], true
}

// waitNewMember polls the list until a member not in before appears: the
// user an email add named. Two or more new members are ambiguous.
func (r *adminsResource) waitNewMember(ctx context.Context, pid string, before map[string]string, email string) (string, []bluexpapi.User, error) {
	var id string
	var members []bluexpapi.User
	fresh := client.WithFreshReads(ctx)
	err := shared.WaitFor(ctx, "the "+r.role.noun+" added by email to become visible", shared.WaitOptions{}, func(context.Context) (bool, error) {
		list, err := r.list(fresh, pid)
		if err != nil {
			return false, err
		}
		members = list
		var added []string
		for _, m := range list {
			if _, ok := before[strings.ToLower(m.ID)]; !ok {
				added = append(added, m.ID)
			}
		}
		switch len(added) {
		case 0:
			return false, nil
		case 1:
			id = added[0]
			return true, nil
		}
		sort.Strings(added)
		return false, &errAmbiguousEmail{r.role.noun, email, added}
	})
	return id, members, err
}

// sameUserAsEmail refuses a static user that is the user an email entry just
// resolved to (byEmail: lower-case user ID → email).
func sameUserAsEmail(static []userModel, members []bluexpapi.User, known, byEmail map[string]string) error {
	for _, u := range static {
		if id, ok := indexMembers(members).find(u, known); ok {
			if email, dup := byEmail[strings.ToLower(id)]; dup {
				return &errSameUser{email, u.key(), id}
			}
		}
	}
	return nil
}

// addStatic adds the users named by user_id, auth0_id or aad_id in one
// request, then waits until BlueXP lists them all.
func (r *adminsResource) addStatic(ctx context.Context, pid, description string, static []userModel, known map[string]string, creating bool, out addOutcome) addOutcome {
	refs := make([]bluexpapi.UserRef, len(static))
	for i, u := range static {
		refs[i] = u.ref()
	}
	err := r.add(ctx, pid, description, refs)
	switch {
	case err == nil, client.IsConflict(err) && client.AfterLostAttempt(err):
	case client.IsConflict(err):
		// Some users already hold the role: add only the others.
		var done bool
		if out, done = r.addNotHeld(ctx, pid, description, static, known, creating, err, out); done {
			return out
		}
	case client.MayHaveActed(err):
		return r.confirmStatic(ctx, pid, static, known, err, out)
	default:
		out.err = err
		return out
	}
	found, _, err := r.waitMembers(ctx, pid, static, known)
	maps.Copy(out.found, found)
	if err != nil {
		if ctx.Err() != nil {
			return r.confirmStatic(ctx, pid, static, known, err, out)
		}
		out.unconfirmed = missingUsers(static, out.found)
		out.err = &notConfirmedError{err, keys(out.unconfirmed)}
	}
	return out
}

// addNotHeld follows a 409 to an add of static users: some of them already
// hold the role. A Create reports them and stops; an Update adds the others.
// done is false when the add goes on: its users are to be waited for.
func (r *adminsResource) addNotHeld(ctx context.Context, pid, description string, static []userModel, known map[string]string, creating bool, conflict error, out addOutcome) (_ addOutcome, done bool) {
	list, lerr := r.list(client.WithFreshReads(ctx), pid)
	if lerr != nil {
		out.err = conflict
		return out, true
	}
	held := resolve(static, list, known)
	if len(held) == 0 {
		out.err = conflict // not explained by the members
		return out, true
	}
	if creating { // they were not members when this Create began
		for _, u := range static {
			if _, ok := held[u.key()]; ok {
				out.existing = append(out.existing, u.key())
			}
		}
		out.err = conflict
		return out, true
	}
	var rest []bluexpapi.UserRef
	for _, u := range static {
		if _, ok := held[u.key()]; !ok {
			rest = append(rest, u.ref())
		}
	}
	if len(rest) > 0 {
		// A 409 after our own lost attempt is that attempt still running.
		ownLostAttempt := func(err error) bool { return client.IsConflict(err) && client.AfterLostAttempt(err) }
		if err := r.add(ctx, pid, description, rest); err != nil && !ownLostAttempt(err) {
			if !client.MayHaveActed(err) {
				maps.Copy(out.found, held)
				out.err = err
				return out, true
			}
			return r.confirmStatic(ctx, pid, static, known, err, out), true
		}
	}
	return out, false
}

// confirmStatic ends an add of static users whose outcome is unknown: one
// read, after the operation's own context if need be, says which are in.
// When it shows them all, the add succeeded after all.
func (r *adminsResource) confirmStatic(ctx context.Context, pid string, static []userModel, known map[string]string, cause error, out addOutcome) addOutcome {
	cctx, cancel := shared.ConfirmContext(ctx)
	defer cancel()
	if list, err := r.list(client.WithFreshReads(cctx), pid); err == nil {
		maps.Copy(out.found, resolve(static, list, known))
	}
	out.unconfirmed = missingUsers(static, out.found)
	if len(out.unconfirmed) > 0 {
		out.err = &notConfirmedError{cause, keys(out.unconfirmed)}
	} else {
		out.err = nil // the read proves the add happened
	}
	return out
}

// waitMembers polls the list (fresh reads) until every user resolves,
// bounded by ctx. It returns what resolved and the last list read.
func (r *adminsResource) waitMembers(ctx context.Context, pid string, users []userModel, known map[string]string) (map[string]string, []bluexpapi.User, error) {
	var found map[string]string
	var members []bluexpapi.User
	fresh := client.WithFreshReads(ctx)
	err := shared.WaitFor(ctx, "the added "+r.role.noun+"s to become visible", shared.WaitOptions{}, func(context.Context) (bool, error) {
		list, err := r.list(fresh, pid)
		if err != nil {
			return false, err
		}
		members = list
		found = resolve(users, list, known)
		return len(found) == len(users), nil
	})
	return found, members, err
}

func missingUsers(users []userModel, found map[string]string) []userModel {
	var out []userModel
	for _, u := range users {
		if _, ok := found[u.key()]; !ok {
			out = append(out, u)
		}
	}
	return out
}

func keys(users []userModel) []string {
	out := make([]string, len(users))
	for i, u := range users {
		out[i] = u.key()
	}
	sort.Strings(out)
	return out
}

// record adds to base what an add learned: the users confirmed and the ones
// that may have been added, so none is forgotten; members holds the IDs.
func (o addOutcome) record(base []userModel, baseMembers map[string]string, added []userModel) ([]userModel, map[string]string) {
	users := slices.Clone(base)
	members := maps.Clone(baseMembers)
	if members == nil {
		members = map[string]string{}
	}
	unconfirmed := map[userModel]bool{}
	for _, u := range o.unconfirmed {
		unconfirmed[u] = true
	}
	for _, u := range added {
		if id, ok := o.found[u.key()]; ok {
			users = append(users, u)
			members[u.key()] = id
		} else if unconfirmed[u] {
			users = append(users, u)
		}
	}
	return users, members
}

// addDiagnostics reports an add that did not fully succeed.
func (o addOutcome) addDiagnostics(diags *diag.Diagnostics, ro role, pid string, creating bool) {
	if o.err == nil {
		return
	}
	var nc *notConfirmedError
	var amb *errAmbiguousEmail
	var same *errSameUser
	switch {
	case creating && len(o.existing) > 0:
		sort.Strings(o.existing)
		shared.AddAlreadyExistsError(diags, ro.typeName,
			fmt.Sprintf("the %s role of %s in BlueXP partnership %s (BlueXP answered 409 Conflict)", ro.noun, strings.Join(o.existing, ", "), pid), pid)
	case len(o.existing) > 0:
		shared.AddClientError(diags, "BlueXP "+ro.noun+" already in the role", fmt.Errorf(
			"BlueXP refused to add %s: the user already holds the role (perhaps named by another entry, or added outside "+
				"Terraform), or another operation on the partnership is in progress. BlueXP's user object has no email, so "+
				"the provider cannot tell which member an address is: name the user by user_id. %s",
			strings.Join(o.existing, ", "), shared.ClientErrorDetail(o.err)))
	case errors.As(o.err, &same):
		diags.AddError("Two entries name the same BlueXP user", same.Error())
	case errors.As(o.err, &amb):
		diags.AddError("BlueXP "+ro.noun+" added by email but not identified", amb.Error())
	case errors.As(o.err, &nc):
		diags.AddError("BlueXP "+ro.noun+"s added but not confirmed",
			"BlueXP accepted the request (or may have: its answer was lost), but not every user appeared among the "+
				"partnership's "+ro.noun+"s. They are kept in state so the next run checks them again: "+nc.Error())
	case client.MayHaveActed(o.err):
		shared.AddClientError(diags, "BlueXP "+ro.noun+"s may have been added", o.err)
	default:
		shared.AddClientError(diags, "Unable to add BlueXP "+ro.noun+"s", o.err)
	}
}

// removeUsers removes each user from the role, by the user ID recorded in
// members (or, for a user_id, auth0_id or aad_id entry not recorded, found in
// the list). A user whose ID is in stay is still named by another entry and is
// kept; an email user whose ID was never learned cannot be found, and is
// reported. Users that are not members (404, or not listed) are already gone.
// It returns the users not removed when it fails.
func (r *adminsResource) removeUsers(ctx context.Context, pid string, users []userModel, known map[string]string, stay map[string]bool, diags *diag.Diagnostics) ([]userModel, error) {
	if len(users) == 0 {
		return nil, nil
	}
	ids := map[string]string{}
	var lookup []userModel
	for _, u := range users {
		if id := idOf(u, known); id != "" {
			ids[u.key()] = id
		} else if !u.isEmail() {
			lookup = append(lookup, u)
		} else {
			diags.AddWarning("BlueXP "+r.role.noun+" not removed: "+u.key(),
				"The user ID this email resolved to was never learned (its add was not confirmed), and BlueXP's user object "+
					"has no email to find it by. If "+u.key()+" holds the "+r.role.noun+" role, remove it in the BlueXP console.")
		}
	}
	if len(lookup) > 0 {
		list, err := r.list(client.WithFreshReads(ctx), pid)
		if gone, _ := r.partnershipGone(ctx, pid, err); gone {
			return nil, nil
		} else if err != nil {
			return users, err
		}
		for k, v := range resolve(lookup, list, nil) {
			ids[k] = strings.ToLower(v)
		}
	}
	// One DELETE per distinct user: two entries may have named one user.
	byID := map[string][]userModel{}
	for _, u := range users {
		if id, ok := ids[u.key()]; ok && !stay[id] {
			byID[id] = append(byID[id], u)
		}
	}
	return r.removeIDs(ctx, pid, users, byID)
}

// removeIDs sends one DELETE per user ID, a few at a time; a user that is
// not a member (404) is already gone. After a DELETE fails no new one is
// sent, but those in flight finish, so that each user's outcome is known:
// it returns the users of every ID not known to be removed (the failed ones
// and those never sent).
func (r *adminsResource) removeIDs(ctx context.Context, pid string, users []userModel, byID map[string][]userModel) ([]userModel, error) {
	var mu sync.Mutex
	removed := map[string]bool{}
	var failed atomic.Bool
	var g errgroup.Group
	g.SetLimit(removeConcurrency)
	for id := range byID {
		g.Go(func() error {
			if failed.Load() {
				return nil
			}
			if err := r.removeOne(ctx, pid, id); err != nil && !client.IsNotFound(err) {
				failed.Store(true)
				return err
			}
			mu.Lock()
			removed[id] = true
			mu.Unlock()
			return nil
		})
	}
	err := g.Wait()
	if err == nil {
		return nil, nil
	}
	kept := map[string]bool{}
	for id, named := range byID {
		if !removed[id] {
			for _, u := range named {
				kept[u.key()] = true
			}
		}
	}
	var notRemoved []userModel
	for _, u := range users {
		if kept[u.key()] {
			notRemoved = append(notRemoved, u)
		}
	}
	return notRemoved, err
}
