package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/client/bluexp"
)

// BlueXP environment variables.
const (
	EnvBlueXPAccessToken  = "BLUEXP_ACCESS_TOKEN"
	EnvBlueXPClientID     = "BLUEXP_CLIENT_ID"
	EnvBlueXPClientSecret = "BLUEXP_CLIENT_SECRET"
	EnvBlueXPRefreshToken = "BLUEXP_REFRESH_TOKEN"
	EnvBlueXPBaseURL      = "BLUEXP_BASE_URL"
	EnvBlueXPTokenURL     = "BLUEXP_TOKEN_URL"
)

type bluexpConfigModel struct {
	AccessToken  types.String `tfsdk:"access_token"`
	ClientID     types.String `tfsdk:"client_id"`
	ClientSecret types.String `tfsdk:"client_secret"`
	RefreshToken types.String `tfsdk:"refresh_token"`
	BaseURL      types.String `tfsdk:"base_url"`
	TokenURL     types.String `tfsdk:"token_url"`
}

func bluexpProviderSchema() schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		MarkdownDescription: "NetApp BlueXP (NetApp Console). Needed only by `partneradmin_bluexp_*` resources. Give exactly " +
			"one way of authenticating: `access_token`, a service account (`client_id` and `client_secret`), or a user " +
			"`refresh_token`. Tokens from the last two are fetched once, cached, and renewed before they expire.",
		Optional: true,
		Attributes: map[string]schema.Attribute{
			"access_token": schema.StringAttribute{
				MarkdownDescription: "BlueXP access token. Defaults to `" + EnvBlueXPAccessToken + "`.",
				Optional:            true,
				Sensitive:           true,
			},
			"client_id": schema.StringAttribute{
				MarkdownDescription: "Service account client ID (client credentials grant). Defaults to `" + EnvBlueXPClientID + "`.",
				Optional:            true,
			},
			"client_secret": schema.StringAttribute{
				MarkdownDescription: "Service account client secret. Defaults to `" + EnvBlueXPClientSecret + "`.",
				Optional:            true,
				Sensitive:           true,
			},
			"refresh_token": schema.StringAttribute{
				MarkdownDescription: "User refresh token (refresh token grant). Defaults to `" + EnvBlueXPRefreshToken + "`.",
				Optional:            true,
				Sensitive:           true,
			},
			"base_url": schema.StringAttribute{
				MarkdownDescription: "BlueXP API root. Defaults to `" + EnvBlueXPBaseURL + "`, then `" + bluexp.DefaultBaseURL +
					"`. Must use `https://`; `http://` is accepted only for loopback hosts, such as the sandbox. A base URL with " +
					"`/v1/management` twice is rejected at plan time. Before a 404 is taken to mean that users or a partnership " +
					"were removed, the provider checks once that `GET <base_url>/partnerships` answers; if it does not, the 404 is " +
					"an error and state is kept.",
				Optional:   true,
				Validators: []validator.String{BaseURLValidator{check: bluexp.ValidateBaseURL}},
			},
			"token_url": schema.StringAttribute{
				MarkdownDescription: "Auth0 token endpoint. Defaults to `" + EnvBlueXPTokenURL + "`, then `" + bluexp.DefaultTokenURL + "`.",
				Optional:            true,
				Validators:          []validator.String{BaseURLValidator{}},
			},
		},
	}
}

func configureBlueXP(_ context.Context, cfg *bluexpConfigModel, common CommonConfig, diags DiagAdder) VendorClient[*bluexp.Client] {
	if cfg == nil {
		cfg = &bluexpConfigModel{}
	}
	at := path.Root("bluexp")
	token := StringSetting(cfg.AccessToken, EnvBlueXPAccessToken, "")
	clientID := StringSetting(cfg.ClientID, EnvBlueXPClientID, "")
	secret := StringSetting(cfg.ClientSecret, EnvBlueXPClientSecret, "")
	refresh := StringSetting(cfg.RefreshToken, EnvBlueXPRefreshToken, "")
	baseURL := StringSetting(cfg.BaseURL, EnvBlueXPBaseURL, bluexp.DefaultBaseURL)
	tokenURL := StringSetting(cfg.TokenURL, EnvBlueXPTokenURL, bluexp.DefaultTokenURL)
	for _, s := range []Setting{token, clientID, secret, refresh, baseURL, tokenURL} {
		if s.Unknown {
			return VendorClient[*bluexp.Client]{Pending: true}
		}
	}
	const (
		byToken   = "bluexp.access_token (" + EnvBlueXPAccessToken + ")"
		byAccount = "bluexp.client_id and bluexp.client_secret (" + EnvBlueXPClientID + ", " + EnvBlueXPClientSecret + ")"
		byRefresh = "bluexp.refresh_token (" + EnvBlueXPRefreshToken + ")"
	)
	var given []string
	if token.Value != "" {
		given = append(given, byToken)
	}
	if clientID.Value != "" || secret.Value != "" {
		given = append(given, byAccount)
	}
	if refresh.Value != "" {
		given = append(given, byRefresh)
	}
	switch {
	case len(given) == 0:
		return VendorClient[*bluexp.Client]{Unavailable: "exactly one of " + byToken + ", " + byAccount + ", or " + byRefresh}
	case len(given) > 1:
		diags.AddAttributeError(at, "Conflicting BlueXP credentials",
			"Give exactly one way of authenticating to BlueXP, but these are all set (in the provider block or the environment): "+
				strings.Join(given, "; ")+". Remove all but one.")
		return VendorClient[*bluexp.Client]{Unavailable: "exactly one BlueXP credential"}
	}
	if (clientID.Value == "") != (secret.Value == "") {
		missingAttr := "bluexp.client_secret (or " + EnvBlueXPClientSecret + ")"
		if clientID.Value == "" {
			missingAttr = "bluexp.client_id (or " + EnvBlueXPClientID + ")"
		}
		diags.AddAttributeError(at, "Incomplete BlueXP service account",
			"A BlueXP service account needs both bluexp.client_id and bluexp.client_secret; "+missingAttr+" is not set.")
		return VendorClient[*bluexp.Client]{Unavailable: missingAttr}
	}
	if !ValidRootURL(baseURL, at.AtName("base_url"), EnvBlueXPBaseURL, bluexp.ValidateBaseURL, diags) ||
		!ValidBaseURL(tokenURL, at.AtName("token_url"), EnvBlueXPTokenURL, diags) {
		return VendorClient[*bluexp.Client]{Unavailable: "a valid bluexp.base_url and bluexp.token_url"}
	}
	c, err := bluexp.New(bluexp.Config{
		BaseURL:      baseURL.Value,
		TokenURL:     tokenURL.Value,
		AccessToken:  token.Value,
		ClientID:     clientID.Value,
		ClientSecret: secret.Value,
		RefreshToken: refresh.Value,
		UserAgent:    common.UserAgent,
		MaxRetries:   common.MaxRetries,
	})
	if err != nil {
		diags.AddAttributeError(at, "Unable to configure the BlueXP client", err.Error())
		return VendorClient[*bluexp.Client]{Unavailable: "a valid bluexp block"}
	}
	return VendorClient[*bluexp.Client]{API: c, OK: true}
}
