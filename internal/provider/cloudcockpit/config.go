package cloudcockpit

import (
	"context"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/shared"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	cloudcockpitapi "github.com/partneradmin/terraform-provider-partneradmin/internal/client/cloudcockpit"
)

// CloudCockpit environment variables.
const (
	EnvTenant       = "CLOUDCOCKPIT_TENANT"
	EnvAccessToken  = "CLOUDCOCKPIT_ACCESS_TOKEN"
	EnvClientID     = "CLOUDCOCKPIT_CLIENT_ID"
	EnvClientSecret = "CLOUDCOCKPIT_CLIENT_SECRET"
	EnvTokenURL     = "CLOUDCOCKPIT_TOKEN_URL"
	EnvBaseURL      = "CLOUDCOCKPIT_BASE_URL"
)

type ConfigModel struct {
	Tenant       types.String `tfsdk:"tenant"`
	AccessToken  types.String `tfsdk:"access_token"`
	ClientID     types.String `tfsdk:"client_id"`
	ClientSecret types.String `tfsdk:"client_secret"`
	TokenURL     types.String `tfsdk:"token_url"`
	BaseURL      types.String `tfsdk:"base_url"`
}

func ProviderSchema() schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		MarkdownDescription: "CloudCockpit (Microsoft CSP portal). Needed only by `partneradmin_cloudcockpit_*` resources. " +
			"Authenticate with `access_token`, or with `client_id` and `client_secret` of an *API Access* created in the " +
			"portal (Entra ID client credentials; tokens are cached and renewed before they expire).",
		Optional: true,
		Attributes: map[string]schema.Attribute{
			"tenant": schema.StringAttribute{
				MarkdownDescription: "The portal's domain, such as `portal.cloudcockpit.com`, sent as `X-Tenant`. Required " +
					"for CloudCockpit resources. Defaults to `" + EnvTenant + "`.",
				Optional: true,
			},
			"access_token": schema.StringAttribute{
				MarkdownDescription: "A CloudCockpit bearer token (JWT). Use it or `client_id` and `client_secret`. Defaults to `" +
					EnvAccessToken + "`.",
				Optional:  true,
				Sensitive: true,
			},
			"client_id": schema.StringAttribute{
				MarkdownDescription: "Client id of the portal's API Access, for the client-credentials flow. Defaults to `" +
					EnvClientID + "`.",
				Optional: true,
			},
			"client_secret": schema.StringAttribute{
				MarkdownDescription: "Client secret of the portal's API Access. Defaults to `" + EnvClientSecret + "`.",
				Optional:            true,
				Sensitive:           true,
			},
			"token_url": schema.StringAttribute{
				MarkdownDescription: "Entra ID token endpoint for the client-credentials flow. Defaults to `" + EnvTokenURL +
					"`, then `" + cloudcockpitapi.DefaultTokenURL + "`.",
				Optional:   true,
				Validators: []validator.String{shared.IsBaseURL(nil)},
			},
			"base_url": schema.StringAttribute{
				MarkdownDescription: "CloudCockpit API root. Defaults to `" + EnvBaseURL + "`, then `" +
					cloudcockpitapi.DefaultBaseURL + "`. Must use `https://`; `http://` is accepted only for loopback hosts, such as the sandbox. " +
					"Give the root without `/v1` (the provider adds it): a base URL ending in `/v1` is rejected at plan time. Before a " +
					"404 is taken to mean that an assignment was deleted, the provider checks once that " +
					"`GET <base_url>/v1/Providers/Instances` answers; if it does not, the 404 is an error and state is kept.",
				Optional:   true,
				Validators: []validator.String{shared.IsBaseURL(cloudcockpitapi.ValidateBaseURL)},
			},
		},
	}
}

