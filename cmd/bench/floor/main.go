// Command floor is a do-nothing provider for cmd/bench: the same address,
// provider block and resource schema as partneradmin_webex_partner_admin_assignment,
// built on the same framework, but with no validators, timeouts, identity
// or API calls. Its times are the floor of any framework plugin provider;
// terraform_data, built into terraform, pays none of it.
package main

import (
	"context"
	"log"
	"os"
	runtimedebug "runtime/debug"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	pschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func main() {
	// The same process settings as the real provider's main.go, so the
	// difference is the provider's own work.
	if os.Getenv("TF_LOG") == "" && os.Getenv("TF_LOG_PROVIDER") == "" {
		for _, env := range []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_PARTNERADMIN"} {
			_ = os.Setenv(env, "OFF")
		}
	}
	runtimedebug.SetGCPercent(400)
	err := providerserver.Serve(context.Background(), func() provider.Provider { return floorProvider{} },
		providerserver.ServeOpts{Address: "registry.terraform.io/partneradmin/partneradmin"})
	if err != nil {
		log.Fatal(err)
	}
}

type floorProvider struct{}

func (floorProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "partneradmin"
}

func (floorProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = pschema.Schema{Attributes: map[string]pschema.Attribute{
		"webex": pschema.SingleNestedAttribute{Optional: true, Attributes: map[string]pschema.Attribute{
			"base_url":     pschema.StringAttribute{Optional: true},
			"access_token": pschema.StringAttribute{Optional: true, Sensitive: true},
		}},
	}}
}

func (floorProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (floorProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return floorResource{} }}
}

func (floorProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

type floorResource struct{}

type floorModel struct {
	ID                types.String `tfsdk:"id"`
	OrgID             types.String `tfsdk:"org_id"`
	PersonID          types.String `tfsdk:"person_id"`
	DisplayName       types.String `tfsdk:"display_name"`
	Emails            types.List   `tfsdk:"emails"`
	RoleInCustomerOrg types.String `tfsdk:"role_in_customer_org"`
}

func (floorResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_webex_partner_admin_assignment"
}

func (floorResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	resp.Schema = schema.Schema{Attributes: map[string]schema.Attribute{
		"id":                   schema.StringAttribute{Computed: true, PlanModifiers: keep},
		"org_id":               schema.StringAttribute{Required: true, PlanModifiers: replace},
		"person_id":            schema.StringAttribute{Required: true, PlanModifiers: replace},
		"display_name":         schema.StringAttribute{Computed: true, PlanModifiers: keep},
		"role_in_customer_org": schema.StringAttribute{Computed: true, PlanModifiers: keep},
		"emails": schema.ListAttribute{ElementType: types.StringType, Computed: true,
			PlanModifiers: []planmodifier.List{listplanmodifier.UseStateForUnknown()}},
	}}
}

func (floorResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m floorModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	m.ID = types.StringValue(m.OrgID.ValueString() + "/" + m.PersonID.ValueString())
	m.DisplayName, m.RoleInCustomerOrg = types.StringValue("Admin"), types.StringValue("id_full_admin")
	emails, diags := types.ListValueFrom(ctx, types.StringType, []string{"admin@example.com"})
	m.Emails = emails
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (floorResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var m floorModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (floorResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m floorModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (floorResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}
