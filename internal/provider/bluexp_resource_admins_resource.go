package provider

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/client"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/client/bluexp"
)

var (
	_ resource.Resource                = (*bluexpResourceAdminsResource)(nil)
	_ resource.ResourceWithConfigure   = (*bluexpResourceAdminsResource)(nil)
	_ resource.ResourceWithImportState = (*bluexpResourceAdminsResource)(nil)
	_ resource.ResourceWithIdentity    = (*bluexpResourceAdminsResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*bluexpResourceAdminsResource)(nil)
)

// NewBlueXPResourceAdminsResource is the resource factory.
func NewBlueXPResourceAdminsResource() resource.Resource {
	return &bluexpResourceAdminsResource{}
}

type bluexpResourceAdminsResource struct {
	bluexp *bluexp.Client
}

type bluexpResourceAdminsModel struct {
	ID            types.String   `tfsdk:"id"`
	PartnershipID types.String   `tfsdk:"partnership_id"`
	Description   types.String   `tfsdk:"description"`
	Users         types.Set      `tfsdk:"users"`
	Members       types.Map      `tfsdk:"members"`
	Timeouts      timeouts.Value `tfsdk:"timeouts"`
}

// bluexpUserModel is one element of users: exactly one field is set.
type bluexpUserModel struct {
	UserID  types.String `tfsdk:"user_id"`
	Email   types.String `tfsdk:"email"`
	Auth0ID types.String `tfsdk:"auth0_id"`
	AADID   types.String `tfsdk:"aad_id"`
}

var bluexpUserAttrTypes = map[string]attr.Type{
	"user_id": types.StringType, "email": types.StringType, "auth0_id": types.StringType, "aad_id": types.StringType,
}

const (
	bluexpAdminsCreateTimeout = 10 * time.Minute
	bluexpAdminsReadTimeout   = 5 * time.Minute
	bluexpAdminsUpdateTimeout = 10 * time.Minute
	bluexpAdminsDeleteTimeout = 10 * time.Minute
)

var (
	emailRE = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
	auth0RE = regexp.MustCompile(`^[A-Za-z0-9_-]+(-[A-Za-z0-9_]+)*\|[^\s|/]+$`)
)

func (r *bluexpResourceAdminsResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_bluexp_resource_admins"
}

func (r *bluexpResourceAdminsResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identitySchema(
		identityAttr{name: "partnership_id", description: "The BlueXP partnership ID (a UUID)."},
	)
}

// identity is the resource identity, from the arguments stored in state.
func (m bluexpResourceAdminsModel) identity() map[string]types.String {
	return map[string]types.String{"partnership_id": m.PartnershipID}
}

func (r *bluexpResourceAdminsResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	others := func(self string) []path.Expression {
		var out []path.Expression
		for _, n := range []string{"user_id", "email", "auth0_id", "aad_id"} {
			if n != self {
				out = append(out, path.MatchRelative().AtParent().AtName(n))
			}
		}
		return out
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Gives users the **ResourceAdmin** role in a NetApp BlueXP partnership.\n\n" +
			"The resource is **additive**: it manages only the users it names. ResourceAdmins added in the BlueXP " +
			"console or by other configurations are never removed or changed, and are not shown in `users` (except " +
			"after an import, which lists every current ResourceAdmin). Destroying the resource removes only the users " +
			"it names.\n\n" +
			"BlueXP adds users asynchronously (HTTP 202): after adding, the provider reads each user back, waiting up to " +
			"the `create` (or `update`) timeout. A user removed outside Terraform drops out of state and is added again " +
			"by the next apply.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The partnership ID.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"partnership_id": schema.StringAttribute{
				MarkdownDescription: "ID (a UUID) of the partnership. Changing it replaces the resource.",
				Required:            true,
				Validators:          []validator.String{isUUID()},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"description": schema.StringAttribute{
				MarkdownDescription: "Text sent with each add request (BlueXP's `description`). Not read back.",
				Optional:            true,
			},
			"users": schema.SetNestedAttribute{
				MarkdownDescription: "Users who hold the ResourceAdmin role. Each names the user by exactly one of " +
					"`user_id`, `email`, `auth0_id` or `aad_id`.",
				Required:   true,
				Validators: []validator.Set{setvalidator.SizeAtLeast(1)},
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"user_id": schema.StringAttribute{
							MarkdownDescription: "BlueXP user ID (a UUID).",
							Optional:            true,
							Validators: []validator.String{
								isUUID(),
								// One ExactlyOneOf covers the element, so an element with none or two
								// identifiers gets one error, at its path.
								stringvalidator.ExactlyOneOf(others("user_id")...),
							},
						},
						"email": schema.StringAttribute{
							MarkdownDescription: "Email address of the user.",
							Optional:            true,
							Validators:          []validator.String{stringvalidator.RegexMatches(emailRE, "must be an email address")},
						},
						"auth0_id": schema.StringAttribute{
							MarkdownDescription: "Auth0 ID of the user, such as `auth0|5a09551d0d9ef535b823bd3f`.",
							Optional:            true,
							Validators:          []validator.String{stringvalidator.RegexMatches(auth0RE, "must be an Auth0 ID of the form <connection>|<id>")},
						},
						"aad_id": schema.StringAttribute{
							MarkdownDescription: "Azure AD (Entra ID) object ID of the user (a UUID).",
							Optional:            true,
							Validators:          []validator.String{isUUID()},
						},
					},
				},
			},
			"members": schema.MapAttribute{
				MarkdownDescription: "Map from each configured identifier (the `user_id`, `email`, `auth0_id` or `aad_id` " +
					"value) to the BlueXP user ID it resolved to.",
				ElementType: types.StringType,
				Computed:    true,
			},
			"timeouts": timeouts.Attributes(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
		},
	}
}

