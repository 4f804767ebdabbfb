package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/client/webex"
)

// Webex environment variables.
const (
	EnvWebexAccessToken = "WEBEX_ACCESS_TOKEN"
	EnvWebexBaseURL     = "WEBEX_BASE_URL"
)

type webexConfigModel struct {
	AccessToken types.String `tfsdk:"access_token"`
	BaseURL     types.String `tfsdk:"base_url"`
}

func webexProviderSchema() schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		MarkdownDescription: "Cisco Webex. Needed only by `partneradmin_webex_*` resources and data sources.",
		Optional:            true,
		Attributes: map[string]schema.Attribute{
			"access_token": schema.StringAttribute{
				MarkdownDescription: "Webex access token (personal, integration or service-app token) of a Partner Full " +
					"Administrator, with the scopes the resources you use need. Defaults to `" + EnvWebexAccessToken + "`.",
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
				Validators: []validator.String{baseURLValidator{check: webex.ValidateBaseURL}},
			},
		},
	}
}

func configureWebex(_ context.Context, cfg *webexConfigModel, common commonConfig, diags diagAdder) vendorClient[*webex.Client] {
	if cfg == nil {
		cfg = &webexConfigModel{}
	}
	at := path.Root("webex")
	token := stringSetting(cfg.AccessToken, EnvWebexAccessToken, "")
	baseURL := stringSetting(cfg.BaseURL, EnvWebexBaseURL, webex.DefaultBaseURL)
	if token.unknown || baseURL.unknown {
		return vendorClient[*webex.Client]{pending: true}
	}
	if token.value == "" {
		return vendorClient[*webex.Client]{missing: "webex.access_token (or the " + EnvWebexAccessToken + " environment variable)"}
	}
	if !validRootURL(baseURL, at.AtName("base_url"), EnvWebexBaseURL, webex.ValidateBaseURL, diags) {
		return vendorClient[*webex.Client]{missing: "a valid webex.base_url"}
	}
	c, err := webex.New(webex.Config{
		BaseURL:     baseURL.value,
		AccessToken: token.value,
		UserAgent:   common.userAgent,
		MaxRetries:  common.maxRetries,
	})
	if err != nil {
		diags.AddAttributeError(at, "Unable to configure the Webex client", err.Error())
		return vendorClient[*webex.Client]{missing: "a valid webex block"}
	}
	return vendorClient[*webex.Client]{api: c, ok: true}
}
