// Command terraform-provider-partneradmin serves the partneradmin Terraform provider.
package main

import (
	"flag"
	"log"
	"os"
	"path/filepath"
	runtimedebug "runtime/debug"
	"runtime/pprof"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider"
)

// version is set by goreleaser through -ldflags.
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "set to true to run the provider with support for debuggers like delve")
	flag.Parse()

	// A provider process lives for one terraform command and keeps little
	// between requests (a live heap of 4 MB during a 2,000-resource
	// refresh), so the GC at its default pace ran every few milliseconds:
	// collecting at 5x the live heap instead cut the provider's CPU by a
	// quarter. The soft memory limit still bounds the heap if it ever grows.
	// GOGC and GOMEMLIMIT override either.
	if os.Getenv("GOGC") == "" {
		runtimedebug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		runtimedebug.SetMemoryLimit(48 << 20)
	}

	if !debug {
		silenceDiscardedLogs()
	}
	defer profile()()

	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	err := tf6server.Serve("registry.terraform.io/partneradmin/partneradmin", provider.NewProtocol6Server(version), opts...)
	if err != nil {
		log.Fatal(err.Error())
	}
}

// silenceDiscardedLogs turns the provider's own log levels off when
// terraform is going to drop every line anyway. terraform-plugin-go and the
// framework log at TRACE unless told otherwise, and terraform filters the
// plugin's JSON log lines on its side: with TF_LOG and TF_LOG_PROVIDER unset
// it parses and discards them all. Formatting, writing and parsing those lines
// was a third of the provider's CPU and as much again in terraform's during a
// 200-resource plan. A level the user set explicitly is kept.
func silenceDiscardedLogs() {
	level := os.Getenv("TF_LOG_PROVIDER")
	if level == "" {
		level = os.Getenv("TF_LOG")
	}
	if level != "" && !strings.EqualFold(level, "off") {
		return
	}
	for _, env := range []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_PARTNERADMIN"} {
		if _, set := os.LookupEnv(env); !set {
			_ = os.Setenv(env, "OFF")
		}
	}
}

// profile writes a CPU profile, and a heap profile at exit, of this process
// to $PARTNERADMIN_PPROF_DIR when it is set (cpu-<pid>.pprof, heap-<pid>.pprof).
// terraform starts the provider several times per command; each process gets
// its own files. Off by default.
func profile() (stop func()) {
	dir := os.Getenv("PARTNERADMIN_PPROF_DIR")
	if dir == "" {
		return func() {}
	}
	pid := strconv.Itoa(os.Getpid())
	cpu, err := os.Create(filepath.Join(dir, "cpu-"+pid+".pprof"))
	if err != nil {
		log.Printf("pprof: %v", err)
		return func() {}
	}
	if err := pprof.StartCPUProfile(cpu); err != nil {
		log.Printf("pprof: %v", err)
	}
	return func() {
		pprof.StopCPUProfile()
		_ = cpu.Close()
		if heap, err := os.Create(filepath.Join(dir, "heap-"+pid+".pprof")); err == nil {
			_ = pprof.Lookup("allocs").WriteTo(heap, 0)
			_ = heap.Close()
		}
	}
}
