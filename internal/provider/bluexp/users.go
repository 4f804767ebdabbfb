package bluexp

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	bluexpapi "github.com/partneradmin/terraform-provider-partneradmin/internal/client/bluexp"
)

// The users of a bluexp_resource_admins resource: an entry's identifier, its
// Terraform values, how it is matched with BlueXP's members, and how two
// lists of entries compare.

func (u userModel) kind() string {
	switch {
	case !u.UserID.IsNull():
		return "user_id"
	case !u.Email.IsNull():
		return "email"
	case !u.Auth0ID.IsNull():
		return "auth0_id"
	case !u.AADID.IsNull():
		return "aad_id"
	}
	return ""
}

func (u userModel) isEmail() bool { return !u.Email.IsNull() && !u.Email.IsUnknown() }

// key is what identifies a configured user: the identifier's value, as
// written. It is the key of the user in members.
func (u userModel) key() string {
	for _, v := range []types.String{u.UserID, u.Email, u.Auth0ID, u.AADID} {
		if !v.IsNull() && !v.IsUnknown() {
			return v.ValueString()
		}
	}
	return ""
}

func (u userModel) ref() bluexpapi.UserRef {
	return bluexpapi.UserRef{
		UserID: u.UserID.ValueString(), EmailID: u.Email.ValueString(),
		Auth0ID: u.Auth0ID.ValueString(), AADID: u.AADID.ValueString(),
	}
}

func usersOf(ctx context.Context, list types.List) ([]userModel, diag.Diagnostics) {
	var users []userModel
	if list.IsNull() || list.IsUnknown() {
		return nil, nil
	}
	diags := list.ElementsAs(ctx, &users, false)
	return users, diags
}

func usersList(users []userModel) (types.List, diag.Diagnostics) {
	elems := make([]attr.Value, 0, len(users))
	var diags diag.Diagnostics
	for _, u := range users {
		obj, d := types.ObjectValueFrom(context.Background(), userAttrTypes, u)
		diags.Append(d...)
		elems = append(elems, obj)
	}
	s, d := types.ListValue(types.ObjectType{AttrTypes: userAttrTypes}, elems)
	diags.Append(d...)
	return s, diags
}

// usersByID names every current ResourceAdmin by user id: what an import
// (or a listing) adopts.
func usersByID(members []bluexpapi.User) []userModel {
	users := make([]userModel, 0, len(members))
	for _, m := range members {
		users = append(users, userModel{UserID: types.StringValue(m.ID), Email: types.StringNull(), Auth0ID: types.StringNull(), AADID: types.StringNull()})
	}
	return users
}

func membersMap(m map[string]string) basetypes.MapValue {
	elems := make(map[string]attr.Value, len(m))
	for k, v := range m {
		elems[k] = types.StringValue(v)
	}
	return types.MapValueMust(types.StringType, elems)
}

// knownMembers reads the members map of state.
func knownMembers(members types.Map) map[string]string {
	known := map[string]string{}
	if members.IsNull() || members.IsUnknown() {
		return known
	}
	for k, v := range members.Elements() {
		if s, ok := v.(types.String); ok && !s.IsNull() && !s.IsUnknown() {
			known[k] = s.ValueString()
		}
	}
	return known
}

// memberIndex finds members by the fields BlueXP returns. There is no email
// field, and a display name is never an identifier.
type memberIndex struct {
	byID    map[string]string // lower-case user ID → ID
	byAAD   map[string]string // lower-case AAD ID → user ID
	byAuth0 map[string][]bluexpapi.User
}

func indexMembers(members []bluexpapi.User) memberIndex {
	x := memberIndex{byID: map[string]string{}, byAAD: map[string]string{}, byAuth0: map[string][]bluexpapi.User{}}
	for _, m := range members {
		x.byID[strings.ToLower(m.ID)] = m.ID
		if m.AADID != "" {
			x.byAAD[strings.ToLower(m.AADID)] = m.ID
		}
		if m.Auth0ID != "" {
			rest := bluexpapi.Auth0IDRest(m.Auth0ID)
			x.byAuth0[rest] = append(x.byAuth0[rest], m)
		}
	}
	return x
}

// find returns the ID of the member u names. An email user is found only
// by the user ID learned when it was added (known).
func (x memberIndex) find(u userModel, known map[string]string) (string, bool) {
	if id, ok := known[u.key()]; ok && id != "" {
		if got, ok := x.byID[strings.ToLower(id)]; ok {
			return got, true
		}
	}
	switch {
	case !u.UserID.IsNull():
		id, ok := x.byID[strings.ToLower(u.UserID.ValueString())]
		return id, ok
	case !u.Auth0ID.IsNull():
		want := u.Auth0ID.ValueString()
		for _, m := range x.byAuth0[bluexpapi.Auth0IDRest(want)] {
			if bluexpapi.SameAuth0ID(m.Auth0ID, want) {
				return m.ID, true
			}
		}
	case !u.AADID.IsNull():
		id, ok := x.byAAD[strings.ToLower(u.AADID.ValueString())]
		return id, ok
	}
	return "", false
}

// resolve maps each user to the member it names; users not found are absent.
func resolve(users []userModel, members []bluexpapi.User, known map[string]string) map[string]string {
	x := indexMembers(members)
	out := map[string]string{}
	for _, u := range users {
		if id, ok := x.find(u, known); ok {
			out[u.key()] = id
		}
	}
	return out
}

// idOf is the user ID an entry stands for without a read: its user_id, or
// what members recorded. Lower case, for comparing.
func idOf(u userModel, known map[string]string) string {
	if !u.UserID.IsNull() && !u.UserID.IsUnknown() {
		return strings.ToLower(u.UserID.ValueString())
	}
	return strings.ToLower(known[u.key()])
}

// sameUsers compares two lists of entries as sets, in linear time: the
// order of users means nothing to BlueXP.
func sameUsers(a, b []userModel) bool {
	if len(a) != len(b) {
		return false
	}
	in := make(map[userModel]bool, len(a))
	for _, u := range a {
		in[u] = true
	}
	for _, u := range b {
		if !in[u] {
			return false
		}
	}
	return true
}

// diffUsers compares the users in state with the planned ones as sets (the
// order means nothing to BlueXP). kept are the planned users already in state
// with a recorded user ID; added are the other planned users: new ones, and
// ones whose add was not confirmed before, which are added again; removed are
// the users in state no longer planned. kept and added follow the plan's
// order, removed the state's.
func diffUsers(state, plan []userModel, known map[string]string) (kept, added, removed []userModel) {
	inState := map[userModel]bool{}
	for _, u := range state {
		inState[u] = true
	}
	inPlan := map[userModel]bool{}
	for _, u := range plan {
		inPlan[u] = true
		_, recorded := known[u.key()]
		if inState[u] && recorded {
			kept = append(kept, u)
		} else {
			added = append(added, u)
		}
	}
	for _, u := range state {
		if !inPlan[u] {
			removed = append(removed, u)
		}
	}
	return kept, added, removed
}

// recordedMembers is the part of known (members in state) that names users.
func recordedMembers(users []userModel, known map[string]string) map[string]string {
	out := map[string]string{}
	for _, u := range users {
		if id, ok := known[u.key()]; ok {
			out[u.key()] = id
		}
	}
	return out
}

// namedIDs is the set of user IDs the entries stand for without a read
// (idOf): a user among them stays in the role.
func namedIDs(users []userModel, known map[string]string) map[string]bool {
	ids := map[string]bool{}
	for _, u := range users {
		if id := idOf(u, known); id != "" {
			ids[id] = true
		}
	}
	return ids
}
