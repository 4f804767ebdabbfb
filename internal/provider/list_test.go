package provider_test

import (
	"testing"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/sharedtest"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// Terraform 1.11 on this machine has no `terraform query`, so list
// resources are tested through the provider's protocol server.

func TestListResourceSchemas(t *testing.T) {
	e := sharedtest.NewProtoEnvNoConfigure(t)
	for _, name := range []string{
		"partneradmin_webex_partner_admin_assignment",
		"partneradmin_bluexp_resource_admins",
		"partneradmin_bluexp_user_admins",
		"partneradmin_cloudcockpit_access_assignment",
	} {
		s := e.Schemas.ListResourceSchemas[name]
		if s == nil {
			t.Errorf("%s: no list resource schema", name)
			continue
		}
		if s.Block.DescriptionKind != tfprotov6.StringKindMarkdown || s.Block.Description == "" {
			t.Errorf("%s: list schema without a markdown description", name)
		}
		for _, a := range s.Block.Attributes {
			if a.Description == "" {
				t.Errorf("%s.%s: no description", name, a.Name)
			}
		}
	}
	if n := len(e.Schemas.ListResourceSchemas); n != 4 {
		t.Errorf("%d list resources, want 4", n)
	}
}