func (r *bluexpResourceAdminsResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.bluexp, _ = clientFrom(req.ProviderData, "BlueXP", func(pd *providerData) vendorClient[*bluexp.Client] { return pd.bluexp }, &resp.Diagnostics)
}

// ModifyPlan keeps members known when users do not change.
func (r *bluexpResourceAdminsResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() {
		return
	}
	var planUsers, stateUsers types.Set
	var stateMembers types.Map
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("users"), &planUsers)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("users"), &stateUsers)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("members"), &stateMembers)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if planUsers.Equal(stateUsers) {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("members"), stateMembers)...)
	}
}

// userKey is what identifies a configured user: the identifier's value.
func (u bluexpUserModel) key() string {
	for _, v := range []types.String{u.UserID, u.Email, u.Auth0ID, u.AADID} {
		if !v.IsNull() && !v.IsUnknown() {
			return v.ValueString()
		}
	}
	return ""
}

func (u bluexpUserModel) ref() bluexp.UserRef {
	return bluexp.UserRef{
		UserID: u.UserID.ValueString(), EmailID: u.Email.ValueString(),
		Auth0ID: u.Auth0ID.ValueString(), AADID: u.AADID.ValueString(),
	}
}

// matches reports whether a member is the configured user.
func (u bluexpUserModel) matches(m bluexp.User) bool {
	switch {
	case !u.UserID.IsNull():
		return strings.EqualFold(m.ID, u.UserID.ValueString())
	case !u.Email.IsNull():
		e := u.Email.ValueString()
		return strings.EqualFold(m.Email, e) || strings.EqualFold(m.Name, e)
	case !u.Auth0ID.IsNull():
		return m.Auth0ID == u.Auth0ID.ValueString()
	case !u.AADID.IsNull():
		return m.AADID != "" && strings.EqualFold(m.AADID, u.AADID.ValueString())
	}
	return false
}

// resolve maps each user to the member it names; unmatched users are absent.
func resolve(users []bluexpUserModel, members []bluexp.User) map[string]string {
	out := map[string]string{}
	for _, u := range users {
		for _, m := range members {
			if u.matches(m) {
				out[u.key()] = m.ID
				break
			}
		}
	}
	return out
}

// usersByID names every current ResourceAdmin by user id: what an import
// (or a listing) adopts.
func usersByID(members []bluexp.User) []bluexpUserModel {
	users := make([]bluexpUserModel, 0, len(members))
	for _, m := range members {
		users = append(users, bluexpUserModel{UserID: types.StringValue(m.ID), Email: types.StringNull(), Auth0ID: types.StringNull(), AADID: types.StringNull()})
	}
	return users
}

func usersOf(ctx context.Context, set types.Set) ([]bluexpUserModel, diag.Diagnostics) {
	var users []bluexpUserModel
	if set.IsNull() || set.IsUnknown() {
		return nil, nil
	}
	diags := set.ElementsAs(ctx, &users, false)
	return users, diags
}

func usersSet(users []bluexpUserModel) (types.Set, diag.Diagnostics) {
	elems := make([]attr.Value, 0, len(users))
	var diags diag.Diagnostics
	for _, u := range users {
		obj, d := types.ObjectValueFrom(context.Background(), bluexpUserAttrTypes, u)
		diags.Append(d...)
		elems = append(elems, obj)
	}
	s, d := types.SetValue(types.ObjectType{AttrTypes: bluexpUserAttrTypes}, elems)
	diags.Append(d...)
	return s, diags
}

func membersMap(m map[string]string) basetypes.MapValue {
	elems := make(map[string]attr.Value, len(m))
	for k, v := range m {
		elems[k] = types.StringValue(v)
	}
	return types.MapValueMust(types.StringType, elems)
}

