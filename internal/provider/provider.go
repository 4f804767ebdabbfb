// Package provider maps Terraform's lifecycle onto the vendor clients. It
// knows Terraform; URLs, headers and vendor error shapes live in
// internal/client.
package provider

import (
	"context"
	"fmt"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/bluexp"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/cloudcockpit"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/shared"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/webex"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/client"
)

// Environment variables read when an attribute is not set.
const (
	EnvMaxRetries = "PARTNERADMIN_MAX_RETRIES"
)

var (
	_ provider.Provider                  = (*PartnerAdminProvider)(nil)
	_ provider.ProviderWithListResources = (*PartnerAdminProvider)(nil)
	_ provider.ProviderWithFunctions     = (*PartnerAdminProvider)(nil)
)

// PartnerAdminProvider is the partneradmin provider.
type PartnerAdminProvider struct {
	version string
}

// New returns a provider factory for providerserver.
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &PartnerAdminProvider{version: version} }
}

// providerModel is the provider block.
type providerModel struct {
	Webex        *webex.ConfigModel        `tfsdk:"webex"`
	BlueXP       *bluexp.ConfigModel       `tfsdk:"bluexp"`
	CloudCockpit *cloudcockpit.ConfigModel `tfsdk:"cloudcockpit"`
	MaxRetries   types.Int64               `tfsdk:"max_retries"`
}

func (p *PartnerAdminProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "partneradmin"
	resp.Version = p.version
}

func (p *PartnerAdminProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages delegated and partner administration across SaaS vendors: Cisco Webex partner " +
			"administrators, Webex Calling executive-assistant settings, NetApp BlueXP partnership ResourceAdmins, and CloudCockpit GDAP access assignments. Configure only the vendors whose resources " +
			"you use; every attribute can come from an environment variable instead, so `provider \"partneradmin\" {}` " +
			"works in pipelines.",
		Attributes: map[string]schema.Attribute{
			"webex":        webex.ProviderSchema(),
			"bluexp":       bluexp.ProviderSchema(),
			"cloudcockpit": cloudcockpit.ProviderSchema(),
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: "How many times a request is retried after a rate limit (429), a lock (423), a server " +
					"error (5xx) or a lost connection, honouring `Retry-After`. Defaults to `" + EnvMaxRetries +
					"`, then 6. `0` disables retries.",
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(0, 20)},
			},
		},
	}
}

func (p *PartnerAdminProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	common := shared.CommonConfig{
		UserAgent: fmt.Sprintf("terraform-provider-partneradmin/%s (+https://github.com/partneradmin/terraform-provider-partneradmin) Terraform/%s",
			p.version, req.TerraformVersion),
	}
	maxRetries, ok := shared.Int64Setting(cfg.MaxRetries, EnvMaxRetries, client.DefaultMaxRetries, 0, 20, path.Root("max_retries"), &resp.Diagnostics)
	if !ok {
		return
	}
	// The client core treats 0 as "default" and negative as "none".
	common.MaxRetries = int(maxRetries)
	if maxRetries == 0 {
		common.MaxRetries = -1
	}

	data := &shared.ProviderData{
		Webex:        webex.Configure(ctx, cfg.Webex, common, &resp.Diagnostics),
		BlueXP:       bluexp.Configure(ctx, cfg.BlueXP, common, &resp.Diagnostics),
		CloudCockpit: cloudcockpit.Configure(ctx, cfg.CloudCockpit, common, &resp.Diagnostics),
	}
	resp.ResourceData = data
	resp.DataSourceData = data
	resp.ListResourceData = data
}

func (p *PartnerAdminProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		webex.NewPartnerAdminAssignmentResource,
		webex.NewExecutiveAssistantResource,
		webex.NewCustomerPartnerAdminsResource,
		cloudcockpit.NewAccessAssignmentResource,
		bluexp.NewResourceAdminsResource,
		bluexp.NewUserAdminsResource,
	}
}

// ListResources discovers existing objects for `terraform query`
// (Terraform 1.14+), one per managed resource that can adopt them.
func (p *PartnerAdminProvider) ListResources(context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		webex.NewPartnerAdminAssignmentListResource,
		bluexp.NewResourceAdminsListResource,
		bluexp.NewUserAdminsListResource,
		cloudcockpit.NewAccessAssignmentListResource,
	}
}

func (p *PartnerAdminProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		webex.NewExecutiveAssistantDataSource,
		webex.NewPartnerAdminsDataSource,
		bluexp.NewResourceAdminsDataSource,
		webex.NewManagedCustomersDataSource,
		cloudcockpit.NewProviderInstancesDataSource,
		cloudcockpit.NewDelegatedAdminRelationshipsDataSource,
	}
}

// Functions are provider-defined functions (Terraform 1.8+, OpenTofu 1.7+):
// they need no provider configuration and send no request.
func (p *PartnerAdminProvider) Functions(context.Context) []func() function.Function {
	return []func() function.Function{
		webex.NewIDFunction,
		webex.NewUUIDFunction,
	}
}
