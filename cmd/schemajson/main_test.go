package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"testing"

	"github.com/google/go-cmp/cmp"
	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/sharedtest"
)

// TestGenerate_matchesTerraform builds the provider and compares what
// `terraform providers schema -json` writes for it with what generate
// writes, section by section: every section terraform writes must be
// equal. Terraform 1.11 writes the provider, resource and data source
// schemas and the functions; a newer terraform on PATH also checks identity
// and list schemas.
func TestGenerate_matchesTerraform(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the provider and runs terraform")
	}
	terraformBin := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if terraformBin == "" {
		var err error
		if terraformBin, err = exec.LookPath("terraform"); err != nil {
			t.Skip("terraform not found")
		}
	}

	// The provider built from this module, through dev_overrides, so no
	// `terraform init` is needed.
	cli := sharedtest.NewCLI(t, terraformBin, "TF_LOG=")
	cli.Write("main.tf", `terraform {
  required_providers {
    partneradmin = { source = "partneradmin/partneradmin" }
  }
}
`)
	tfOut := cli.Run("providers", "schema", "-json")

	ours, err := generate(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := providerSections(t, []byte(tfOut), "registry.terraform.io/partneradmin/partneradmin")
	got := providerSections(t, ours, providerKey)
	for section, w := range want {
		if diff := cmp.Diff(w, got[section]); diff != "" {
			t.Errorf("%s differs from terraform's (-terraform +schemajson):\n%s", section, diff)
		}
	}
	for _, section := range []string{"provider", "resource_schemas", "data_source_schemas", "functions"} {
		if _, ok := want[section]; !ok {
			t.Errorf("terraform wrote no %s: the comparison checked nothing", section)
		}
	}
	t.Logf("%s wrote %d sections, all equal to schemajson's", terraformBin, len(want))
}

// providerSections decodes one provider's entry as plain JSON values, so
// that the comparison is of the JSON, not of Go types.
func providerSections(t *testing.T, doc []byte, key string) map[string]any {
	t.Helper()
	var d struct {
		FormatVersion string                    `json:"format_version"`
		Schemas       map[string]map[string]any `json:"provider_schemas"`
	}
	if err := json.Unmarshal(doc, &d); err != nil {
		t.Fatal(err)
	}
	if d.FormatVersion != "1.0" {
		t.Errorf("format_version %q, want 1.0", d.FormatVersion)
	}
	p, ok := d.Schemas[key]
	if !ok {
		t.Fatalf("no provider %q in the document", key)
	}
	return p
}

