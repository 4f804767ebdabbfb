// Package shared holds what every vendor package of the provider uses: the
// provider data and how a resource gets its vendor's client, settings
// resolved from attributes and environment variables, diagnostics for
// client errors, identity and import helpers, list-resource streaming, and
// waits with timeouts. It knows Terraform, never HTTP.
package shared
