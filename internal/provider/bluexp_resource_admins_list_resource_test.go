package provider

import (
	"testing"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
)

const (
	bluexpAdminsType      = "partneradmin_bluexp_resource_admins"
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
		e := newProtoEnv(t, sb)
		sb.ResetLog()
		got := e.list(bluexpAdminsType, map[string]any{"partnership_id": pid}, listOptions{})
		if len(got) != 1 || got[0].errorText() != "" || got[0].identity["partnership_id"] != pid || got[0].state != nil {
			t.Fatalf("results %+v %s", got, diagsText(got))
		}
		if n := requests(); n != 1 {
			t.Fatalf("%d list requests, want 1", n)
		}
	})
	t.Run("every page with the resource", func(t *testing.T) {
		e := newProtoEnv(t, sb)
		sb.ResetLog()
		got := e.list(bluexpAdminsType, map[string]any{"partnership_id": pid}, listOptions{include: true})
		if len(got) != 1 || got[0].errorText() != "" {
			t.Fatalf("results %+v %s", got, diagsText(got))
		}
		st := got[0].state
		if str(t, st["id"]) != pid || str(t, st["partnership_id"]) != pid || elems(t, st["users"]) != 5 || elems(t, st["members"]) != 5 {
			t.Fatalf("state %v: want 5 users and members of %s (not %s's)", st, pid, other)
		}
		if got[0].display != "ResourceAdmins of partnership "+pid+" (5 users)" {
			t.Fatalf("display name %q", got[0].display)
		}
		if n := requests(); n != 3 {
			t.Fatalf("%d list requests for 5 members at page size 2, want 3", n)
		}
	})
	t.Run("no members, no result; unknown partnership, an error", func(t *testing.T) {
		e := newProtoEnv(t, sb)
		if got := e.list(bluexpAdminsType, map[string]any{"partnership_id": empty}, listOptions{include: true}); len(got) != 0 {
			t.Fatalf("empty partnership: %+v", got)
		}
		got := e.list(bluexpAdminsType, map[string]any{"partnership_id": "0f8fad5b-d9cb-469f-a165-70867728950e"}, listOptions{})
		if len(got) != 1 || !errorAt(got[0].diags, "", "Unable to list BlueXP ResourceAdmins") || !errorAt(got[0].diags, "", "404") {
			t.Fatalf("unknown partnership: %s", diagsText(got))
		}
	})
	t.Run("config checked before any request", func(t *testing.T) {
		e := newProtoEnv(t, sb)
		sb.ResetLog()
		if d := e.validateList(bluexpAdminsType, map[string]any{"partnership_id": "../x"}); !errorAt(d, `AttributeName("partnership_id")`, "must be a UUID") {
			t.Fatalf("bad partnership_id: %s", diagsText([]listed{{diags: d}}))
		}
		if n := sb.Stats().Requests; n != 0 {
			t.Fatalf("%d requests during validation", n)
		}
	})
}
