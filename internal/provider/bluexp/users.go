package bluexp

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	bluexpapi "github.com/partneradmin/terraform-provider-partneradmin/internal/client/bluexp"
)

// The users of a bluexp_resource_admins resource: how an entry is checked,
// compared with another, and matched with BlueXP's members.

const oneIdentifier = "set exactly one of user_id, email, auth0_id, aad_id"

// usersValidator checks the whole users list in one pass: every entry
// names its user by exactly one identifier, and no two entries name the same
// user as far as the values show. (One ExactlyOneOf per entry resolved its
// sibling paths against the whole configuration: quadratic in the number of
// users; see the README's 1,000-user figures.)
type usersValidator struct{}

func (usersValidator) Description(context.Context) string {
	return oneIdentifier + "; no two entries may name the same user"
}

func (v usersValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (usersValidator) ValidateList(_ context.Context, req validator.ListRequest, resp *validator.ListResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	seen := newUserIndex()
	for i, elem := range req.ConfigValue.Elements() {
		obj, ok := elem.(basetypes.ObjectValue)
		if !ok || obj.IsNull() || obj.IsUnknown() {
			continue
		}
		set, unknown := 0, false
		var u userModel
		for name, a := range obj.Attributes() {
			s, ok := a.(types.String)
			if !ok {
				continue
			}
			switch {
			case s.IsUnknown():
				unknown = true
			case !s.IsNull():
				set++
			}
			switch name {
			case "user_id":
				u.UserID = s
			case "email":
				u.Email = s
			case "auth0_id":
				u.Auth0ID = s
			case "aad_id":
				u.AADID = s
			}
		}
		at := req.Path.AtListIndex(i)
		if set > 1 || (set == 0 && !unknown) {
			resp.Diagnostics.AddAttributeError(at, "Invalid BlueXP user", oneIdentifier+".")
			continue
		}
		if set != 1 || unknown {
			continue
		}
		if other, dup := seen.add(u); dup {
			resp.Diagnostics.AddAttributeError(at, "Two entries name the same BlueXP user",
				fmt.Sprintf("%q and %q name the same user (%s). Keep one of them: two entries for one user would let "+
					"removing one revoke the role the other still declares.", other, u.key(), u.kindNote()))
		}
	}
}

// userIndex finds entries that name the same user from their values:
// user and AAD IDs and emails without case, Auth0 IDs with or without their
// "<connection>|" prefix (bluexp.SameAuth0ID).
type userIndex struct {
	exact    map[string]string // kind-qualified, normalised value → entry
	auth0    map[string]string // prefixed Auth0 ID → entry
	auth0Bar map[string]string // bare Auth0 ID → entry
}

func newUserIndex() *userIndex {
	return &userIndex{exact: map[string]string{}, auth0: map[string]string{}, auth0Bar: map[string]string{}}
}

// add records u and returns an earlier entry naming the same user, if any.
func (x *userIndex) add(u userModel) (string, bool) {
	key := u.key()
	if !u.Auth0ID.IsNull() {
		id := u.Auth0ID.ValueString()
		if prev, ok := x.auth0[id]; ok {
			return prev, true
		}
		if prev, ok := x.auth0Bar[id]; ok {
			return prev, true
		}
		if _, rest, prefixed := strings.Cut(id, "|"); prefixed {
			if prev, ok := x.auth0Bar[rest]; ok {
				return prev, true
			}
			x.auth0[id] = key
		} else {
			for p, prev := range x.auth0 { // rare: a bare ID in config
				if bluexpapi.SameAuth0ID(p, id) {
					return prev, true
				}
			}
			x.auth0Bar[id] = key
		}
		return "", false
	}
	k := u.kind() + ":" + strings.ToLower(key)
	if prev, ok := x.exact[k]; ok {
		return prev, true
	}
	x.exact[k] = key
	return "", false
}

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

func (u userModel) kindNote() string {
	switch u.kind() {
	case "email":
		return "emails compare without case"
	case "auth0_id":
		return "Auth0 IDs compare with or without their <connection>| prefix"
	}
	return "IDs compare without case"
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

// usersByID names every current ResourceAdmin by user id: what an import
// (or a listing) adopts.
func usersByID(members []bluexpapi.User) []userModel {
	users := make([]userModel, 0, len(members))
	for _, m := range members {
		users = append(users, userModel{UserID: types.StringValue(m.ID), Email: types.StringNull(), Auth0ID: types.StringNull(), AADID: types.StringNull()})
	}
	return users
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
