package sharedtest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// CLI is a terraform working directory whose CLI config points the
// provider's address at a binary built from this module, to run the real
// CLI as a user would, for the commands terraform-plugin-testing does not
// drive.
type CLI struct {
	t         *testing.T
	Terraform string   // the CLI binary
	RC        string   // the CLI config file, with the dev_overrides
	Dir       string   // the working directory
	Env       []string // added to the environment of every command
}

// NewCLI builds the provider into a temporary directory and returns a CLI
// that runs terraform with it.
func NewCLI(t *testing.T, terraform string, env ...string) *CLI {
	t.Helper()
	gomod, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		t.Fatalf("go env GOMOD: %v", err)
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "bin")
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "terraform-provider-partneradmin"), ".")
	build.Dir = filepath.Dir(strings.TrimSpace(string(gomod)))
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	c := &CLI{t: t, Terraform: terraform, RC: filepath.Join(dir, "terraformrc"), Dir: filepath.Join(dir, "tf"), Env: env}
	if err := os.Mkdir(c.Dir, 0o700); err != nil {
		t.Fatal(err)
	}
	// The full address, so the override matches under OpenTofu too.
	c.Write(c.RC, fmt.Sprintf(`provider_installation {
  dev_overrides { "registry.terraform.io/partneradmin/partneradmin" = %q }
  direct {}
}
`, bin))
	return c
}

// Write puts a file in the working directory (or at an absolute path).
func (c *CLI) Write(name, content string) {
	c.t.Helper()
	if !filepath.IsAbs(name) {
		name = filepath.Join(c.Dir, name)
	}
	if err := os.WriteFile(name, []byte(content), 0o600); err != nil {
		c.t.Fatal(err)
	}
}

// Read returns a file of the working directory.
func (c *CLI) Read(name string) string {
	c.t.Helper()
	data, err := os.ReadFile(filepath.Join(c.Dir, name))
	if err != nil {
		c.t.Fatal(err)
	}
	return string(data)
}

// Command returns a terraform command, ready to run in the working directory.
func (c *CLI) Command(args ...string) *exec.Cmd {
	cmd := exec.Command(c.Terraform, args...)
	cmd.Dir = c.Dir
	cmd.Env = append(append(os.Environ(), "TF_CLI_CONFIG_FILE="+c.RC, "TF_IN_AUTOMATION=1"), c.Env...)
	return cmd
}

// Run runs terraform and fails the test if it fails; it returns stdout.
func (c *CLI) Run(args ...string) string {
	c.t.Helper()
	var stderr strings.Builder
	cmd := c.Command(args...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		c.t.Fatalf("terraform %s: %v\n%s%s", strings.Join(args, " "), err, out, stderr.String())
	}
	return string(out)
}
