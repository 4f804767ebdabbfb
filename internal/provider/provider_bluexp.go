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
				Validators: []validator.String{baseURLValidator{check: bluexp.ValidateBaseURL}},
			},
			"token_url": schema.StringAttribute{
				MarkdownDescription: "Auth0 token endpoint. Defaults to `" + EnvBlueXPTokenURL + "`, then `" + bluexp.DefaultTokenURL + "`.",
				Optional:            true,
				Validators:          []validator.String{baseURLValidator{}},
			},
		},
	}
}

func configureBlueXP(_ context.Context, cfg *bluexpConfigModel, common commonConfig, diags diagAdder) vendorClient[*bluexp.Client] {
	if cfg == nil {
		cfg = &bluexpConfigModel{}
	}
	at := path.Root("bluexp")
	token := stringSetting(cfg.AccessToken, EnvBlueXPAccessToken, "")
	clientID := stringSetting(cfg.ClientID, EnvBlueXPClientID, "")
	secret := stringSetting(cfg.ClientSecret, EnvBlueXPClientSecret, "")
	refresh := stringSetting(cfg.RefreshToken, EnvBlueXPRefreshToken, "")
	baseURL := stringSetting(cfg.BaseURL, EnvBlueXPBaseURL, bluexp.DefaultBaseURL)
	tokenURL := stringSetting(cfg.TokenURL, EnvBlueXPTokenURL, bluexp.DefaultTokenURL)
	for _, s := range []setting{token, clientID, secret, refresh, baseURL, tokenURL} {
		if s.unknown {
			return vendorClient[*bluexp.Client]{pending: true}
		}
	}
	const (
		byToken   = "bluexp.access_token (" + EnvBlueXPAccessToken + ")"
		byAccount = "bluexp.client_id and bluexp.client_secret (" + EnvBlueXPClientID + ", " + EnvBlueXPClientSecret + ")"
		byRefresh = "bluexp.refresh_token (" + EnvBlueXPRefreshToken + ")"
	)
	var given []string
	if token.value != "" {
		given = append(given, byToken)
	}
	if clientID.value != "" || secret.value != "" {
		given = append(given, byAccount)
	}
	if refresh.value != "" {
		given = append(given, byRefresh)
	}
	switch {
	case len(given) == 0:
		return vendorClient[*bluexp.Client]{missing: "exactly one of " + byToken + ", " + byAccount + ", or " + byRefresh}
	case len(given) > 1:
		diags.AddAttributeError(at, "Conflicting BlueXP credentials",
			"Give exactly one way of authenticating to BlueXP, but these are all set (in the provider block or the environment): "+
				strings.Join(given, "; ")+". Remove all but one.")
		return vendorClient[*bluexp.Client]{missing: "exactly one BlueXP credential"}
	}
	if (clientID.value == "") != (secret.value == "") {
		missingAttr := "bluexp.client_secret (or " + EnvBlueXPClientSecret + ")"
		if clientID.value == "" {
			missingAttr = "bluexp.client_id (or " + EnvBlueXPClientID + ")"
		}
		diags.AddAttributeError(at, "Incomplete BlueXP service account",
			"A BlueXP service account needs both bluexp.client_id and bluexp.client_secret; "+missingAttr+" is not set.")
		return vendorClient[*bluexp.Client]{missing: missingAttr}
	}
	if !validRootURL(baseURL, at.AtName("base_url"), EnvBlueXPBaseURL, bluexp.ValidateBaseURL, diags) ||
		!validBaseURL(tokenURL, at.AtName("token_url"), EnvBlueXPTokenURL, diags) {
		return vendorClient[*bluexp.Client]{missing: "a valid bluexp.base_url and bluexp.token_url"}
	}
	c, err := bluexp.New(bluexp.Config{
		BaseURL:      baseURL.value,
		TokenURL:     tokenURL.value,
		AccessToken:  token.value,
		ClientID:     clientID.value,
		ClientSecret: secret.value,
		RefreshToken: refresh.value,
		UserAgent:    common.userAgent,
		MaxRetries:   common.maxRetries,
	})
	if err != nil {
		diags.AddAttributeError(at, "Unable to configure the BlueXP client", err.Error())
		return vendorClient[*bluexp.Client]{missing: "a valid bluexp block"}
	}
	return vendorClient[*bluexp.Client]{api: c, ok: true}
}
