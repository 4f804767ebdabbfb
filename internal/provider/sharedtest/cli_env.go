package sharedtest

import (
	"encoding/json"
	"os"
	"os/exec"
	"testing"

	goversion "github.com/hashicorp/go-version"
)

// NewDevCLI builds the provider and returns a terraform working directory
// that uses it (acctest.CLI); it skips unless TF_ACC is set.
func NewDevCLI(t *testing.T, env ...string) *CLI {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	tf := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if tf == "" {
		t.Skip("terraform not found")
	}
	return NewCLI(t, tf, env...)
}

// SkipBelowCLI skips the test unless the acceptance tests' CLI
// (TF_ACC_TERRAFORM_PATH) is at least minVersion, before anything is built.
func SkipBelowCLI(t *testing.T, minVersion, why string) {
	t.Helper()
	tf := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if os.Getenv("TF_ACC") == "" || tf == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	out, err := exec.Command(tf, "version", "-json").Output()
	if err != nil {
		t.Fatalf("%s version -json: %v", tf, err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("%s version -json: %v", tf, err)
	}
	if goversion.Must(goversion.NewVersion(v.Version)).LessThan(goversion.Must(goversion.NewVersion(minVersion))) {
		t.Skipf("%s: needs terraform %s+, this is %s", why, minVersion, v.Version)
	}
}

// FullAddressBlock names the provider by its full address, so the
// dev_overrides match under OpenTofu too (it defaults to its own registry).
const FullAddressBlock = `terraform {
  required_providers {
    partneradmin = { source = "registry.terraform.io/partneradmin/partneradmin" }
  }
}
`
