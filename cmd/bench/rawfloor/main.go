// Command rawfloor is the lowest floor for cmd/bench: a do-nothing provider
// with the same address and resource schema as the floor, written directly on
// terraform-plugin-go (no framework). What it costs over terraform_data is
// the plugin protocol itself (process launches, gRPC, msgpack), which no
// provider can avoid; what the floor costs over it is the framework's share.
package main

import (
	"context"
	"log"
	"os"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

const resourceType = "partneradmin_webex_partner_admin_assignment"

var objectType = tftypes.Object{AttributeTypes: map[string]tftypes.Type{
	"id": tftypes.String, "org_id": tftypes.String, "person_id": tftypes.String,
	"display_name": tftypes.String, "role_in_customer_org": tftypes.String,
	"emails": tftypes.List{ElementType: tftypes.String},
}}

func main() {
	if os.Getenv("TF_LOG") == "" && os.Getenv("TF_LOG_PROVIDER") == "" {
		for _, env := range []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO"} {
			_ = os.Setenv(env, "OFF")
		}
	}
	err := tf6server.Serve("registry.terraform.io/partneradmin/partneradmin",
		func() tfprotov6.ProviderServer { return server{} })
	if err != nil {
		log.Fatal(err)
	}
}

// server implements only the RPCs terraform 1.11 sends for this resource; the
// embedded nil interface stands in for the rest, which a run never calls.
type server struct{ tfprotov6.ProviderServer }

func str(name string, computed bool) *tfprotov6.SchemaAttribute {
	return &tfprotov6.SchemaAttribute{Name: name, Type: tftypes.String, Required: !computed, Computed: computed}
}

func (server) GetProviderSchema(context.Context, *tfprotov6.GetProviderSchemaRequest) (*tfprotov6.GetProviderSchemaResponse, error) {
	return &tfprotov6.GetProviderSchemaResponse{
		ServerCapabilities: &tfprotov6.ServerCapabilities{GetProviderSchemaOptional: true, PlanDestroy: true},
		Provider: &tfprotov6.Schema{Block: &tfprotov6.SchemaBlock{Attributes: []*tfprotov6.SchemaAttribute{
			{Name: "webex", Optional: true, NestedType: &tfprotov6.SchemaObject{Nesting: tfprotov6.SchemaObjectNestingModeSingle,
				Attributes: []*tfprotov6.SchemaAttribute{
					{Name: "base_url", Type: tftypes.String, Optional: true},
					{Name: "access_token", Type: tftypes.String, Optional: true, Sensitive: true},
				}}},
		}}},
		ResourceSchemas: map[string]*tfprotov6.Schema{resourceType: {Block: &tfprotov6.SchemaBlock{Attributes: []*tfprotov6.SchemaAttribute{
			str("id", true), str("org_id", false), str("person_id", false),
			str("display_name", true), str("role_in_customer_org", true),
			{Name: "emails", Type: tftypes.List{ElementType: tftypes.String}, Computed: true},
		}}}},
		DataSourceSchemas: map[string]*tfprotov6.Schema{},
		Functions:         map[string]*tfprotov6.Function{},
	}, nil
}

func (server) GetMetadata(context.Context, *tfprotov6.GetMetadataRequest) (*tfprotov6.GetMetadataResponse, error) {
	return &tfprotov6.GetMetadataResponse{
		ServerCapabilities: &tfprotov6.ServerCapabilities{GetProviderSchemaOptional: true, PlanDestroy: true},
		Resources:          []tfprotov6.ResourceMetadata{{TypeName: resourceType}},
	}, nil
}

func (server) GetResourceIdentitySchemas(context.Context, *tfprotov6.GetResourceIdentitySchemasRequest) (*tfprotov6.GetResourceIdentitySchemasResponse, error) {
	return &tfprotov6.GetResourceIdentitySchemasResponse{}, nil
}

func (server) ValidateProviderConfig(_ context.Context, req *tfprotov6.ValidateProviderConfigRequest) (*tfprotov6.ValidateProviderConfigResponse, error) {
	return &tfprotov6.ValidateProviderConfigResponse{PreparedConfig: req.Config}, nil
}

func (server) ConfigureProvider(context.Context, *tfprotov6.ConfigureProviderRequest) (*tfprotov6.ConfigureProviderResponse, error) {
	return &tfprotov6.ConfigureProviderResponse{}, nil
}

func (server) StopProvider(context.Context, *tfprotov6.StopProviderRequest) (*tfprotov6.StopProviderResponse, error) {
	return &tfprotov6.StopProviderResponse{}, nil
}

func (server) ValidateResourceConfig(context.Context, *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return &tfprotov6.ValidateResourceConfigResponse{}, nil
}

func (server) UpgradeResourceState(_ context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	v, err := req.RawState.UnmarshalWithOpts(objectType, tfprotov6.UnmarshalOpts{})
	if err != nil {
		return nil, err
	}
	dv, err := tfprotov6.NewDynamicValue(objectType, v)
	return &tfprotov6.UpgradeResourceStateResponse{UpgradedState: &dv}, err
}

func (server) ReadResource(_ context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	return &tfprotov6.ReadResourceResponse{NewState: req.CurrentState, Private: req.Private}, nil
}

// fill sets the computed attributes: unknown in a create's plan, the values
// a create would return on apply.
func fill(dv *tfprotov6.DynamicValue, known bool) (*tfprotov6.DynamicValue, error) {
	v, err := dv.Unmarshal(objectType)
	if err != nil || v.IsNull() {
		return dv, err
	}
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil {
		return nil, err
	}
	if attrs["id"].IsKnown() && !attrs["id"].IsNull() {
		return dv, nil
	}
	strVal := func(s string) tftypes.Value {
		if !known {
			return tftypes.NewValue(tftypes.String, tftypes.UnknownValue)
		}
		return tftypes.NewValue(tftypes.String, s)
	}
	var org, person string
	_ = attrs["org_id"].As(&org)
	_ = attrs["person_id"].As(&person)
	attrs["id"], attrs["display_name"], attrs["role_in_customer_org"] = strVal(org+"/"+person), strVal("Admin"), strVal("id_full_admin")
	listType := tftypes.List{ElementType: tftypes.String}
	attrs["emails"] = tftypes.NewValue(listType, tftypes.UnknownValue)
	if known {
		attrs["emails"] = tftypes.NewValue(listType, []tftypes.Value{tftypes.NewValue(tftypes.String, "admin@example.com")})
	}
	out, err := tfprotov6.NewDynamicValue(objectType, tftypes.NewValue(objectType, attrs))
	return &out, err
}

func (server) PlanResourceChange(_ context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	planned, err := fill(req.ProposedNewState, false)
	return &tfprotov6.PlanResourceChangeResponse{PlannedState: planned}, err
}

func (server) ApplyResourceChange(_ context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	state, err := fill(req.PlannedState, true)
	return &tfprotov6.ApplyResourceChangeResponse{NewState: state}, err
}
