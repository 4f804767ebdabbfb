// Command schemajson writes the provider's schemas in the format of
// `terraform providers schema -json`, read from the provider's protocol
// server in-process, for `tfplugindocs generate --providers-schema`.
//
//	go run ./cmd/schemajson -o schema.json
//
// `terraform providers schema -json` leaves out resource identity schemas
// before Terraform 1.12 and list resource schemas before 1.14, so docs
// rendered from an older CLI's output would show neither import by identity
// nor the list resources. The provider itself knows all of them; this asks it
// directly, whatever terraform is installed.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/zclconf/go-cty/cty"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider"
)

// providerKey is the key the schemas are written under. tfplugindocs
// v0.25 looks a --providers-schema file up only by "<name>" or by
// "registry.terraform.io/hashicorp/<name>" (the address its own build
// installs the provider under), not by the provider's real source address.
const providerKey = "registry.terraform.io/hashicorp/partneradmin"

func main() {
	out := flag.String("o", "", "write the JSON to this file (default: stdout)")
	flag.Parse()

	data, err := generate(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	if *out == "" {
		_, err = os.Stdout.Write(data)
	} else {
		err = os.WriteFile(*out, data, 0o644)
	}
	if err != nil {
		log.Fatal(err)
	}
}

// generate returns the JSON document for the provider.
func generate(ctx context.Context) ([]byte, error) {
	srv, err := providerserver.NewProtocol6WithError(provider.New("dev")())()
	if err != nil {
		return nil, err
	}
	ps, err := providerSchema(ctx, srv)
	if err != nil {
		return nil, err
	}
	doc := tfjson.ProviderSchemas{
		FormatVersion: "1.0",
		Schemas:       map[string]*tfjson.ProviderSchema{providerKey: ps},
	}
	if err := doc.Validate(); err != nil {
		return nil, err
	}
	data, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(data, '\n'), nil
}

// providerSchema asks srv for its schemas and converts them as Terraform
// core does for `terraform providers schema -json`
// (internal/command/jsonprovider).
func providerSchema(ctx context.Context, srv tfprotov6.ProviderServer) (*tfjson.ProviderSchema, error) {
	resp, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		return nil, err
	}
	if err := diagnosticsError("GetProviderSchema", resp.Diagnostics); err != nil {
		return nil, err
	}
	// Fail rather than write a document that silently lacks part of the
	// provider: these kinds have no converter here yet.
	if len(resp.ActionSchemas) > 0 || len(resp.StateStoreSchemas) > 0 {
		return nil, fmt.Errorf("the provider has actions or state stores, which schemajson does not convert yet")
	}
	idResp, err := srv.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil {
		return nil, err
	}
	if err := diagnosticsError("GetResourceIdentitySchemas", idResp.Diagnostics); err != nil {
		return nil, err
	}

	var c converter
	ps := &tfjson.ProviderSchema{
		ConfigSchema:             c.schema(resp.Provider),
		ResourceSchemas:          c.schemas(resp.ResourceSchemas),
		DataSourceSchemas:        c.schemas(resp.DataSourceSchemas),
		EphemeralResourceSchemas: c.schemas(resp.EphemeralResourceSchemas),
		// Terraform 1.14 wraps a list resource's schema in a `config` block
		// internally, but `providers schema -json` writes the provider's own
		// schema, unwrapped (hashicorp/terraform#37495): convert it as is.
		ListResourceSchemas:     c.schemas(resp.ListResourceSchemas),
		ResourceIdentitySchemas: c.identitySchemas(idResp.IdentitySchemas),
		Functions:               c.functions(resp.Functions),
	}
	return ps, c.err
}

func diagnosticsError(call string, diags []*tfprotov6.Diagnostic) error {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return fmt.Errorf("%s: %s: %s", call, d.Summary, d.Detail)
		}
	}
	return nil
}

// converter turns tfprotov6 schemas into their JSON form. It keeps the
// first error (a type cty cannot read) so that the walk stays simple.
type converter struct{ err error }

var blockNesting = map[tfprotov6.SchemaNestedBlockNestingMode]tfjson.SchemaNestingMode{
	tfprotov6.SchemaNestedBlockNestingModeSingle: tfjson.SchemaNestingModeSingle,
	tfprotov6.SchemaNestedBlockNestingModeGroup:  tfjson.SchemaNestingModeGroup,
	tfprotov6.SchemaNestedBlockNestingModeList:   tfjson.SchemaNestingModeList,
	tfprotov6.SchemaNestedBlockNestingModeSet:    tfjson.SchemaNestingModeSet,
	tfprotov6.SchemaNestedBlockNestingModeMap:    tfjson.SchemaNestingModeMap,
}

var objectNesting = map[tfprotov6.SchemaObjectNestingMode]tfjson.SchemaNestingMode{
	tfprotov6.SchemaObjectNestingModeSingle: tfjson.SchemaNestingModeSingle,
	tfprotov6.SchemaObjectNestingModeList:   tfjson.SchemaNestingModeList,
	tfprotov6.SchemaObjectNestingModeSet:    tfjson.SchemaNestingModeSet,
	tfprotov6.SchemaObjectNestingModeMap:    tfjson.SchemaNestingModeMap,
}

// Terraform writes description_kind on every block and attribute, "plain"
// unless the provider said markdown.
func descriptionKind(k tfprotov6.StringKind) tfjson.SchemaDescriptionKind {
	if k == tfprotov6.StringKindMarkdown {
		return tfjson.SchemaDescriptionKindMarkdown
	}
	return tfjson.SchemaDescriptionKindPlain
}

