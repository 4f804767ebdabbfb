package provider

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	goversion "github.com/hashicorp/go-version"
)

// devCLI runs the real terraform CLI (TF_ACC_TERRAFORM_PATH) against this
// provider built from source, through dev_overrides, as a user would: for
// the tests that need CLI commands terraform-plugin-testing does not drive.
type devCLI struct {
	t         *testing.T
	terraform string
	rc        string // CLI config with the dev_overrides
	dir       string // the working directory
	env       []string
}

// newDevCLI builds the provider binary; it skips unless TF_ACC is set.
func newDevCLI(t *testing.T, env ...string) *devCLI {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	tf := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if tf == "" {
		t.Skip("terraform not found")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "bin")
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "terraform-provider-partneradmin"), "../..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	c := &devCLI{t: t, terraform: tf, rc: filepath.Join(dir, "terraformrc"), dir: filepath.Join(dir, "tf"), env: env}
	if err := os.WriteFile(c.rc, fmt.Appendf(nil, `provider_installation {
  dev_overrides { "registry.terraform.io/partneradmin/partneradmin" = %q }
  direct {}
}
`, bin), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(c.dir, 0o700); err != nil {
		t.Fatal(err)
	}
	return c
}

// write puts a file in the working directory.
func (c *devCLI) write(name, content string) {
	c.t.Helper()
	if err := os.WriteFile(filepath.Join(c.dir, name), []byte(content), 0o600); err != nil {
		c.t.Fatal(err)
	}
}

// read returns a file of the working directory.
func (c *devCLI) read(name string) string {
	c.t.Helper()
	data, err := os.ReadFile(filepath.Join(c.dir, name))
	if err != nil {
		c.t.Fatal(err)
	}
	return string(data)
}

// command returns the CLI command, ready to run in the working directory.
func (c *devCLI) command(args ...string) *exec.Cmd {
	cmd := exec.Command(c.terraform, args...)
	cmd.Dir = c.dir
	cmd.Env = append(append(os.Environ(), "TF_CLI_CONFIG_FILE="+c.rc, "TF_IN_AUTOMATION=1"), c.env...)
	return cmd
}

// run runs the CLI and fails the test if it fails; it returns stdout.
func (c *devCLI) run(args ...string) string {
	c.t.Helper()
	var stderr strings.Builder
	cmd := c.command(args...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		c.t.Fatalf("terraform %s: %v\n%s%s", strings.Join(args, " "), err, out, stderr.String())
	}
	return string(out)
}

// skipBelowCLI skips the test unless the acceptance tests' CLI
// (TF_ACC_TERRAFORM_PATH) is at least minVersion, before anything is built.
func skipBelowCLI(t *testing.T, minVersion, why string) {
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

// fullAddressBlock names the provider by its full address, so the
// dev_overrides match under OpenTofu too (it defaults to its own registry).
const fullAddressBlock = `terraform {
  required_providers {
    partneradmin = { source = "registry.terraform.io/partneradmin/partneradmin" }
  }
}
`
