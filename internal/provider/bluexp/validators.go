package bluexp

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	bluexpapi "github.com/partneradmin/terraform-provider-partneradmin/internal/client/bluexp"
)

// Plan-time checks of the users of a bluexp_resource_admins resource.

const oneIdentifier = "set exactly one of user_id, email, auth0_id, aad_id"

var (
	emailRE = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
	auth0RE = regexp.MustCompile(`^[A-Za-z0-9_-]+(-[A-Za-z0-9_]+)*\|[^\s|/]+$`)
)

// usersValidator checks the whole users list in one pass: every entry names
// its user by exactly one identifier, and no two entries name the same user
// as far as the values show. One ExactlyOneOf per entry was quadratic in the
// number of users (see README, large BlueXP sets).
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
		switch {
		case set > 1:
			resp.Diagnostics.AddAttributeError(at, "Invalid BlueXP user", twoIdentifiers(u))
			continue
		case set == 0 && !unknown:
			resp.Diagnostics.AddAttributeError(at, "Invalid BlueXP user", "An entry of users sets none of user_id, email, "+
				"auth0_id, aad_id: name its user by exactly one of them, or remove the entry.")
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

// twoIdentifiers says which entry names its user twice, by its values, and
// what to do: an entry is one user, named once.
func twoIdentifiers(u userModel) string {
	var given []string
	for _, a := range []struct {
		name string
		v    types.String
	}{{"user_id", u.UserID}, {"email", u.Email}, {"auth0_id", u.Auth0ID}, {"aad_id", u.AADID}} {
		if !a.v.IsNull() && !a.v.IsUnknown() {
			given = append(given, fmt.Sprintf("%s = %q", a.name, a.v.ValueString()))
		}
	}
	return fmt.Sprintf("The entry { %s } names its user more than once: %s. Keep the one identifier you mean and "+
		"remove the others; if they are different users, give each its own entry.", strings.Join(given, ", "), oneIdentifier)
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

func (u userModel) kindNote() string {
	switch u.kind() {
	case "email":
		return "emails compare without case"
	case "auth0_id":
		return "Auth0 IDs compare with or without their <connection>| prefix"
	}
	return "IDs compare without case"
}
