// Command terraform-provider-partneradmin serves the partneradmin Terraform provider.
package main

import (
	"context"
	"flag"
	"log"
	"os"
	runtimedebug "runtime/debug"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider"
)

// version is set by goreleaser through -ldflags.
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "set to true to run the provider with support for debuggers like delve")
	flag.Parse()

	// A refresh of thousands of resources allocates briskly but keeps little:
	// a soft memory limit makes the GC collect before the heap balloons
	// (peak RSS of a 2,000-resource refresh). GOMEMLIMIT still overrides it.
	if os.Getenv("GOMEMLIMIT") == "" {
		runtimedebug.SetMemoryLimit(48 << 20)
	}

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/partneradmin/partneradmin",
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}
