package main

// `make generate` (go generate ./...) formats the examples, then renders docs/
// from the provider's schema, the templates/ and the examples/. The schema
// comes from the provider itself (cmd/schemajson), not from the terraform on
// PATH: that one may be too old to write resource identity (1.12+) and list
// resource (1.14+) schemas. So this runs offline and does not depend on the
// installed terraform's version, except for formatting. The JSON file is
// git-ignored. tfplugindocs is pinned in tools/go.mod, the dev tools' own
// module, so its dependencies stay out of the provider's go.mod.
//go:generate terraform fmt -recursive ./examples/
//go:generate go run ./cmd/schemajson -o tools/providers-schema.json
//go:generate go tool -modfile=tools/go.mod tfplugindocs generate --provider-dir . --provider-name partneradmin --providers-schema tools/providers-schema.json
