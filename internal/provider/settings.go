package provider

import (
	"fmt"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// diagAdder is the part of diag.Diagnostics the configuration helpers use.
type diagAdder interface {
	AddAttributeError(path.Path, string, string)
	AddError(string, string)
}

// setting is a resolved provider value and where it came from.
type setting struct {
	value   string
	fromEnv bool
	unknown bool
}

// stringSetting resolves attribute → environment variable → default.
func stringSetting(v types.String, env, def string) setting {
	switch {
	case v.IsUnknown():
		return setting{unknown: true}
	case !v.IsNull() && v.ValueString() != "":
		return setting{value: v.ValueString()}
	}
	if e := os.Getenv(env); e != "" {
		return setting{value: e, fromEnv: true}
	}
	return setting{value: def}
}

// validBaseURL checks a base URL that came from the environment (attribute
// values were already checked at validation time by baseURLValidator).
func validBaseURL(s setting, at path.Path, env string, diags diagAdder) bool {
	return validRootURL(s, at, env, parseURL, diags)
}

// validRootURL is validBaseURL with the vendor's own check of its API root
// (webex.ValidateBaseURL, …).
func validRootURL(s setting, at path.Path, env string, check func(string) error, diags diagAdder) bool {
	if err := check(s.value); err != nil {
		if s.fromEnv {
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
type vendorClient[T any] struct {
	api     T
	ok      bool
	pending bool   // provider configuration not known yet (planning)
	missing string // what to set
}

// clientFrom extracts a vendor client from ProviderData in a resource's or
// data source's Configure. It returns ok=false without error while the
// provider is not configured yet (validation) or its values are unknown.
func clientFrom[T any](providerDataAny any, vendor string, pick func(*providerData) vendorClient[T], diags *diag.Diagnostics) (T, bool) {
	var zero T
	if providerDataAny == nil {
		return zero, false
	}
	pd, ok := providerDataAny.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data", fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider.", providerDataAny))
		return zero, false
	}
	vc := pick(pd)
	switch {
	case vc.ok:
		return vc.api, true
	case vc.pending:
		return zero, false
	}
	diags.AddError(vendor+" is not configured",
		fmt.Sprintf("This resource uses the %s API, but the provider has no %s credentials. Set %s in the provider block.", vendor, vendor, vc.missing))
	return zero, false
}

// requireClient is called at the start of each CRUD method: it fails clearly
// when Configure could not provide a client (unknown provider values at plan
// time that are still unknown at apply cannot happen, but a nil must never
// panic).
func requireClient[T comparable](api T, vendor string, diags *diag.Diagnostics) bool {
	var zero T
	if api == zero {
		diags.AddError(vendor+" is not configured", "The provider could not build a "+vendor+" client; see the provider configuration errors above.")
		return false
	}
	return true
}
