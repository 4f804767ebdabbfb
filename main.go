// Command terraform-provider-partneradmin serves the partneradmin Terraform provider.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider"
)

// Run "make generate" to format example terraform files and generate the docs for the registry/website.
//go:generate terraform fmt -recursive ./examples/
//go:generate go run github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs generate --provider-name partneradmin

// version is set by goreleaser through -ldflags.
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "set to true to run the provider with support for debuggers like delve")
	flag.Parse()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/partneradmin/partneradmin",
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}
