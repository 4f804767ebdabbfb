package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/client/cloudcockpit"
)

// CloudCockpit environment variables.
const (
	EnvCloudCockpitTenant       = "CLOUDCOCKPIT_TENANT"
	EnvCloudCockpitAccessToken  = "CLOUDCOCKPIT_ACCESS_TOKEN"
	EnvCloudCockpitClientID     = "CLOUDCOCKPIT_CLIENT_ID"
	EnvCloudCockpitClientSecret = "CLOUDCOCKPIT_CLIENT_SECRET"
	EnvCloudCockpitTokenURL     = "CLOUDCOCKPIT_TOKEN_URL"
	EnvCloudCockpitBaseURL      = "CLOUDCOCKPIT_BASE_URL"
)

type cloudCockpitConfigModel struct {
	Tenant       types.String `tfsdk:"tenant"`
	AccessToken  types.String `tfsdk:"access_token"`
	ClientID     types.String `tfsdk:"client_id"`
	ClientSecret types.String `tfsdk:"client_secret"`
	TokenURL     types.String `tfsdk:"token_url"`
	BaseURL      types.String `tfsdk:"base_url"`
}

func cloudCockpitProviderSchema() schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		MarkdownDescription: "CloudCockpit (Microsoft CSP portal). Needed only by `partneradmin_cloudcockpit_*` resources. " +
			"Authenticate with `access_token`, or with `client_id` and `client_secret` of an *API Access* created in the " +
			"portal (Entra ID client credentials; tokens are cached and renewed before they expire).",
		Optional: true,
		Attributes: map[string]schema.Attribute{
			"tenant": schema.StringAttribute{
				MarkdownDescription: "The portal's domain, such as `portal.cloudcockpit.com`, sent as `X-Tenant`. Required " +
					"for CloudCockpit resources. Defaults to `" + EnvCloudCockpitTenant + "`.",
				Optional: true,
			},
			"access_token": schema.StringAttribute{
				MarkdownDescription: "A CloudCockpit bearer token (JWT). Use it or `client_id` and `client_secret`. Defaults to `" +
					EnvCloudCockpitAccessToken + "`.",
				Optional:  true,
				Sensitive: true,
			},
			"client_id": schema.StringAttribute{
				MarkdownDescription: "Client id of the portal's API Access, for the client-credentials flow. Defaults to `" +
					EnvCloudCockpitClientID + "`.",
				Optional: true,
			},
			"client_secret": schema.StringAttribute{
				MarkdownDescription: "Client secret of the portal's API Access. Defaults to `" + EnvCloudCockpitClientSecret + "`.",
				Optional:            true,
				Sensitive:           true,
			},
			"token_url": schema.StringAttribute{
				MarkdownDescription: "Entra ID token endpoint for the client-credentials flow. Defaults to `" + EnvCloudCockpitTokenURL +
					"`, then `" + cloudcockpit.DefaultTokenURL + "`.",
				Optional:   true,
				Validators: []validator.String{BaseURLValidator{}},
			},
			"base_url": schema.StringAttribute{
				MarkdownDescription: "CloudCockpit API root. Defaults to `" + EnvCloudCockpitBaseURL + "`, then `" +
					cloudcockpit.DefaultBaseURL + "`. Must use `https://`; `http://` is accepted only for loopback hosts, such as the sandbox. " +
					"Give the root without `/v1` (the provider adds it): a base URL ending in `/v1` is rejected at plan time. Before a " +
					"404 is taken to mean that an assignment was deleted, the provider checks once that " +
					"`GET <base_url>/v1/Providers/Instances` answers; if it does not, the 404 is an error and state is kept.",
				Optional:   true,
				Validators: []validator.String{BaseURLValidator{check: cloudcockpit.ValidateBaseURL}},
			},
		},
	}
}

func configureCloudCockpit(_ context.Context, cfg *cloudCockpitConfigModel, common CommonConfig, diags DiagAdder) VendorClient[*cloudcockpit.Client] {
	if cfg == nil {
		cfg = &cloudCockpitConfigModel{}
	}
	at := path.Root("cloudcockpit")
	tenant := StringSetting(cfg.Tenant, EnvCloudCockpitTenant, "")
	token := StringSetting(cfg.AccessToken, EnvCloudCockpitAccessToken, "")
	clientID := StringSetting(cfg.ClientID, EnvCloudCockpitClientID, "")
	secret := StringSetting(cfg.ClientSecret, EnvCloudCockpitClientSecret, "")
	tokenURL := StringSetting(cfg.TokenURL, EnvCloudCockpitTokenURL, cloudcockpit.DefaultTokenURL)
	baseURL := StringSetting(cfg.BaseURL, EnvCloudCockpitBaseURL, cloudcockpit.DefaultBaseURL)
	for _, s := range []Setting{tenant, token, clientID, secret, tokenURL, baseURL} {
		if s.Unknown {
			return VendorClient[*cloudcockpit.Client]{Pending: true}
		}
	}
	credentials := "cloudcockpit.access_token (or " + EnvCloudCockpitAccessToken + "), or cloudcockpit.client_id and cloudcockpit.client_secret (or " +
		EnvCloudCockpitClientID + " and " + EnvCloudCockpitClientSecret + ")"
	switch {
	case token.Value == "" && clientID.Value == "" && secret.Value == "" && tenant.Value == "":
		return VendorClient[*cloudcockpit.Client]{Unavailable: "cloudcockpit.tenant (or " + EnvCloudCockpitTenant + ") and " + credentials}
	case token.Value == "" && (clientID.Value == "") != (secret.Value == ""):
		// Half a credential pair is a mistake worth an error at configure time.
		diags.AddAttributeError(at, "Incomplete CloudCockpit client credentials",
			"Set both cloudcockpit.client_id and cloudcockpit.client_secret (or "+EnvCloudCockpitClientID+" and "+EnvCloudCockpitClientSecret+"), or set cloudcockpit.access_token.")
		return VendorClient[*cloudcockpit.Client]{Unavailable: credentials}
	case token.Value == "" && clientID.Value == "":
		return VendorClient[*cloudcockpit.Client]{Unavailable: credentials}
	case tenant.Value == "":
		return VendorClient[*cloudcockpit.Client]{Unavailable: "cloudcockpit.tenant (or the " + EnvCloudCockpitTenant + " environment variable), the portal domain sent as X-Tenant"}
	}
	if !ValidRootURL(baseURL, at.AtName("base_url"), EnvCloudCockpitBaseURL, cloudcockpit.ValidateBaseURL, diags) {
		return VendorClient[*cloudcockpit.Client]{Unavailable: "a valid cloudcockpit.base_url"}
	}
	if token.Value == "" && !ValidBaseURL(tokenURL, at.AtName("token_url"), EnvCloudCockpitTokenURL, diags) {
		return VendorClient[*cloudcockpit.Client]{Unavailable: "a valid cloudcockpit.token_url"}
	}
	c, err := cloudcockpit.New(cloudcockpit.Config{
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
		return VendorClient[*cloudcockpit.Client]{Unavailable: "a valid cloudcockpit block"}
	}
	return VendorClient[*cloudcockpit.Client]{API: c, OK: true}
}
