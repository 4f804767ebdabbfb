package bluexp

import (
	"maps"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

func byUserID(id string) userModel {
	return userModel{UserID: types.StringValue(id), Email: types.StringNull(), Auth0ID: types.StringNull(), AADID: types.StringNull()}
}

func byEmail(email string) userModel {
	return userModel{UserID: types.StringNull(), Email: types.StringValue(email), Auth0ID: types.StringNull(), AADID: types.StringNull()}
}

func TestDiffUsers(t *testing.T) {
	const (
		idA = "aaaaaaaa-0000-4000-8000-000000000001"
		idB = "bbbbbbbb-0000-4000-8000-000000000002"
		idC = "cccccccc-0000-4000-8000-000000000003"
		idE = "eeeeeeee-0000-4000-8000-000000000005"
	)
	a, b, c := byUserID(idA), byUserID(idB), byUserID(idC)
	e := byEmail("e@example.com")
	recorded := map[string]string{idA: idA, idB: idB, idC: idC, "e@example.com": idE}
	tests := []struct {
		name                 string
		state, plan          []userModel
		known                map[string]string
		kept, added, removed []userModel
	}{
		{name: "reordered only", state: []userModel{a, b, e}, plan: []userModel{e, b, a}, known: recorded,
			kept: []userModel{e, b, a}},
		{name: "one added", state: []userModel{a}, plan: []userModel{a, c}, known: recorded,
			kept: []userModel{a}, added: []userModel{c}},
		{name: "one removed", state: []userModel{a, b, c}, plan: []userModel{c, a}, known: recorded,
			kept: []userModel{c, a}, removed: []userModel{b}},
		{name: "added and removed, in plan and state order", state: []userModel{c, a, b}, plan: []userModel{e, a},
			known: map[string]string{idA: idA, idB: idB, idC: idC},
			kept:  []userModel{a}, added: []userModel{e}, removed: []userModel{c, b}},
		// In state without a recorded ID: an add whose answer was lost. It
		// is sent again, and never removed while the plan still names it.
		{name: "unconfirmed add is added again", state: []userModel{a, e}, plan: []userModel{a, e},
			known: map[string]string{idA: idA}, kept: []userModel{a}, added: []userModel{e}},
		{name: "from nothing", plan: []userModel{a, e}, known: map[string]string{}, added: []userModel{a, e}},
		{name: "to nothing", state: []userModel{a, e}, known: recorded, removed: []userModel{a, e}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kept, added, removed := diffUsers(tt.state, tt.plan, tt.known)
			for _, got := range []struct {
				what      string
				got, want []userModel
			}{{"kept", kept, tt.kept}, {"added", added, tt.added}, {"removed", removed, tt.removed}} {
				if !slices.Equal(got.got, got.want) {
					t.Errorf("%s = %v, want %v", got.what, inOrder(got.got), inOrder(got.want))
				}
			}
		})
	}
}

func TestRecordedMembersAndNamedIDs(t *testing.T) {
	const id = "AAAAAAAA-0000-4000-8000-000000000001"
	const emailID = "EEEEEEEE-0000-4000-8000-000000000005"
	a, e, lost := byUserID(id), byEmail("e@example.com"), byEmail("lost@example.com")
	known := map[string]string{id: id, "e@example.com": emailID, "other@example.com": "x"}

	got := recordedMembers([]userModel{a, e, lost}, known)
	want := map[string]string{id: id, "e@example.com": emailID}
	if !maps.Equal(got, want) {
		t.Errorf("recordedMembers = %v, want %v", got, want)
	}

	// IDs compare in lower case; an email whose ID was never learned names none.
	ids := namedIDs([]userModel{a, e, lost}, known)
	wantIDs := map[string]bool{"aaaaaaaa-0000-4000-8000-000000000001": true, "eeeeeeee-0000-4000-8000-000000000005": true}
	if !maps.Equal(ids, wantIDs) {
		t.Errorf("namedIDs = %v, want %v", ids, wantIDs)
	}
}

// inOrder names users by key, in their order (keys sorts them).
func inOrder(users []userModel) []string {
	out := make([]string, len(users))
	for i, u := range users {
		out[i] = u.key()
	}
	return out
}
