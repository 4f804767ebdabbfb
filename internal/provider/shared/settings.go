package shared

import (
	"fmt"
	"os"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/client/bluexp"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/client/cloudcockpit"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/client/webex"
)

// DiagAdder is the part of diag.Diagnostics the configuration helpers use.
type DiagAdder interface {
	AddAttributeError(path.Path, string, string)
	AddError(string, string)
}

// setting is a resolved provider value and where it came from.
type Setting struct {
	Value   string
	FromEnv bool
	Unknown bool
}

// StringSetting resolves attribute → environment variable → default.
func StringSetting(v types.String, env, def string) Setting {
	switch {
	case v.IsUnknown():
		return Setting{Unknown: true}
	case !v.IsNull() && v.ValueString() != "":
		return Setting{Value: v.ValueString()}
	}
	if e := os.Getenv(env); e != "" {
		return Setting{Value: e, FromEnv: true}
	}
	return Setting{Value: def}
}

// ValidBaseURL checks a base URL that came from the environment (attribute
// values were already checked at validation time by BaseURLValidator).
func ValidBaseURL(s Setting, at path.Path, env string, diags DiagAdder) bool {
	return ValidRootURL(s, at, env, ParseURL, diags)
}

// ValidRootURL is ValidBaseURL with the vendor's own check of its API root
// (webex.ValidateBaseURL, …).
func ValidRootURL(s Setting, at path.Path, env string, check func(string) error, diags DiagAdder) bool {
	if err := check(s.Value); err != nil {
		if s.FromEnv {
			diags.AddError("Invalid "+env, fmt.Sprintf("The environment variable %s is not a usable base URL: %s.", env, err))
		} else {
			diags.AddAttributeError(at, "Invalid base URL", err.Error()+".")
		}
		return false
	}
	return true
}

// VendorClient is a vendor's API client, or the reason there is none, so a
// resource of an unconfigured vendor fails with a precise message while other
// vendors keep working.
type VendorClient[T any] struct {
	API     T
	OK      bool
	Pending bool   // provider configuration not known yet (planning)
	Missing string // settings to add: the provider has none for this vendor
	Invalid string // settings to correct: the provider reported why
}

// ClientFrom extracts a vendor client from ProviderData in a resource's or
// data source's Configure. It returns ok=false without error while the
// provider is not configured yet (validation) or its values are unknown.
func ClientFrom[T any](providerDataAny any, vendor string, pick func(*ProviderData) VendorClient[T], diags *diag.Diagnostics) (T, bool) {
	var zero T
	if providerDataAny == nil {
		return zero, false
	}
	pd, ok := providerDataAny.(*ProviderData)
	if !ok {
		diags.AddError("Unexpected provider data", fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider.", providerDataAny))
		return zero, false
	}
	vc := pick(pd)
	switch {
	case vc.OK:
		return vc.API, true
	case vc.Pending:
		return zero, false
	}
	if vc.Invalid != "" {
		diags.AddError(vendor+" is not configured",
			fmt.Sprintf("This resource uses the %s API, but the provider's %s settings are not usable: correct %s (see the provider configuration error).", vendor, vendor, vc.Invalid))
		return zero, false
	}
	diags.AddError(vendor+" is not configured",
		fmt.Sprintf("This resource uses the %s API, but the provider has no %s credentials. Set %s in the provider block.", vendor, vendor, vc.Missing))
	return zero, false
}

// RequireClient is called at the start of each CRUD method: it fails clearly
// when Configure could not provide a client (unknown provider values at plan
// time that are still unknown at apply cannot happen, but a nil must never
// panic).
func RequireClient[T comparable](api T, vendor string, diags *diag.Diagnostics) bool {
	var zero T
	if api == zero {
		diags.AddError(vendor+" is not configured", "The provider could not build a "+vendor+" client; see the provider configuration errors above.")
		return false
	}
	return true
}

// ProviderData is handed to every resource and data source.
type ProviderData struct {
	Webex        VendorClient[*webex.Client]
	BlueXP       VendorClient[*bluexp.Client]
	CloudCockpit VendorClient[*cloudcockpit.Client]
}

// CommonConfig is what every vendor client shares.
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
