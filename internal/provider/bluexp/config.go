package bluexp

import (
	"context"
	"strings"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/shared"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	bluexpapi "github.com/partneradmin/terraform-provider-partneradmin/internal/client/bluexp"
)

// BlueXP environment variables.
const (
	EnvAccessToken  = "BLUEXP_ACCESS_TOKEN"
	EnvClientID     = "BLUEXP_CLIENT_ID"
	EnvClientSecret = "BLUEXP_CLIENT_SECRET"
	EnvRefreshToken = "BLUEXP_REFRESH_TOKEN"
	EnvBaseURL      = "BLUEXP_BASE_URL"
	EnvTokenURL     = "BLUEXP_TOKEN_URL"
)

type ConfigModel struct {
	AccessToken  types.String `tfsdk:"access_token"`
	ClientID     types.String `tfsdk:"client_id"`
	ClientSecret types.String `tfsdk:"client_secret"`
	RefreshToken types.String `tfsdk:"refresh_token"`
	BaseURL      types.String `tfsdk:"base_url"`
	TokenURL     types.String `tfsdk:"token_url"`
}

func ProviderSchema() schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		MarkdownDescription: "NetApp BlueXP (NetApp Console). Needed only by `partneradmin_bluexp_*` resources. Give exactly " +
			"one way of authenticating: `access_token`, a service account (`client_id` and `client_secret`), or a user " +
			"`refresh_token`. Tokens from the last two are fetched once, cached, and renewed before they expire.",
		Optional: true,
		Attributes: map[string]schema.Attribute{
			"access_token": schema.StringAttribute{
				MarkdownDescription: "BlueXP access token. Defaults to `" + EnvAccessToken + "`.",
				Optional:            true,
				Sensitive:           true,
			},
			"client_id": schema.StringAttribute{
				MarkdownDescription: "Service account client ID (client credentials grant). Defaults to `" + EnvClientID + "`.",
				Optional:            true,
			},
			"client_secret": schema.StringAttribute{
				MarkdownDescription: "Service account client secret. Defaults to `" + EnvClientSecret + "`.",
				Optional:            true,
				Sensitive:           true,
			},
			"refresh_token": schema.StringAttribute{
				MarkdownDescription: "User refresh token (refresh token grant). Defaults to `" + EnvRefreshToken + "`.",
				Optional:            true,
				Sensitive:           true,
			},
			"base_url": schema.StringAttribute{
				MarkdownDescription: "BlueXP API root. Defaults to `" + EnvBaseURL + "`, then `" + bluexpapi.DefaultBaseURL +
					"`. Must use `https://`; `http://` is accepted only for loopback hosts, such as the sandbox. A base URL with " +
					"`/v1/management` twice is rejected at plan time. Before a 404 is taken to mean that users or a partnership " +
					"were removed, the provider checks once that `GET <base_url>/partnerships` answers; if it does not, the 404 is " +
					"an error and state is kept.",
				Optional:   true,
				Validators: []validator.String{shared.IsBaseURL(bluexpapi.ValidateBaseURL)},
			},
			"token_url": schema.StringAttribute{
				MarkdownDescription: "Auth0 token endpoint. Defaults to `" + EnvTokenURL + "`, then `" + bluexpapi.DefaultTokenURL + "`.",
				Optional:            true,
				Validators:          []validator.String{shared.IsBaseURL(nil)},
			},
		},
	}
}

func Configure(_ context.Context, cfg *ConfigModel, common shared.CommonConfig, diags shared.DiagAdder) shared.VendorClient[*bluexpapi.Client] {
	if cfg == nil {
		cfg = &ConfigModel{}
	}
	at := path.Root("bluexp")
	token := shared.StringSetting(cfg.AccessToken, EnvAccessToken, "")
	clientID := shared.StringSetting(cfg.ClientID, EnvClientID, "")
	secret := shared.StringSetting(cfg.ClientSecret, EnvClientSecret, "")
	refresh := shared.StringSetting(cfg.RefreshToken, EnvRefreshToken, "")
	baseURL := shared.StringSetting(cfg.BaseURL, EnvBaseURL, bluexpapi.DefaultBaseURL)
	tokenURL := shared.StringSetting(cfg.TokenURL, EnvTokenURL, bluexpapi.DefaultTokenURL)
	for _, s := range []shared.Setting{token, clientID, secret, refresh, baseURL, tokenURL} {
		if s.Unknown {
			return shared.VendorClient[*bluexpapi.Client]{Pending: true}
		}
	}
	const (
		byToken   = "bluexp.access_token (" + EnvAccessToken + ")"
		byAccount = "bluexp.client_id and bluexp.client_secret (" + EnvClientID + ", " + EnvClientSecret + ")"
		byRefresh = "bluexp.refresh_token (" + EnvRefreshToken + ")"
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
		return shared.VendorClient[*bluexpapi.Client]{Missing: "exactly one of " + byToken + ", " + byAccount + ", or " + byRefresh}
	case len(given) > 1:
		diags.AddAttributeError(at, "Conflicting BlueXP credentials",
			"Give exactly one way of authenticating to BlueXP, but these are all set (in the provider block or the environment): "+
				strings.Join(given, "; ")+". Remove all but one.")
		return shared.VendorClient[*bluexpapi.Client]{Invalid: "the BlueXP credentials (one kind only)"}
	}
	if (clientID.Value == "") != (secret.Value == "") {
		missingAttr := "bluexp.client_secret (or " + EnvClientSecret + ")"
		if clientID.Value == "" {
			missingAttr = "bluexp.client_id (or " + EnvClientID + ")"
		}
		diags.AddAttributeError(at, "Incomplete BlueXP service account",
			"A BlueXP service account needs both bluexp.client_id and bluexp.client_secret; "+missingAttr+" is not set.")
		return shared.VendorClient[*bluexpapi.Client]{Missing: missingAttr}
	}
	if !shared.ValidRootURL(baseURL, at.AtName("base_url"), EnvBaseURL, bluexpapi.ValidateBaseURL, diags) ||
		!shared.ValidBaseURL(tokenURL, at.AtName("token_url"), EnvTokenURL, diags) {
		return shared.VendorClient[*bluexpapi.Client]{Invalid: "bluexp.base_url and bluexp.token_url"}
	}
	c, err := bluexpapi.New(bluexpapi.Config{
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
		return shared.VendorClient[*bluexpapi.Client]{Invalid: "the bluexp block"}
	}
	return shared.VendorClient[*bluexpapi.Client]{API: c, OK: true}
}

// clientFrom is the BlueXP client a resource, data source or list resource
// gets in Configure; nil (with the reason as an error) when the provider has
// none.
func clientFrom(providerData any, diags *diag.Diagnostics) *bluexpapi.Client {
	c, _ := shared.ClientFrom(providerData, "BlueXP", func(pd *shared.ProviderData) shared.VendorClient[*bluexpapi.Client] { return pd.BlueXP }, diags)
	return c
}