// TestGenerate_identityAndListSchemas checks, without terraform, the two
// sections terraform 1.11 cannot check: each resource's identity and each
// list resource's config, as tfplugindocs will read them.
func TestGenerate_identityAndListSchemas(t *testing.T) {
	data, err := generate(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var doc tfjson.ProviderSchemas
	if err := json.Unmarshal(data, &doc); err != nil { // also validates format_version
		t.Fatal(err)
	}
	ps := doc.Schemas[providerKey]
	if ps == nil {
		t.Fatalf("no schemas under %q", providerKey)
	}

	// identity attribute → required for import (else optional)
	wantIdentity := map[string]map[string]bool{
		"partneradmin_webex_partner_admin_assignment": {"org_id": true, "person_id": true},
		"partneradmin_bluexp_resource_admins":         {"partnership_id": true},
		"partneradmin_cloudcockpit_access_assignment": {"provider_instance_id": true, "relationship_id": true},
		"partneradmin_webex_executive_assistant":      {"person_id": true, "org_id": false},
	}
	if len(ps.ResourceIdentitySchemas) != len(ps.ResourceSchemas) {
		t.Errorf("%d identity schemas for %d resources", len(ps.ResourceIdentitySchemas), len(ps.ResourceSchemas))
	}
	for name, want := range wantIdentity {
		is := ps.ResourceIdentitySchemas[name]
		if is == nil {
			t.Errorf("%s: no identity schema", name)
			continue
		}
		got := map[string]bool{}
		for attr, a := range is.Attributes {
			got[attr] = a.RequiredForImport
			if a.RequiredForImport == a.OptionalForImport || a.Description == "" || a.IdentityType.FriendlyName() != "string" {
				t.Errorf("%s.%s: %+v", name, attr, a)
			}
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s identity (-want +got):\n%s", name, diff)
		}
	}

	// list resource config attribute → required (else optional)
	wantList := map[string]map[string]bool{
		"partneradmin_webex_partner_admin_assignment": {"org_id": false, "person_id": false},
		"partneradmin_bluexp_resource_admins":         {"partnership_id": true},
		"partneradmin_bluexp_user_admins":             {"partnership_id": true},
		"partneradmin_cloudcockpit_access_assignment": {"provider_instance_id": true, "relationship_id": true},
	}
	got := map[string]map[string]bool{}
	for name, s := range ps.ListResourceSchemas {
		if s.Block.Description == "" || s.Block.DescriptionKind != tfjson.SchemaDescriptionKindMarkdown {
			t.Errorf("%s: description %q (%s)", name, s.Block.Description, s.Block.DescriptionKind)
		}
		got[name] = map[string]bool{}
		for attr, a := range s.Block.Attributes {
			got[name][attr] = a.Required
			if a.Required == a.Optional || a.Description == "" {
				t.Errorf("%s.%s: %+v", name, attr, a)
			}
		}
	}
	if diff := cmp.Diff(wantList, got); diff != "" {
		t.Errorf("list resources (-want +got):\n%s", diff)
	}
}

// TestConverter covers what the provider's own schemas do not use (nested
// blocks in every nesting mode, collection types, flags), against
// hand-written JSON in the documented `providers schema -json` format.
func TestConverter(t *testing.T) {
	in := &tfprotov6.Schema{
		Version: 2,
		Block: &tfprotov6.SchemaBlock{
			Description: "plain block",
			Deprecated:  true,
			Attributes: []*tfprotov6.SchemaAttribute{
				{Name: "tags", Type: tftypes.Map{ElementType: tftypes.String}, Optional: true, Computed: true},
				{Name: "ports", Type: tftypes.List{ElementType: tftypes.Number}, Required: true, Description: "**md**", DescriptionKind: tfprotov6.StringKindMarkdown},
				{Name: "secret", Type: tftypes.String, Optional: true, Sensitive: true, WriteOnly: true},
				{Name: "obj", Type: tftypes.Object{AttributeTypes: map[string]tftypes.Type{"a": tftypes.Bool}}, Computed: true, Deprecated: true},
				{Name: "any", Type: tftypes.DynamicPseudoType, Optional: true},
				{Name: "rules", Optional: true, NestedType: &tfprotov6.SchemaObject{
					Nesting: tfprotov6.SchemaObjectNestingModeSet,
					Attributes: []*tfprotov6.SchemaAttribute{
						{Name: "name", Type: tftypes.String, Required: true},
					},
				}},
			},
			BlockTypes: []*tfprotov6.SchemaNestedBlock{
				{TypeName: "single", Nesting: tfprotov6.SchemaNestedBlockNestingModeSingle, Block: &tfprotov6.SchemaBlock{
					Attributes: []*tfprotov6.SchemaAttribute{{Name: "x", Type: tftypes.String, Optional: true}},
				}},
				{TypeName: "group", Nesting: tfprotov6.SchemaNestedBlockNestingModeGroup, Block: &tfprotov6.SchemaBlock{}},
				{TypeName: "list", Nesting: tfprotov6.SchemaNestedBlockNestingModeList, MinItems: 1, MaxItems: 3, Block: &tfprotov6.SchemaBlock{
					BlockTypes: []*tfprotov6.SchemaNestedBlock{
						{TypeName: "inner", Nesting: tfprotov6.SchemaNestedBlockNestingModeMap, Block: &tfprotov6.SchemaBlock{}},
					},
				}},
				{TypeName: "set", Nesting: tfprotov6.SchemaNestedBlockNestingModeSet, Block: &tfprotov6.SchemaBlock{}},
			},
		},
	}
	want := `{
  "version": 2,
  "block": {
    "attributes": {
      "any":    {"type": "dynamic", "description_kind": "plain", "optional": true},
      "obj":    {"type": ["object", {"a": "bool"}], "description_kind": "plain", "computed": true, "deprecated": true},
      "ports":  {"type": ["list", "number"], "description": "**md**", "description_kind": "markdown", "required": true},
      "rules":  {"nested_type": {"attributes": {"name": {"type": "string", "description_kind": "plain", "required": true}}, "nesting_mode": "set"},
                 "description_kind": "plain", "optional": true},
      "secret": {"type": "string", "description_kind": "plain", "optional": true, "sensitive": true, "write_only": true},
      "tags":   {"type": ["map", "string"], "description_kind": "plain", "optional": true, "computed": true}
    },
    "block_types": {
      "group":  {"nesting_mode": "group", "block": {"description_kind": "plain"}},
      "list":   {"nesting_mode": "list", "min_items": 1, "max_items": 3, "block": {
                   "block_types": {"inner": {"nesting_mode": "map", "block": {"description_kind": "plain"}}},
                   "description_kind": "plain"}},
      "set":    {"nesting_mode": "set", "block": {"description_kind": "plain"}},
      "single": {"nesting_mode": "single", "block": {
                   "attributes": {"x": {"type": "string", "description_kind": "plain", "optional": true}},
                   "description_kind": "plain"}}
    },
    "description": "plain block",
    "description_kind": "plain",
    "deprecated": true
  }
}`
	var c converter
	out := c.schema(in)
	if c.err != nil {
		t.Fatal(c.err)
	}
	data, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	var got, wantV any
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(want), &wantV); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(wantV, got); diff != "" {
		t.Errorf("converted schema (-want +got):\n%s", diff)
	}
}
