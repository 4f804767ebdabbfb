package sharedtest

import (
	"os"
	"regexp"
	"testing"
)

// terraformBlock is an example's top-level terraform block: up to the first
// line holding only "}" (nested blocks are indented).
var terraformBlock = regexp.MustCompile(`(?s)(^|\n)terraform \{\n.*?\n\}\n`)

// ExampleConfig reads a documented example (path relative to the test's
// package) without its terraform block. The example names the provider's
// registry source for users who copy it, while the acceptance tests serve
// the provider through ProtoV6ProviderFactories under the test framework's
// address, which that source would not match.
func ExampleConfig(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return terraformBlock.ReplaceAllString(string(b), "$1")
}
