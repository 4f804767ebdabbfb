// Package provider maps Terraform's lifecycle onto the vendor clients. It
// knows Terraform; URLs, headers and vendor error shapes live in
// internal/client.
package provider

import (
	"context"
	"fmt"
	"os"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/client"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/client/bluexp"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/client/cloudcockpit"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/client/webex"
)

// Environment variables read when an attribute is not set.
const (
	EnvMaxRetries = "PARTNERADMIN_MAX_RETRIES"
)

var (
	_ provider.Provider                  = (*PartnerAdminProvider)(nil)
	_ provider.ProviderWithListResources = (*PartnerAdminProvider)(nil)
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
	Webex        *webexConfigModel        `tfsdk:"webex"`
	BlueXP       *bluexpConfigModel       `tfsdk:"bluexp"`
	CloudCockpit *cloudCockpitConfigModel `tfsdk:"cloudcockpit"`
	MaxRetries   types.Int64              `tfsdk:"max_retries"`
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
			"webex":        webexProviderSchema(),
			"bluexp":       bluexpProviderSchema(),
			"cloudcockpit": cloudCockpitProviderSchema(),
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

// providerData is handed to every resource and data source.
type ProviderData struct {
	Webex        VendorClient[*webex.Client]
	BlueXP       VendorClient[*bluexp.Client]
	CloudCockpit VendorClient[*cloudcockpit.Client]
}

func (p *PartnerAdminProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	common := CommonConfig{
		UserAgent: fmt.Sprintf("terraform-provider-partneradmin/%s (+https://github.com/partneradmin/terraform-provider-partneradmin) Terraform/%s",
			p.version, req.TerraformVersion),
	}
	maxRetries, ok := Int64Setting(cfg.MaxRetries, EnvMaxRetries, client.DefaultMaxRetries, 0, 20, path.Root("max_retries"), &resp.Diagnostics)
	if !ok {
		return
	}
	// The client core treats 0 as "default" and negative as "none".
	common.MaxRetries = int(maxRetries)
	if maxRetries == 0 {
		common.MaxRetries = -1
	}

	data := &ProviderData{
		Webex:        configureWebex(ctx, cfg.Webex, common, &resp.Diagnostics),
		BlueXP:       configureBlueXP(ctx, cfg.BlueXP, common, &resp.Diagnostics),
		CloudCockpit: configureCloudCockpit(ctx, cfg.CloudCockpit, common, &resp.Diagnostics),
	}
	resp.ResourceData = data
	resp.DataSourceData = data
	resp.ListResourceData = data
}

func (p *PartnerAdminProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewWebexPartnerAdminAssignmentResource,
		NewWebexExecutiveAssistantResource,
		NewCloudCockpitAccessAssignmentResource,
		NewBlueXPResourceAdminsResource,
	}
}

// ListResources discovers existing objects for `terraform query`
// (Terraform 1.14+), one per managed resource that can adopt them.
func (p *PartnerAdminProvider) ListResources(context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		NewWebexPartnerAdminAssignmentListResource,
		NewBlueXPResourceAdminsListResource,
		NewCloudCockpitAccessAssignmentListResource,
	}
}

func (p *PartnerAdminProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewWebexExecutiveAssistantDataSource,
	}
}

// commonConfig is what every vendor client shares.
type CommonConfig struct {
	UserAgent  string
	MaxRetries int
}

// int64Setting resolves an attribute → environment variable → default chain,
// with a clear error naming the env var when its value is bad.
func Int64Setting(v types.Int64, env string, def, lo, hi int64, at path.Path, diags DiagAdder) (int64, bool) {
	if v.IsUnknown() {
		return def, true
	}
	if !v.IsNull() {
		return v.ValueInt64(), true
	}
	raw, set := os.LookupEnv(env)
	if !set || raw == "" {
		return def, true
	}
	n, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || n < lo || n > hi {
		diags.AddAttributeError(at, "Invalid "+env,
			fmt.Sprintf("The environment variable %s must be a whole number from %d to %d; it is %q.", env, lo, hi, raw))
		return 0, false
	}
	return n, true
}
