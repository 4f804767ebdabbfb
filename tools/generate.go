// Package tools holds code generation for the provider's docs.
package tools

// Format the examples, then render docs/ from the provider's schema, the
// templates/ and the examples/. The schema comes from the provider itself
// (../cmd/schemajson), not from the terraform on PATH: that one may be too old to
// write resource identity (1.12+) and list resource (1.14+) schemas. So this
// runs offline and does not depend on the installed terraform's version,
// except for formatting. The JSON file is git-ignored.
//go:generate terraform fmt -recursive ../examples/
//go:generate go run ../cmd/schemajson -o providers-schema.json
//go:generate go tool tfplugindocs generate --provider-dir .. --provider-name partneradmin --providers-schema providers-schema.json
