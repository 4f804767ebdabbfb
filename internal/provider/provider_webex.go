package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/client/webex"
)

// Webex environment variables.
const (
	EnvWebexAccessToken  = "WEBEX_ACCESS_TOKEN"
	EnvWebexBaseURL      = "WEBEX_BASE_URL"
	EnvWebexClientID     = "WEBEX_CLIENT_ID"
	EnvWebexClientSecret = "WEBEX_CLIENT_SECRET"
	EnvWebexRefreshToken = "WEBEX_REFRESH_TOKEN"
)

type webexConfigModel struct {
	AccessToken  types.String `tfsdk:"access_token"`
	BaseURL      types.String `tfsdk:"base_url"`
	ClientID     types.String `tfsdk:"client_id"`
	ClientSecret types.String `tfsdk:"client_secret"`
	RefreshToken types.String `tfsdk:"refresh_token"`
}

func webexProviderSchema() schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		MarkdownDescription: "Cisco Webex. Needed only by `partneradmin_webex_*` resources and data sources. Give either " +
			"`access_token`, or an integration's `client_id`, `client_secret` and `refresh_token`: access tokens are then " +
			"obtained from `POST /v1/access_token`, cached, renewed before they expire and once when Webex answers 401.",
		Optional: true,
		Attributes: map[string]schema.Attribute{
			"access_token": schema.StringAttribute{
				MarkdownDescription: "Webex access token (personal, integration or service-app token) of a Partner Full " +
					"Administrator, with the scopes the resources you use need. Defaults to `" + EnvWebexAccessToken + "`.",
				Optional:  true,
				Sensitive: true,
			},
			"client_id": schema.StringAttribute{
				MarkdownDescription: "Client ID of the Webex integration whose `refresh_token` is given. Defaults to `" + EnvWebexClientID + "`.",
				Optional:            true,
			},
			"client_secret": schema.StringAttribute{
				MarkdownDescription: "Client secret of that integration. Defaults to `" + EnvWebexClientSecret + "`.",
				Optional:            true,
				Sensitive:           true,
			},
			"refresh_token": schema.StringAttribute{
				MarkdownDescription: "Refresh token of that integration, redeemed for access tokens. Webex expires it after 90 days " +
					"unused. Defaults to `" + EnvWebexRefreshToken + "`.",
				Optional:  true,
				Sensitive: true,
			},
			"base_url": schema.StringAttribute{
				MarkdownDescription: "Webex API root. Defaults to `" + EnvWebexBaseURL + "`, then `" + webex.DefaultBaseURL +
					"`. Must use `https://`; `http://` is accepted only for loopback hosts, such as the sandbox. Give the root " +
					"without `/v1` (Webex's docs write paths as `https://webexapis.com/v1/…`, but the provider adds `/v1` itself): " +
					"a base URL ending in `/v1` is rejected at plan time. Before a 404 is taken to mean that an object was deleted, " +
					"the provider checks once that `GET <base_url>/v1/people/me` answers; if it does not, the 404 is an error and " +
					"state is kept.",
				Optional:   true,
				Validators: []validator.String{BaseURLValidator{check: webex.ValidateBaseURL}},
			},
		},
	}
}

func configureWebex(_ context.Context, cfg *webexConfigModel, common CommonConfig, diags DiagAdder) VendorClient[*webex.Client] {
	if cfg == nil {
		cfg = &webexConfigModel{}
	}
	at := path.Root("webex")
	token := StringSetting(cfg.AccessToken, EnvWebexAccessToken, "")
	baseURL := StringSetting(cfg.BaseURL, EnvWebexBaseURL, webex.DefaultBaseURL)
	clientID := StringSetting(cfg.ClientID, EnvWebexClientID, "")
	secret := StringSetting(cfg.ClientSecret, EnvWebexClientSecret, "")
	refresh := StringSetting(cfg.RefreshToken, EnvWebexRefreshToken, "")
	for _, s := range []Setting{token, baseURL, clientID, secret, refresh} {
		if s.Unknown {
			return VendorClient[*webex.Client]{Pending: true}
		}
	}
	integration := []struct {
		name, env string
		s         Setting
	}{{"client_id", EnvWebexClientID, clientID}, {"client_secret", EnvWebexClientSecret, secret}, {"refresh_token", EnvWebexRefreshToken, refresh}}
	var given, missing []string
	for _, a := range integration {
		if a.s.Value != "" {
			given = append(given, "webex."+a.name)
		}
	}
	switch {
	case token.Value != "" && len(given) > 0:
		diags.AddAttributeError(at, "Conflicting Webex credentials",
			"Give either webex.access_token ("+EnvWebexAccessToken+") or an integration's webex.client_id, webex.client_secret and "+
				"webex.refresh_token, not both; these are all set (in the provider block or the environment): webex.access_token, "+
				strings.Join(given, ", ")+".")
		return VendorClient[*webex.Client]{Unavailable: "one Webex credential"}
	case token.Value == "" && len(given) == 0:
		return VendorClient[*webex.Client]{Unavailable: "webex.access_token (or the " + EnvWebexAccessToken + " environment variable), or " +
			"webex.client_id, webex.client_secret and webex.refresh_token (" + EnvWebexClientID + ", " + EnvWebexClientSecret + ", " +
			EnvWebexRefreshToken + ")"}
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
			return VendorClient[*webex.Client]{Unavailable: strings.Join(missing, ", ")}
		}
	}
	if !ValidRootURL(baseURL, at.AtName("base_url"), EnvWebexBaseURL, webex.ValidateBaseURL, diags) {
		return VendorClient[*webex.Client]{Unavailable: "a valid webex.base_url"}
	}
	c, err := webex.New(webex.Config{
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
		return VendorClient[*webex.Client]{Unavailable: "a valid webex block"}
	}
	return VendorClient[*webex.Client]{API: c, OK: true}
}
