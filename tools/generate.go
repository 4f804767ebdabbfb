// Package tools holds code generation for the provider's docs.
package tools

// Format the examples, then render docs/ from the provider's schema, the
// templates/ and the examples/. tfplugindocs uses the terraform on PATH,
// so this runs offline.
//go:generate terraform fmt -recursive ../examples/
//go:generate go tool tfplugindocs generate --provider-dir .. --provider-name partneradmin
