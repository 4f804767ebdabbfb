package cloudcockpit_test

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/cloudcockpit"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/sharedtest"

	cloudcockpitapi "github.com/partneradmin/terraform-provider-partneradmin/internal/client/cloudcockpit"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
)

func TestListCloudCockpitAccessAssignments(t *testing.T) {
	sb := sandbox.New(sandbox.Options{})
	const (
		instance = "0f8fad5b-d9cb-469f-a165-70867728950e"
		rel      = "7a6b5c4d-3e2f-1a0b-9c8d-7e6f5a4b3c2d-1f2e3d4c-5b6a-7980-a1b2-c3d4e5f60718"
		bare     = "c0ffee00-1234-4abc-8def-0123456789ab"
		gone     = "dead0000-1234-4abc-8def-0123456789ab"
	)
	cc := sb.CloudCockpit()
	cc.AddRelationship(instance, rel, sandbox.RelationshipActive)
	cc.AddRelationship(instance, bare, sandbox.RelationshipActive)
	cc.AddRelationship(instance, gone, sandbox.RelationshipActive)
	// Assignments are made through the API, as the portal would.
	ts := httptest.NewServer(sb)
	t.Cleanup(ts.Close)
	api, err := cloudcockpitapi.New(cloudcockpitapi.Config{BaseURL: ts.URL + "/cloudcockpit", Tenant: sandbox.DefaultCloudCockpitTenant, AccessToken: sandbox.DefaultCloudCockpitToken})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []string{rel, gone} {
		if err := api.CreateAccessAssignment(context.Background(), instance, r); err != nil {
			t.Fatal(err)
		}
	}
	cc.SetAssignmentStatus(instance, gone, "deleted")
	e := sharedtest.NewProtoEnv(t, sb)
	cfg := func(r string) map[string]any {
		return map[string]any{"provider_instance_id": instance, "relationship_id": r}
	}

	got := e.List(cloudcockpit.AccessAssignmentType, cfg(rel), sharedtest.ListOptions{Include: true})
	if len(got) != 1 || got[0].ErrorText() != "" {
		t.Fatalf("results %+v %s", got, sharedtest.DiagsText(got))
	}
	if got[0].Identity["provider_instance_id"] != instance || got[0].Identity["relationship_id"] != rel {
		t.Fatalf("identity %v", got[0].Identity)
	}
	st := got[0].State
	if sharedtest.Str(t, st["id"]) == "" || sharedtest.Str(t, st["status"]) == "" || sharedtest.Str(t, st["relationship_id"]) != rel || sharedtest.Elems(t, st["role_definition_ids"]) == 0 {
		t.Fatalf("state not filled: %v", st)
	}
	if want := "access assignment " + sharedtest.Str(t, st["id"]) + " (" + sharedtest.Str(t, st["status"]) + ")"; got[0].Display != want {
		t.Fatalf("display name %q, want %q", got[0].Display, want)
	}
	// Without the resource: identity only.
	if got := e.List(cloudcockpit.AccessAssignmentType, cfg(rel), sharedtest.ListOptions{}); len(got) != 1 || got[0].State != nil {
		t.Fatalf("without include_resource: %+v", got)
	}
	// No assignment, or only a deleted one: nothing to adopt.
	for _, r := range []string{bare, gone} {
		if got := e.List(cloudcockpit.AccessAssignmentType, cfg(r), sharedtest.ListOptions{Include: true}); len(got) != 0 {
			t.Fatalf("%s: %+v", r, got)
		}
	}
	// A vendor error is a result with the vendor's detail.
	got = e.List(cloudcockpit.AccessAssignmentType, cfg("11111111-2222-4333-8444-555555555555"), sharedtest.ListOptions{})
	if len(got) != 1 || !sharedtest.ErrorAt(got[0].Diags, "", "Unable to list CloudCockpit access assignments") || !sharedtest.ErrorAt(got[0].Diags, "", "CloudCockpit") {
		t.Fatalf("unknown relationship: %s", sharedtest.DiagsText(got))
	}
	t.Logf("unknown relationship: %s", sharedtest.DiagsText(got))

	sb.ResetLog()
	for _, bad := range []string{"", "..", "../../v1/Providers", "a%2Fb", "a\tb"} {
		if d := e.ValidateList(cloudcockpit.AccessAssignmentType, cfg(bad)); !sharedtest.ErrorAt(d, `AttributeName("relationship_id")`, "Invalid GDAP relationship ID") {
			t.Fatalf("bad relationship_id %q: %s", bad, sharedtest.DiagsText([]sharedtest.Listed{{Diags: d}}))
		}
	}
	// CloudCockpit documents the ID only as a string: not only UUIDs.
	if d := e.ValidateList(cloudcockpit.AccessAssignmentType, cfg("Contoso_GDAP-2024")); len(d) != 0 {
		t.Fatalf("a non-UUID relationship_id: %s", sharedtest.DiagsText([]sharedtest.Listed{{Diags: d}}))
	}
	if d := e.ValidateList(cloudcockpit.AccessAssignmentType, map[string]any{"provider_instance_id": "x", "relationship_id": rel}); !sharedtest.ErrorAt(d, `AttributeName("provider_instance_id")`, "must be a UUID") {
		t.Fatalf("bad provider_instance_id: %s", sharedtest.DiagsText([]sharedtest.Listed{{Diags: d}}))
	}
	if n := sb.Stats().Requests; n != 0 {
		t.Fatalf("%d requests during validation", n)
	}
}
