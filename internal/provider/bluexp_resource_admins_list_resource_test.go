package provider

import (
	"testing"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
)

const (
	BlueXPAdminsType      = "partneradmin_bluexp_resource_admins"
	bluexpAdminsListRoute = "bluexp GET /v1/management/partnerships/{partnershipId}/resourceadmins"
)

func TestListBlueXPResourceAdmins(t *testing.T) {
	sb := sandbox.New(sandbox.Options{PageSize: 2})
	bx := sb.BlueXP()
	pid, empty, other := bx.AddPartnership("", "Acme MSP"), bx.AddPartnership("", "Empty"), bx.AddPartnership("", "Other")
	for range 5 {
		if err := bx.AddMember(pid, bx.AddUser(sandbox.BlueXPUser{Name: "u"})); err != nil {
			t.Fatal(err)
		}
	}
	if err := bx.AddMember(other, bx.AddUser(sandbox.BlueXPUser{Name: "x"})); err != nil {
		t.Fatal(err)
	}
	requests := func() int { return sb.Stats().Routes[bluexpAdminsListRoute] }

	t.Run("one result, one page without the resource", func(t *testing.T) {
		e := NewProtoEnv(t, sb)
		sb.ResetLog()
		got := e.List(BlueXPAdminsType, map[string]any{"partnership_id": pid}, ListOptions{})
		if len(got) != 1 || got[0].ErrorText() != "" || got[0].Identity["partnership_id"] != pid || got[0].State != nil {
			t.Fatalf("results %+v %s", got, DiagsText(got))
		}
		if n := requests(); n != 1 {
			t.Fatalf("%d list requests, want 1", n)
		}
	})
	t.Run("every page with the resource", func(t *testing.T) {
		e := NewProtoEnv(t, sb)
		sb.ResetLog()
		got := e.List(BlueXPAdminsType, map[string]any{"partnership_id": pid}, ListOptions{Include: true})
		if len(got) != 1 || got[0].ErrorText() != "" {
			t.Fatalf("results %+v %s", got, DiagsText(got))
		}
		st := got[0].State
		if Str(t, st["id"]) != pid || Str(t, st["partnership_id"]) != pid || Elems(t, st["users"]) != 5 || Elems(t, st["members"]) != 5 {
			t.Fatalf("state %v: want 5 users and members of %s (not %s's)", st, pid, other)
		}
		if got[0].Display != "ResourceAdmins of partnership "+pid+" (5 users)" {
			t.Fatalf("display name %q", got[0].Display)
		}
		if n := requests(); n != 3 {
			t.Fatalf("%d list requests for 5 members at page size 2, want 3", n)
		}
	})
	t.Run("no members, no result; unknown partnership, an error", func(t *testing.T) {
		e := NewProtoEnv(t, sb)
		if got := e.List(BlueXPAdminsType, map[string]any{"partnership_id": empty}, ListOptions{Include: true}); len(got) != 0 {
			t.Fatalf("empty partnership: %+v", got)
		}
		got := e.List(BlueXPAdminsType, map[string]any{"partnership_id": "0f8fad5b-d9cb-469f-a165-70867728950e"}, ListOptions{})
		if len(got) != 1 || !ErrorAt(got[0].Diags, "", "Unable to list BlueXP ResourceAdmins") || !ErrorAt(got[0].Diags, "", "404") {
			t.Fatalf("unknown partnership: %s", DiagsText(got))
		}
	})
	t.Run("config checked before any request", func(t *testing.T) {
		e := NewProtoEnv(t, sb)
		sb.ResetLog()
		if d := e.ValidateList(BlueXPAdminsType, map[string]any{"partnership_id": "../x"}); !ErrorAt(d, `AttributeName("partnership_id")`, "must be a UUID") {
			t.Fatalf("bad partnership_id: %s", DiagsText([]Listed{{Diags: d}}))
		}
		if n := sb.Stats().Requests; n != 0 {
			t.Fatalf("%d requests during validation", n)
		}
	})
}