// ctyType converts through the type's JSON signature: the bytes
// terraform-plugin-go itself puts on the wire for Terraform, which Terraform
// reads with cty.
func (c *converter) ctyType(t tftypes.Type) cty.Type {
	data, err := t.MarshalJSON() //nolint:staticcheck // deprecated for third parties, but it is exactly the wire form
	if err != nil {
		c.fail(err)
		return cty.NilType
	}
	var ty cty.Type
	if err := ty.UnmarshalJSON(data); err != nil {
		c.fail(fmt.Errorf("type %s: %w", data, err))
		return cty.NilType
	}
	return ty
}

func (c *converter) fail(err error) {
	if c.err == nil {
		c.err = err
	}
}

func (c *converter) schemas(in map[string]*tfprotov6.Schema) map[string]*tfjson.Schema {
	if len(in) == 0 {
		return nil
	}
	out := make(map[string]*tfjson.Schema, len(in))
	for name, s := range in {
		out[name] = c.schema(s)
	}
	return out
}

func (c *converter) schema(s *tfprotov6.Schema) *tfjson.Schema {
	if s == nil {
		return nil
	}
	return &tfjson.Schema{Version: uint64(s.Version), Block: c.block(s.Block)}
}

func (c *converter) block(b *tfprotov6.SchemaBlock) *tfjson.SchemaBlock {
	if b == nil {
		b = &tfprotov6.SchemaBlock{}
	}
	out := &tfjson.SchemaBlock{
		Attributes:      c.attributes(b.Attributes),
		Description:     b.Description,
		DescriptionKind: descriptionKind(b.DescriptionKind),
		Deprecated:      b.Deprecated,
	}
	if len(b.BlockTypes) > 0 {
		out.NestedBlocks = make(map[string]*tfjson.SchemaBlockType, len(b.BlockTypes))
		for _, nb := range b.BlockTypes {
			out.NestedBlocks[nb.TypeName] = &tfjson.SchemaBlockType{
				NestingMode: blockNesting[nb.Nesting],
				Block:       c.block(nb.Block),
				MinItems:    uint64(nb.MinItems),
				MaxItems:    uint64(nb.MaxItems),
			}
		}
	}
	return out
}

func (c *converter) attributes(attrs []*tfprotov6.SchemaAttribute) map[string]*tfjson.SchemaAttribute {
	if len(attrs) == 0 {
		return nil
	}
	out := make(map[string]*tfjson.SchemaAttribute, len(attrs))
	for _, a := range attrs {
		ca := &tfjson.SchemaAttribute{
			Description:     a.Description,
			DescriptionKind: descriptionKind(a.DescriptionKind),
			Deprecated:      a.Deprecated,
			Required:        a.Required,
			Optional:        a.Optional,
			Computed:        a.Computed,
			Sensitive:       a.Sensitive,
			WriteOnly:       a.WriteOnly,
		}
		if a.Type != nil {
			ca.AttributeType = c.ctyType(a.Type)
		}
		if a.NestedType != nil {
			ca.AttributeNestedType = &tfjson.SchemaNestedAttributeType{
				Attributes:  c.attributes(a.NestedType.Attributes),
				NestingMode: objectNesting[a.NestedType.Nesting],
			}
		}
		out[a.Name] = ca
	}
	return out
}

func (c *converter) identitySchemas(in map[string]*tfprotov6.ResourceIdentitySchema) map[string]*tfjson.IdentitySchema {
	if len(in) == 0 {
		return nil
	}
	out := make(map[string]*tfjson.IdentitySchema, len(in))
	for name, s := range in {
		is := &tfjson.IdentitySchema{
			Version:    uint64(s.Version),
			Attributes: make(map[string]*tfjson.IdentityAttribute, len(s.IdentityAttributes)),
		}
		for _, a := range s.IdentityAttributes {
			is.Attributes[a.Name] = &tfjson.IdentityAttribute{
				IdentityType:      c.ctyType(a.Type),
				Description:       a.Description,
				RequiredForImport: a.RequiredForImport,
				OptionalForImport: a.OptionalForImport,
			}
		}
		out[name] = is
	}
	return out
}

// functions converts as Terraform's jsonfunction package does: the
// description as the provider sent it (Terraform writes no kind for it), and
// a parameter's AllowNullValue as is_nullable.
func (c *converter) functions(in map[string]*tfprotov6.Function) map[string]*tfjson.FunctionSignature {
	if len(in) == 0 {
		return nil
	}
	out := make(map[string]*tfjson.FunctionSignature, len(in))
	for name, f := range in {
		sig := &tfjson.FunctionSignature{
			Description:        f.Description,
			Summary:            f.Summary,
			DeprecationMessage: f.DeprecationMessage,
			Parameters:         make([]*tfjson.FunctionParameter, 0, len(f.Parameters)),
			VariadicParameter:  c.functionParameter(f.VariadicParameter),
		}
		if f.Return != nil {
			sig.ReturnType = c.ctyType(f.Return.Type)
		}
		for _, p := range f.Parameters {
			sig.Parameters = append(sig.Parameters, c.functionParameter(p))
		}
		out[name] = sig
	}
	return out
}

func (c *converter) functionParameter(p *tfprotov6.FunctionParameter) *tfjson.FunctionParameter {
	if p == nil {
		return nil
	}
	return &tfjson.FunctionParameter{
		Name:        p.Name,
		Description: p.Description,
		IsNullable:  p.AllowNullValue,
		Type:        c.ctyType(p.Type),
	}
}