func Configure(_ context.Context, cfg *ConfigModel, common shared.CommonConfig, diags shared.DiagAdder) shared.VendorClient[*cloudcockpitapi.Client] {
	if cfg == nil {
		cfg = &ConfigModel{}
	}
	at := path.Root("cloudcockpit")
	tenant := shared.StringSetting(cfg.Tenant, EnvTenant, "")
	token := shared.StringSetting(cfg.AccessToken, EnvAccessToken, "")
	clientID := shared.StringSetting(cfg.ClientID, EnvClientID, "")
	secret := shared.StringSetting(cfg.ClientSecret, EnvClientSecret, "")
	tokenURL := shared.StringSetting(cfg.TokenURL, EnvTokenURL, cloudcockpitapi.DefaultTokenURL)
	baseURL := shared.StringSetting(cfg.BaseURL, EnvBaseURL, cloudcockpitapi.DefaultBaseURL)
	for _, s := range []shared.Setting{tenant, token, clientID, secret, tokenURL, baseURL} {
		if s.Unknown {
			return shared.VendorClient[*cloudcockpitapi.Client]{Pending: true}
		}
	}
	credentials := "cloudcockpit.access_token (or " + EnvAccessToken + "), or cloudcockpit.client_id and cloudcockpit.client_secret (or " +
		EnvClientID + " and " + EnvClientSecret + ")"
	switch {
	case token.Value == "" && clientID.Value == "" && secret.Value == "" && tenant.Value == "":
		return shared.VendorClient[*cloudcockpitapi.Client]{Missing: "cloudcockpit.tenant (or " + EnvTenant + ") and " + credentials}
	case token.Value == "" && (clientID.Value == "") != (secret.Value == ""):
		// Half a credential pair is a mistake worth an error at configure time.
		diags.AddAttributeError(at, "Incomplete CloudCockpit client credentials",
			"Set both cloudcockpit.client_id and cloudcockpit.client_secret (or "+EnvClientID+" and "+EnvClientSecret+"), or set cloudcockpit.access_token.")
		return shared.VendorClient[*cloudcockpitapi.Client]{Missing: credentials}
	case token.Value == "" && clientID.Value == "":
		return shared.VendorClient[*cloudcockpitapi.Client]{Missing: credentials}
	case tenant.Value == "":
		return shared.VendorClient[*cloudcockpitapi.Client]{Missing: "cloudcockpit.tenant (or the " + EnvTenant + " environment variable), the portal domain sent as X-Tenant"}
	}
	if !shared.ValidRootURL(baseURL, at.AtName("base_url"), EnvBaseURL, cloudcockpitapi.ValidateBaseURL, diags) {
		return shared.VendorClient[*cloudcockpitapi.Client]{Invalid: "cloudcockpit.base_url"}
	}
	if token.Value == "" && !shared.ValidBaseURL(tokenURL, at.AtName("token_url"), EnvTokenURL, diags) {
		return shared.VendorClient[*cloudcockpitapi.Client]{Invalid: "cloudcockpit.token_url"}
	}
	c, err := cloudcockpitapi.New(cloudcockpitapi.Config{
		BaseURL:      baseURL.Value,
		Tenant:       tenant.Value,
		AccessToken:  token.Value,
		ClientID:     clientID.Value,
		ClientSecret: secret.Value,
		TokenURL:     tokenURL.Value,
		UserAgent:    common.UserAgent,
		MaxRetries:   common.MaxRetries,
	})
	if err != nil {
		diags.AddAttributeError(at, "Unable to configure the CloudCockpit client", err.Error())
		return shared.VendorClient[*cloudcockpitapi.Client]{Invalid: "the cloudcockpit block"}
	}
	return shared.VendorClient[*cloudcockpitapi.Client]{API: c, OK: true}
}

// clientFrom is the CloudCockpit client a resource, data source or list resource
// gets in Configure; nil (with the reason as an error) when the provider has
// none.
func clientFrom(providerData any, diags *diag.Diagnostics) *cloudcockpitapi.Client {
	c, _ := shared.ClientFrom(providerData, "CloudCockpit", func(pd *shared.ProviderData) shared.VendorClient[*cloudcockpitapi.Client] { return pd.CloudCockpit }, diags)
	return c
}