// add posts the users in one request. A 409 (a user already holds the role)
// is answered by reading the list and posting once more only the users
// that are not members yet.
func (r *bluexpResourceAdminsResource) add(ctx context.Context, pid, description string, users []bluexpUserModel) error {
	if len(users) == 0 {
		return nil
	}
	refs := make([]bluexp.UserRef, len(users))
	for i, u := range users {
		refs[i] = u.ref()
	}
	err := r.bluexp.AddResourceAdmins(ctx, pid, description, refs)
	if !client.IsConflict(err) {
		return err
	}
	members, lerr := r.bluexp.ListResourceAdminsUncached(ctx, pid)
	if lerr != nil {
		return err
	}
	found := resolve(users, members)
	var rest []bluexp.UserRef
	for _, u := range users {
		if _, ok := found[u.key()]; !ok {
			rest = append(rest, u.ref())
		}
	}
	if len(rest) == 0 {
		return nil // every user already holds the role
	}
	if len(rest) == len(users) {
		return err // the 409 is not explained by existing members
	}
	return r.bluexp.AddResourceAdmins(ctx, pid, description, rest)
}

// waitMembers polls the list until every user resolves, bounded by ctx.
func (r *bluexpResourceAdminsResource) waitMembers(ctx context.Context, pid string, users []bluexpUserModel) (map[string]string, error) {
	var found map[string]string
	err := waitFor(ctx, "the added ResourceAdmins to become visible", waitOptions{}, func(ctx context.Context) (bool, error) {
		members, err := r.bluexp.ListResourceAdminsUncached(ctx, pid)
		if err != nil {
			return false, err
		}
		found = resolve(users, members)
		return len(found) == len(users), nil
	})
	if err != nil {
		var missing []string
		for _, u := range users {
			if _, ok := found[u.key()]; !ok {
				missing = append(missing, u.key())
			}
		}
		sort.Strings(missing)
		return found, fmt.Errorf("%s; not yet listed: %s", clientErrorDetail(err), strings.Join(missing, ", "))
	}
	return found, nil
}

func (r *bluexpResourceAdminsResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan bluexpResourceAdminsModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !requireClient(r.bluexp, "BlueXP", &resp.Diagnostics) {
		return
	}
	ctx, cancel := withTimeout(ctx, plan.Timeouts.Create, bluexpAdminsCreateTimeout, &resp.Diagnostics)
	defer cancel()

	users, diags := usersOf(ctx, plan.Users)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	pid := plan.PartnershipID.ValueString()
	if err := r.add(ctx, pid, plan.Description.ValueString(), users); err != nil {
		addClientError(&resp.Diagnostics, "Unable to add BlueXP ResourceAdmins", err)
		return
	}
	plan.ID = types.StringValue(pid)
	found, err := r.waitMembers(ctx, pid, users)
	plan.Members = membersMap(found)
	// BlueXP accepted the users: keep them in state even when not yet
	// confirmed, so they are not orphaned; the next plan reads them again.
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	setIdentity(ctx, resp.Identity, &resp.Diagnostics, plan.identity())
	if err != nil {
		resp.Diagnostics.AddError("BlueXP ResourceAdmins added but not confirmed",
			"BlueXP accepted the request (202), but not every user appeared among the partnership's ResourceAdmins: "+err.Error())
	}
}

func (r *bluexpResourceAdminsResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state bluexpResourceAdminsModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.bluexp, "BlueXP", &resp.Diagnostics) {
		return
	}
	ctx, cancel := withTimeout(ctx, state.Timeouts.Read, bluexpAdminsReadTimeout, &resp.Diagnostics)
	defer cancel()

	pid := state.PartnershipID.ValueString()
	members, err := r.bluexp.ListResourceAdmins(ctx, pid)
	switch {
	case client.IsNotFound(err):
		removeFromState(ctx, resp, state.identity()) // the partnership is gone
		return
	case err != nil:
		addClientError(&resp.Diagnostics, "Unable to read BlueXP ResourceAdmins", err)
		return
	}
	var kept []bluexpUserModel
	if state.Users.IsNull() {
		kept = usersByID(members) // import
	} else {
		users, diags := usersOf(ctx, state.Users)
		resp.Diagnostics.Append(diags...)
		found := resolve(users, members)
		for _, u := range users {
			if _, ok := found[u.key()]; ok {
				kept = append(kept, u) // users removed out of band drop out
			}
		}
	}
	found := resolve(kept, members)
	set, diags := usersSet(kept)
	resp.Diagnostics.Append(diags...)
	state.Users = set
	state.Members = membersMap(found)
	state.ID = types.StringValue(pid)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	setIdentity(ctx, resp.Identity, &resp.Diagnostics, state.identity())
}

