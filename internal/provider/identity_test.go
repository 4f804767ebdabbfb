package provider_test

import (
	"context"
	"strings"
	"testing"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/sharedtest"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
)

// Terraform 1.11 cannot import by identity, so most tests here talk to the
// provider's protocol server directly. The acceptance tests that use
// IdentityCLI need terraform 1.12+: CI runs the suite a second time with
// terraform 1.14 (scripts/terraform-latest.sh), where they run.

// wantIdentity is each resource's identity attributes and whether each is
// required for import.
var wantIdentity = map[string]map[string]bool{
	"partneradmin_webex_partner_admin_assignment": {"org_id": true, "person_id": true},
	"partneradmin_bluexp_resource_admins":         {"partnership_id": true},
	"partneradmin_bluexp_user_admins":             {"partnership_id": true},
	"partneradmin_cloudcockpit_access_assignment": {"provider_instance_id": true, "relationship_id": true},
	"partneradmin_webex_executive_assistant":      {"person_id": true, "org_id": false},
	"partneradmin_webex_customer_partner_admins":  {"org_id": true},
}

func TestIdentitySchemas(t *testing.T) {
	srv, err := providerserver.NewProtocol6WithError(provider.New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	resp, err := srv.GetResourceIdentitySchemas(context.Background(), &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Diagnostics) > 0 {
		t.Fatalf("diagnostics: %+v", resp.Diagnostics[0])
	}
	ps, _ := srv.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	for name := range ps.ResourceSchemas {
		if _, ok := wantIdentity[name]; !ok {
			t.Errorf("resource %s has no expected identity in this test", name)
		}
	}
	for name, want := range wantIdentity {
		s := resp.IdentitySchemas[name]
		if s == nil {
			t.Errorf("%s: no identity schema", name)
			continue
		}
		if len(s.IdentityAttributes) != len(want) {
			t.Errorf("%s: %d identity attributes, want %d", name, len(s.IdentityAttributes), len(want))
		}
		for _, a := range s.IdentityAttributes {
			req, ok := want[a.Name]
			switch {
			case !ok:
				t.Errorf("%s: unexpected identity attribute %s", name, a.Name)
			case a.RequiredForImport != req || a.OptionalForImport == req:
				t.Errorf("%s.%s: required_for_import=%v optional_for_import=%v, want required %v", name, a.Name, a.RequiredForImport, a.OptionalForImport, req)
			case !a.Type.Equal(tftypes.String):
				t.Errorf("%s.%s: type %s, want string", name, a.Name, a.Type)
			case a.Description == "":
				t.Errorf("%s.%s: no description", name, a.Name)
			}
		}
	}
}

func TestIdentityImportAndRead(t *testing.T) {
	sb := sandbox.New(sandbox.Options{})
	wx := sb.Webex()
	org := wx.AddOrg("Acme")
	admin := wx.AddPerson(sandbox.Person{DisplayName: "Alice", PartnerRole: sandbox.RolePartnerAdmin})
	if err := wx.Assign(org, admin); err != nil {
		t.Fatal(err)
	}
	exec := wx.AddPerson(sandbox.Person{DisplayName: "Exec", Calling: true, ExecutiveAssistantType: "EXECUTIVE"})
	bx := sb.BlueXP()
	pid := bx.AddPartnership("", "Acme MSP")
	u1, u2 := bx.AddUser(sandbox.BlueXPUser{Name: "Ada"}), bx.AddUser(sandbox.BlueXPUser{Name: "Bob"})
	for _, u := range []string{u1, u2} {
		if err := bx.AddMember(pid, u); err != nil {
			t.Fatal(err)
		}
	}
	e := sharedtest.NewProtoEnv(t, sb)

	t.Run("webex_partner_admin_assignment", func(t *testing.T) {
		e.T = t
		id := map[string]any{"org_id": org, "person_id": admin}
		st := e.ImportAndRead("partneradmin_webex_partner_admin_assignment", "", id)
		if st["id"] != org+"/"+admin || st["display_name"] != "Alice" {
			t.Fatalf("state not filled: %v", st)
		}
		// Import by ID still works and sets the same identity.
		e.ImportAndRead("partneradmin_webex_partner_admin_assignment", org+"/"+admin, id)
	})
	t.Run("webex_customer_partner_admins", func(t *testing.T) {
		e.T = t
		st := e.ImportAndRead("partneradmin_webex_customer_partner_admins", "", map[string]any{"org_id": org})
		if st["id"] != org {
			t.Fatalf("state not filled: %v", st)
		}
		e.ImportAndRead("partneradmin_webex_customer_partner_admins", org, map[string]any{"org_id": org})
	})
	for _, typ := range []string{"partneradmin_bluexp_resource_admins", "partneradmin_bluexp_user_admins"} {
		t.Run(strings.TrimPrefix(typ, "partneradmin_"), func(t *testing.T) {
			e.T = t
			st := e.ImportAndRead(typ, "", map[string]any{"partnership_id": pid})
			if st["id"] != pid {
				t.Fatalf("state not filled: %v", st)
			}
		})
	}
	t.Run("cloudcockpit_access_assignment", func(t *testing.T) {
		// Import only: the sandbox has no access assignment to read until
		// one is created through the API.
		typ := "partneradmin_cloudcockpit_access_assignment"
		itype := e.Identity.IdentitySchemas[typ].ValueType()
		id := map[string]any{"provider_instance_id": "0f8fad5b-d9cb-469f-a165-70867728950e", "relationship_id": "7a6b5c4d-3e2f-1a0b-9c8d-7e6f5a4b3c2d-1f2e3d4c-5b6a-7980-a1b2-c3d4e5f60718"}
		imp, err := e.Server.ImportResourceState(context.Background(), &tfprotov6.ImportResourceStateRequest{TypeName: typ,
			Identity: &tfprotov6.ResourceIdentityData{IdentityData: sharedtest.Dynamic(t, itype, sharedtest.ObjectValue(itype, id))}})
		if err != nil {
			t.Fatal(err)
		}
		sharedtest.CheckDiags(t, "import", imp.Diagnostics)
		got := sharedtest.DecodeStrings(t, itype, imp.ImportedResources[0].Identity.IdentityData)
		st := sharedtest.DecodeStrings(t, e.Schemas.ResourceSchemas[typ].ValueType(), imp.ImportedResources[0].State)
		for k, v := range id {
			if got[k] != v || st[k] != v {
				t.Fatalf("%s: identity %q, state %q, want %q", k, got[k], st[k], v)
			}
		}
	})
	t.Run("webex_executive_assistant", func(t *testing.T) {
		e.T = t
		st := e.ImportAndRead("partneradmin_webex_executive_assistant", "", map[string]any{"person_id": exec})
		if st["type"] != "EXECUTIVE" {
			t.Fatalf("state not filled: %v", st)
		}
	})
}

// Identity is set by Create and Update, and kept by Read with the identity
// Terraform 1.12+ sends back (terraform 1.11 sends none).
func TestIdentityCreateUpdateRead(t *testing.T) {
	sb := sandbox.New(sandbox.Options{})
	wx := sb.Webex()
	org := wx.AddOrg("Acme")
	admin := wx.AddPerson(sandbox.Person{DisplayName: "Alice", PartnerRole: sandbox.RolePartnerAdmin})
	exec := wx.AddPerson(sandbox.Person{DisplayName: "Exec", Calling: true})
	bx := sb.BlueXP()
	pid := bx.AddPartnership("", "Acme MSP")
	u1, u2 := bx.AddUser(sandbox.BlueXPUser{Name: "Ada"}), bx.AddUser(sandbox.BlueXPUser{Name: "Bob"})
	const instance, rel = "0f8fad5b-d9cb-469f-a165-70867728950e", "7a6b5c4d-3e2f-1a0b-9c8d-7e6f5a4b3c2d"
	sb.CloudCockpit().AddRelationship(instance, rel, sandbox.RelationshipActive)
	e := sharedtest.NewProtoEnv(t, sb)
	slow := map[string]any{"create": "7m", "read": "3m"}

	t.Run("webex_partner_admin_assignment", func(t *testing.T) {
		e.T = t
		cfg := map[string]any{"org_id": org, "person_id": admin}
		upd := map[string]any{"org_id": org, "person_id": admin, "timeouts": slow}
		e.CreateUpdateRead("partneradmin_webex_partner_admin_assignment", cfg, upd, map[string]string{"org_id": org, "person_id": admin})
	})
	t.Run("webex_customer_partner_admins", func(t *testing.T) {
		e.T = t
		other := wx.AddOrg("Globex")
		e.CreateUpdateRead("partneradmin_webex_customer_partner_admins",
			map[string]any{"org_id": other, "person_ids": []string{}}, map[string]any{"org_id": other, "person_ids": []string{admin}},
			map[string]string{"org_id": other})
		if got := wx.Assignments(other); len(got) != 1 {
			t.Fatalf("partner admins after update = %v", got)
		}
	})
	t.Run("webex_executive_assistant", func(t *testing.T) {
		e.T = t
		e.CreateUpdateRead("partneradmin_webex_executive_assistant",
			map[string]any{"person_id": exec, "type": "EXECUTIVE"}, map[string]any{"person_id": exec, "type": "EXECUTIVE_ASSISTANT"},
			map[string]string{"person_id": exec})
		if got, _ := wx.ExecutiveAssistantType(exec); got != "EXECUTIVE_ASSISTANT" {
			t.Fatalf("type after update = %q", got)
		}
	})
	t.Run("bluexp_resource_admins", func(t *testing.T) {
		e.T = t
		e.CreateUpdateRead("partneradmin_bluexp_resource_admins",
			map[string]any{"partnership_id": pid, "users": []map[string]any{{"user_id": u1}}},
			map[string]any{"partnership_id": pid, "users": []map[string]any{{"user_id": u1}, {"user_id": u2}}},
			map[string]string{"partnership_id": pid})
		if got := bx.Members(pid); len(got) != 2 {
			t.Fatalf("members after update = %v", got)
		}
	})
	t.Run("bluexp_user_admins", func(t *testing.T) {
		e.T = t
		e.CreateUpdateRead("partneradmin_bluexp_user_admins",
			map[string]any{"partnership_id": pid, "users": []map[string]any{{"user_id": u1}}},
			map[string]any{"partnership_id": pid, "users": []map[string]any{{"user_id": u1}, {"user_id": u2}}},
			map[string]string{"partnership_id": pid})
		if got := bx.RoleMembers(sandbox.BlueXPUserAdmins, pid); len(got) != 2 {
			t.Fatalf("UserAdmins after update = %v", got)
		}
	})
	t.Run("cloudcockpit_access_assignment", func(t *testing.T) {
		e.T = t
		cfg := map[string]any{"provider_instance_id": instance, "relationship_id": rel}
		upd := map[string]any{"provider_instance_id": instance, "relationship_id": rel, "timeouts": slow}
		e.CreateUpdateRead("partneradmin_cloudcockpit_access_assignment", cfg, upd, map[string]string{"provider_instance_id": instance, "relationship_id": rel})
	})
}
