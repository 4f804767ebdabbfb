package webex

import (
	"context"
	"strings"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/shared"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	webexapi "github.com/partneradmin/terraform-provider-partneradmin/internal/client/webex"
)

// Webex environment variables.
const (
	EnvAccessToken  = "WEBEX_ACCESS_TOKEN"
	EnvBaseURL      = "WEBEX_BASE_URL"
	EnvClientID     = "WEBEX_CLIENT_ID"
	EnvClientSecret = "WEBEX_CLIENT_SECRET"
	EnvRefreshToken = "WEBEX_REFRESH_TOKEN"
)

type ConfigModel struct {
	AccessToken  types.String `tfsdk:"access_token"`
	BaseURL      types.String `tfsdk:"base_url"`
	ClientID     types.String `tfsdk:"client_id"`
	ClientSecret types.String `tfsdk:"client_secret"`
	RefreshToken types.String `tfsdk:"refresh_token"`
}

func ProviderSchema() schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		MarkdownDescription: "Cisco Webex. Needed only by `partneradmin_webex_*` resources and data sources. Give either " +
			"`access_token`, or an integration's `client_id`, `client_secret` and `refresh_token`: access tokens are then " +
			"obtained from `POST /v1/access_token`, cached, renewed before they expire and once when Webex answers 401.",
		Optional: true,
		Attributes: map[string]schema.Attribute{
			"access_token": schema.StringAttribute{
				MarkdownDescription: "Webex access token (personal, integration or service-app token) of a Partner Full " +
					"Administrator, with the scopes the resources you use need. Defaults to `" + EnvAccessToken + "`.",
				Optional:  true,
				Sensitive: true,
			},
			"client_id": schema.StringAttribute{
				MarkdownDescription: "Client ID of the Webex integration whose `refresh_token` is given. Defaults to `" + EnvClientID + "`.",
				Optional:            true,
			},
			"client_secret": schema.StringAttribute{
				MarkdownDescription: "Client secret of that integration. Defaults to `" + EnvClientSecret + "`.",
				Optional:            true,
				Sensitive:           true,
			},
			"refresh_token": schema.StringAttribute{
				MarkdownDescription: "Refresh token of that integration, redeemed for access tokens. Webex expires it after 90 days " +
					"unused. Defaults to `" + EnvRefreshToken + "`.",
				Optional:  true,
				Sensitive: true,
			},
			"base_url": schema.StringAttribute{
				MarkdownDescription: "Webex API root. Defaults to `" + EnvBaseURL + "`, then `" + webexapi.DefaultBaseURL +
					"`. Must use `https://`; `http://` is accepted only for loopback hosts, such as the sandbox. Give the root " +
					"without `/v1` (Webex's docs write paths as `https://webexapis.com/v1/…`, but the provider adds `/v1` itself): " +
					"a base URL ending in `/v1` is rejected at plan time. Before a 404 is taken to mean that an object was deleted, " +
					"the provider checks once that `GET <base_url>/v1/people/me` answers; if it does not, the 404 is an error and " +
					"state is kept.",
				Optional:   true,
				Validators: []validator.String{shared.IsBaseURL(webexapi.ValidateBaseURL)},
			},
		},
	}
}

func Configure(_ context.Context, cfg *ConfigModel, common shared.CommonConfig, diags shared.DiagAdder) shared.VendorClient[*webexapi.Client] {
	if cfg == nil {
		cfg = &ConfigModel{}
	}
	at := path.Root("webex")
	token := shared.StringSetting(cfg.AccessToken, EnvAccessToken, "")
	baseURL := shared.StringSetting(cfg.BaseURL, EnvBaseURL, webexapi.DefaultBaseURL)
	clientID := shared.StringSetting(cfg.ClientID, EnvClientID, "")
	secret := shared.StringSetting(cfg.ClientSecret, EnvClientSecret, "")
	refresh := shared.StringSetting(cfg.RefreshToken, EnvRefreshToken, "")
	for _, s := range []shared.Setting{token, baseURL, clientID, secret, refresh} {
		if s.Unknown {
			return shared.VendorClient[*webexapi.Client]{Pending: true}
		}
	}
	integration := []struct {
		name, env string
		s         shared.Setting
	}{{"client_id", EnvClientID, clientID}, {"client_secret", EnvClientSecret, secret}, {"refresh_token", EnvRefreshToken, refresh}}
	var given, missing []string
	for _, a := range integration {
		if a.s.Value != "" {
			given = append(given, "webex."+a.name)
		}
	}
	switch {
	case token.Value != "" && len(given) > 0:
		diags.AddAttributeError(at, "Conflicting Webex credentials",
			"Give either webex.access_token ("+EnvAccessToken+") or an integration's webex.client_id, webex.client_secret and "+
				"webex.refresh_token, not both; these are all set (in the provider block or the environment): webex.access_token, "+
				strings.Join(given, ", ")+".")
		return shared.VendorClient[*webexapi.Client]{Invalid: "the Webex credentials (one kind only)"}
	case token.Value == "" && len(given) == 0:
		return shared.VendorClient[*webexapi.Client]{Missing: "webex.access_token (or the " + EnvAccessToken + " environment variable), or " +
			"webex.client_id, webex.client_secret and webex.refresh_token (" + EnvClientID + ", " + EnvClientSecret + ", " +
			EnvRefreshToken + ")"}
	case token.Value == "":
		for _, a := range integration {
			if a.s.Value == "" {
				missing = append(missing, "webex."+a.name)
				diags.AddAttributeError(at.AtName(a.name), "Incomplete Webex integration credentials",
					"Refresh-token authentication needs webex.client_id, webex.client_secret and webex.refresh_token together; "+
						"webex."+a.name+" (or "+a.env+") is not set. Alternatively, give only webex.access_token.")
			}
		}
		if len(missing) > 0 {
			return shared.VendorClient[*webexapi.Client]{Missing: strings.Join(missing, ", ")}
		}
	}
	if !shared.ValidRootURL(baseURL, at.AtName("base_url"), EnvBaseURL, webexapi.ValidateBaseURL, diags) {
		return shared.VendorClient[*webexapi.Client]{Invalid: "webex.base_url"}
	}
	c, err := webexapi.New(webexapi.Config{
		BaseURL:      baseURL.Value,
		AccessToken:  token.Value,
		ClientID:     clientID.Value,
		ClientSecret: secret.Value,
		RefreshToken: refresh.Value,
		UserAgent:    common.UserAgent,
		MaxRetries:   common.MaxRetries,
	})
	if err != nil {
		diags.AddAttributeError(at, "Unable to configure the Webex client", err.Error())
		return shared.VendorClient[*webexapi.Client]{Invalid: "the webex block"}
	}
	return shared.VendorClient[*webexapi.Client]{API: c, OK: true}
}

// clientFrom is the Webex client a resource, data source or list resource
// gets in Configure; nil (with the reason as an error) when the provider has
// none.
func clientFrom(providerData any, diags *diag.Diagnostics) *webexapi.Client {
	c, _ := shared.ClientFrom(providerData, "Webex", func(pd *shared.ProviderData) shared.VendorClient[*webexapi.Client] { return pd.Webex }, diags)
	return c
}
