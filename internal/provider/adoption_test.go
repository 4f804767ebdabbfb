package provider_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/bluexp"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/cloudcockpit"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/sharedtest"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/webex"

	cloudcockpitapi "github.com/partneradmin/terraform-provider-partneradmin/internal/client/cloudcockpit"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
)

// TestAccAdoption_queryGenerateConfig runs the README's "Adopting existing
// objects" workflow with the real CLI: objects made by hand are found by
// `terraform query`, `-generate-config-out` writes their config, the plan of
// that config imports them without a change, apply adopts them without a
// write to the vendors, and the next plan is empty.
//
// Every list resource takes part: Webex assignments by customer, BlueXP
// ResourceAdmins with include_resource, a CloudCockpit access assignment.
//
// It needs terraform 1.14+; CI runs the suite a second time with terraform
// 1.14 (scripts/terraform-latest.sh), where it runs.
func TestAccAdoption_queryGenerateConfig(t *testing.T) {
	sharedtest.SkipOnOpenTofu(t, "OpenTofu has no list resources (terraform query)")
	sharedtest.SkipBelowCLI(t, "1.14.0", "terraform query")
	sb := sandbox.New(sandbox.Options{PageSize: 2, WebexPagedPartnerLists: true})
	srv := httptest.NewServer(sb)
	defer srv.Close()
	wx := sb.Webex()
	org := wx.AddOrg("Acme")
	var admins []string
	for i := range 3 {
		p := wx.AddPerson(sandbox.Person{DisplayName: fmt.Sprintf("Admin %d", i), PartnerRole: sandbox.RolePartnerAdmin})
		if err := wx.Assign(org, p); err != nil {
			t.Fatal(err)
		}
		admins = append(admins, p)
	}
	bx := sb.BlueXP()
	pid := bx.AddPartnership("", "Acme MSP")
	for _, name := range []string{"Ada", "Cy"} {
		if err := bx.AddMember(pid, bx.AddUser(sandbox.BlueXPUser{Name: name})); err != nil {
			t.Fatal(err)
		}
	}
	if err := bx.AddRoleMember(sandbox.BlueXPUserAdmins, pid, bx.AddUser(sandbox.BlueXPUser{Name: "Uma"})); err != nil {
		t.Fatal(err)
	}

	const (
		instance     = "0f8fad5b-d9cb-469f-a165-70867728950e"
		relationship = "7a6b5c4d-3e2f-1a0b-9c8d-7e6f5a4b3c2d-1f2e3d4c-5b6a-7980-a1b2-c3d4e5f60718"
	)
	sb.CloudCockpit().AddRelationship(instance, relationship, sandbox.RelationshipActive)
	// The access assignment is made through the API, as the portal would.
	cc, err := cloudcockpitapi.New(cloudcockpitapi.Config{BaseURL: srv.URL + "/cloudcockpit", Tenant: sandbox.DefaultCloudCockpitTenant, AccessToken: sandbox.DefaultCloudCockpitToken})
	if err != nil {
		t.Fatal(err)
	}
	if err := cc.CreateAccessAssignment(context.Background(), instance, relationship); err != nil {
		t.Fatal(err)
	}

	cli := sharedtest.NewDevCLI(t,
		webex.EnvBaseURL+"="+srv.URL+"/webex", webex.EnvAccessToken+"="+sandbox.DefaultWebexToken,
		bluexp.EnvBaseURL+"="+srv.URL+sandbox.BlueXPBasePath, bluexp.EnvTokenURL+"="+srv.URL+sandbox.BlueXPTokenPath,
		bluexp.EnvAccessToken+"="+sandbox.DefaultBlueXPToken,
		cloudcockpit.EnvBaseURL+"="+srv.URL+"/cloudcockpit", cloudcockpit.EnvTenant+"="+sandbox.DefaultCloudCockpitTenant,
		cloudcockpit.EnvAccessToken+"="+sandbox.DefaultCloudCockpitToken)
	cli.Write("main.tf", sharedtest.FullAddressBlock+`provider "partneradmin" {}`+"\n")
	cli.Write("adopt.tfquery.hcl", fmt.Sprintf(`
list "partneradmin_webex_partner_admin_assignment" "acme" {
  provider = partneradmin
  config {
    org_id = %[1]q
  }
}

list "partneradmin_bluexp_resource_admins" "acme" {
  provider         = partneradmin
  include_resource = true
  config {
    partnership_id = %[2]q
  }
}

list "partneradmin_bluexp_user_admins" "acme" {
  provider         = partneradmin
  include_resource = true
  config {
    partnership_id = %[2]q
  }
}

list "partneradmin_cloudcockpit_access_assignment" "contoso" {
  provider = partneradmin
  config {
    provider_instance_id = %[3]q
    relationship_id      = %[4]q
  }
}
`, org, pid, instance, relationship))

	// What would be adopted: every assignment, by display name.
	found := cli.Run("query", "-no-color")
	for i := range admins {
		if !strings.Contains(found, fmt.Sprintf("Admin %d", i)) {
			t.Errorf("terraform query does not show Admin %d:\n%s", i, found)
		}
	}

	cli.Run("query", "-generate-config-out=generated.tf", "-no-color")
	generated := cli.Read("generated.tf")
	for what, want := range map[string]int{
		`resource "partneradmin_webex_partner_admin_assignment"`: len(admins),
		`resource "partneradmin_bluexp_resource_admins"`:         1,
		`resource "partneradmin_bluexp_user_admins"`:             1,
		`resource "partneradmin_cloudcockpit_access_assignment"`: 1,
		"import {":     len(admins) + 3,
		"identity = {": len(admins) + 3,
	} {
		if got := strings.Count(generated, what); got != want {
			t.Errorf("generated.tf has %d × %s, want %d:\n%s", got, what, want, generated)
		}
	}

	// The plan of the generated config imports every object, changing none.
	cli.Run("plan", "-out=tfplan", "-input=false", "-no-color")
	var plan struct {
		ResourceChanges []struct {
			Address string `json:"address"`
			Change  struct {
				Actions   []string        `json:"actions"`
				Importing json.RawMessage `json:"importing"`
			} `json:"change"`
		} `json:"resource_changes"`
	}
	if err := json.Unmarshal([]byte(cli.Run("show", "-json", "tfplan")), &plan); err != nil {
		t.Fatal(err)
	}
	if len(plan.ResourceChanges) != len(admins)+3 {
		t.Errorf("the plan has %d resource changes, want %d", len(plan.ResourceChanges), len(admins)+3)
	}
	for _, rc := range plan.ResourceChanges {
		if len(rc.Change.Importing) == 0 || strings.Join(rc.Change.Actions, ",") != "no-op" {
			t.Errorf("%s: actions %v, importing %s; want a no-op import", rc.Address, rc.Change.Actions, rc.Change.Importing)
		}
	}

	sb.ResetLog()
	cli.Run("apply", "-input=false", "-no-color", "tfplan")
	for _, e := range sb.Log() {
		if e.Method != http.MethodGet {
			t.Errorf("adoption wrote to a vendor: %s %s", e.Method, e.Path)
		}
	}
	if got := wx.Assignments(org); len(got) != len(admins) {
		t.Errorf("the customer has %d partner admins after adoption, want %d", len(got), len(admins))
	}
	// Adopted: the next plan has nothing to do.
	if out := cli.Run("plan", "-input=false", "-no-color"); !strings.Contains(out, "No changes.") {
		t.Errorf("the plan after adoption is not empty:\n%s", out)
	}
}
