package provider

import (
	"fmt"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// diagAdder is the part of diag.Diagnostics the configuration helpers use.
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

// stringSetting resolves attribute → environment variable → default.
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

// validBaseURL checks a base URL that came from the environment (attribute
// values were already checked at validation time by baseURLValidator).
func ValidBaseURL(s Setting, at path.Path, env string, diags DiagAdder) bool {
	return ValidRootURL(s, at, env, ParseURL, diags)
}

// validRootURL is validBaseURL with the vendor's own check of its API root
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

// vendorClient is a vendor's API client, or the reason there is none, so a
// resource of an unconfigured vendor fails with a precise message while other
// vendors keep working.
type VendorClient[T any] struct {
	API         T
	OK          bool
	Pending     bool   // provider configuration not known yet (planning)
	Unavailable string // what to set
}

// clientFrom extracts a vendor client from ProviderData in a resource's or
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
	diags.AddError(vendor+" is not configured",
		fmt.Sprintf("This resource uses the %s API, but the provider has no %s credentials. Set %s in the provider block.", vendor, vendor, vc.Unavailable))
	return zero, false
}

// requireClient is called at the start of each CRUD method: it fails clearly
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
