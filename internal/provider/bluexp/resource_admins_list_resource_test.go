package bluexp_test

import (
	"testing"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/sharedtest"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
)

func TestListBlueXPResourceAdmins(t *testing.T) {
	for _, role := range sharedtest.BlueXPRoles {
		t.Run(role.Name, func(t *testing.T) {
			sb := sandbox.New(sandbox.Options{PageSize: 2})
			bx := sb.BlueXP()
			pid, empty, other := bx.AddPartnership("", "Acme MSP"), bx.AddPartnership("", "Empty"), bx.AddPartnership("", "Other")
			for range 5 {
				if err := bx.AddRoleMember(role.Sandbox, pid, bx.AddUser(sandbox.BlueXPUser{Name: "u"})); err != nil {
					t.Fatal(err)
				}
			}
			if err := bx.AddRoleMember(role.Sandbox, other, bx.AddUser(sandbox.BlueXPUser{Name: "x"})); err != nil {
				t.Fatal(err)
			}
			requests := func() int { return sb.Stats().Routes["bluexp "+role.RouteList] }

			t.Run("one result, one page without the resource", func(t *testing.T) {
				e := sharedtest.NewProtoEnv(t, sb)
				sb.ResetLog()
				got := e.List(role.Type, map[string]any{"partnership_id": pid}, sharedtest.ListOptions{})
				if len(got) != 1 || got[0].ErrorText() != "" || got[0].Identity["partnership_id"] != pid || got[0].State != nil {
					t.Fatalf("results %+v %s", got, sharedtest.DiagsText(got))
				}
				if n := requests(); n != 1 {
					t.Fatalf("%d list requests, want 1", n)
				}
			})
			t.Run("every page with the resource", func(t *testing.T) {
				e := sharedtest.NewProtoEnv(t, sb)
				sb.ResetLog()
				got := e.List(role.Type, map[string]any{"partnership_id": pid}, sharedtest.ListOptions{Include: true})
				if len(got) != 1 || got[0].ErrorText() != "" {
					t.Fatalf("results %+v %s", got, sharedtest.DiagsText(got))
				}
				st := got[0].State
				if sharedtest.Str(t, st["id"]) != pid || sharedtest.Str(t, st["partnership_id"]) != pid || sharedtest.Elems(t, st["users"]) != 5 || sharedtest.Elems(t, st["members"]) != 5 {
					t.Fatalf("state %v: want 5 users and members of %s (not %s's)", st, pid, other)
				}
				if got[0].Display != role.Noun+"s of partnership "+pid+" (5 users)" {
					t.Fatalf("display name %q", got[0].Display)
				}
				if n := requests(); n != 3 {
					t.Fatalf("%d list requests for 5 members at page size 2, want 3", n)
				}
			})
			t.Run("no members, no result; unknown partnership, an error", func(t *testing.T) {
				e := sharedtest.NewProtoEnv(t, sb)
				if got := e.List(role.Type, map[string]any{"partnership_id": empty}, sharedtest.ListOptions{Include: true}); len(got) != 0 {
					t.Fatalf("empty partnership: %+v", got)
				}
				got := e.List(role.Type, map[string]any{"partnership_id": "0f8fad5b-d9cb-469f-a165-70867728950e"}, sharedtest.ListOptions{})
				if len(got) != 1 || !sharedtest.ErrorAt(got[0].Diags, "", "Unable to list BlueXP "+role.Noun+"s") || !sharedtest.ErrorAt(got[0].Diags, "", "404") {
					t.Fatalf("unknown partnership: %s", sharedtest.DiagsText(got))
				}
			})
			t.Run("config checked before any request", func(t *testing.T) {
				e := sharedtest.NewProtoEnv(t, sb)
				sb.ResetLog()
				if d := e.ValidateList(role.Type, map[string]any{"partnership_id": "../x"}); !sharedtest.ErrorAt(d, `AttributeName("partnership_id")`, "must be a UUID") {
					t.Fatalf("bad partnership_id: %s", sharedtest.DiagsText([]sharedtest.Listed{{Diags: d}}))
				}
				if n := sb.Stats().Requests; n != 0 {
					t.Fatalf("%d requests during validation", n)
				}
			})
		})
	}
}