func (r *bluexpResourceAdminsResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state bluexpResourceAdminsModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.bluexp, "BlueXP", &resp.Diagnostics) {
		return
	}
	ctx, cancel := withTimeout(ctx, plan.Timeouts.Update, bluexpAdminsUpdateTimeout, &resp.Diagnostics)
	defer cancel()

	pid := plan.PartnershipID.ValueString()
	planUsers, d1 := usersOf(ctx, plan.Users)
	stateUsers, d2 := usersOf(ctx, state.Users)
	resp.Diagnostics.Append(d1...)
	resp.Diagnostics.Append(d2...)
	if resp.Diagnostics.HasError() {
		return
	}
	inState := map[bluexpUserModel]bool{}
	for _, u := range stateUsers {
		inState[u] = true
	}
	inPlan := map[bluexpUserModel]bool{}
	var added []bluexpUserModel
	for _, u := range planUsers {
		inPlan[u] = true
		if !inState[u] {
			added = append(added, u)
		}
	}
	var removed []bluexpUserModel
	for _, u := range stateUsers {
		if !inPlan[u] {
			removed = append(removed, u)
		}
	}

	if err := r.removeUsers(ctx, pid, removed, state.Members); err != nil {
		addClientError(&resp.Diagnostics, "Unable to remove BlueXP ResourceAdmin", err)
		return
	}
	if err := r.add(ctx, pid, plan.Description.ValueString(), added); err != nil {
		addClientError(&resp.Diagnostics, "Unable to add BlueXP ResourceAdmins", err)
		return
	}
	found, err := r.waitMembers(ctx, pid, planUsers)
	plan.ID = types.StringValue(pid)
	plan.Members = membersMap(found)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	setIdentity(ctx, resp.Identity, &resp.Diagnostics, plan.identity())
	if err != nil {
		resp.Diagnostics.AddError("BlueXP ResourceAdmins added but not confirmed",
			"BlueXP accepted the request (202), but not every user appeared among the partnership's ResourceAdmins: "+err.Error())
	}
}

// removeUsers deletes each user from the role; its BlueXP id comes from
// members, or from the list when unknown. Users that are not members (404,
// or not listed) are already gone.
func (r *bluexpResourceAdminsResource) removeUsers(ctx context.Context, pid string, users []bluexpUserModel, members types.Map) error {
	if len(users) == 0 {
		return nil
	}
	known := map[string]string{}
	if !members.IsNull() && !members.IsUnknown() {
		for k, v := range members.Elements() {
			if s, ok := v.(types.String); ok && !s.IsNull() && !s.IsUnknown() {
				known[k] = s.ValueString()
			}
		}
	}
	var unknown []bluexpUserModel
	for _, u := range users {
		if _, ok := known[u.key()]; !ok {
			unknown = append(unknown, u)
		}
	}
	if len(unknown) > 0 {
		list, err := r.bluexp.ListResourceAdmins(ctx, pid)
		if err != nil {
			if client.IsNotFound(err) {
				return nil
			}
			return err
		}
		for k, v := range resolve(unknown, list) {
			known[k] = v
		}
	}
	for _, u := range users {
		id, ok := known[u.key()]
		if !ok {
			continue
		}
		if err := r.bluexp.RemoveResourceAdmin(ctx, pid, id); err != nil && !client.IsNotFound(err) {
			return err
		}
	}
	return nil
}

func (r *bluexpResourceAdminsResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state bluexpResourceAdminsModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.bluexp, "BlueXP", &resp.Diagnostics) {
		return
	}
	ctx, cancel := withTimeout(ctx, state.Timeouts.Delete, bluexpAdminsDeleteTimeout, &resp.Diagnostics)
	defer cancel()

	users, diags := usersOf(ctx, state.Users)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if err := r.removeUsers(ctx, state.PartnershipID.ValueString(), users, state.Members); err != nil {
		addClientError(&resp.Diagnostics, "Unable to remove BlueXP ResourceAdmin", err)
	}
}

// ImportState takes the partnership id; Read then lists every current
// ResourceAdmin as a user_id element.
func (r *bluexpResourceAdminsResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id := strings.TrimSpace(importID(ctx, req, &resp.Diagnostics, "partnership_id"))
	if !uuidRE.MatchString(id) {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("expected an import ID of the form %q (a UUID), got %q", "<partnership_id>", truncateForDiag(id)))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("partnership_id"), id)...)
	setIdentity(ctx, resp.Identity, &resp.Diagnostics, bluexpResourceAdminsModel{PartnershipID: types.StringValue(id)}.identity())
}
