package provider_test

import (
	"bytes"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/sharedtest"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/webex"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
)

// TestAccSecrets_traceLogHasNoToken builds the provider binary and runs a
// full apply, update (replace) and destroy through the real terraform CLI
// with TF_LOG=trace, as a user debugging a pipeline would, then checks that
// the token appears nowhere: not in the trace log (terraform's and the
// provider's), the CLI output, the state, nor the plan.
func TestAccSecrets_traceLogHasNoToken(t *testing.T) {
	const token = "sandbox-SECRET-token-7c1f2e9a-do-not-log"

	// The first write's answer is dropped, so at least one request is
	// retried whatever the random IDs make of the seeded 429s and 5xx.
	sb := sandbox.New(sandbox.Options{Faults: sandbox.Faults{RateLimited: 0.1, ServerError: 0.1}, Seed: 7,
		LateWrites: sandbox.LateWrites{Drop: 1}})
	sb.Webex().AddToken(token, "spark-admin:organizations_read", "spark-admin:organizations_write")
	srv := httptest.NewServer(sb)
	defer srv.Close()
	st := sb.Webex()
	org := st.AddOrg("Acme")
	alice := st.AddPerson(sandbox.Person{DisplayName: "Alice", PartnerRole: sandbox.RolePartnerAdmin})
	bob := st.AddPerson(sandbox.Person{DisplayName: "Bob", PartnerRole: sandbox.RolePartnerAdmin})

	logPath := filepath.Join(t.TempDir(), "trace.log")
	cli := sharedtest.NewDevCLI(t, "TF_LOG=trace", "TF_LOG_PATH="+logPath,
		webex.EnvBaseURL+"="+srv.URL+"/webex", webex.EnvAccessToken+"="+token, "PARTNERADMIN_MAX_RETRIES=6")
	writeConfig := func(person string) {
		cli.Write("main.tf", sharedtest.FullAddressBlock+fmt.Sprintf(`provider "partneradmin" {}
resource "partneradmin_webex_partner_admin_assignment" "a" {
  org_id    = %q
  person_id = %q
}
`, org, person))
	}
	var output bytes.Buffer
	run := func(args ...string) {
		cmd := cli.Command(args...)
		cmd.Stdout, cmd.Stderr = &output, &output
		if err := cmd.Run(); err != nil {
			t.Fatalf("terraform %v: %v\n%s", args, err, output.String())
		}
	}
	writeConfig(alice)
	run("apply", "-auto-approve", "-input=false", "-no-color")
	writeConfig(bob) // person_id changes: the assignment is replaced
	run("plan", "-out=tfplan", "-input=false", "-no-color")
	run("show", "-json", "tfplan")
	run("apply", "-auto-approve", "-input=false", "-no-color", "tfplan")
	run("show", "-json")
	run("destroy", "-auto-approve", "-input=false", "-no-color")

	logData, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	// The log must really hold the provider's HTTP trace, or the check below proves nothing.
	for _, want := range []string{"Sending HTTP request", "HTTP response body", "Retrying HTTP request"} {
		if !bytes.Contains(logData, []byte(want)) {
			t.Fatalf("trace log lacks %q: the provider's logs were not captured", want)
		}
	}
	places := map[string][]byte{"trace log": logData, "CLI output": output.Bytes()}
	for _, f := range []string{"terraform.tfstate", "terraform.tfstate.backup", "tfplan"} {
		if data, err := os.ReadFile(filepath.Join(cli.Dir, f)); err == nil {
			places[f] = data
		}
	}
	for where, data := range places {
		if bytes.Contains(data, []byte(token)) {
			i := bytes.Index(data, []byte(token))
			t.Errorf("the token appears in the %s: …%s…", where, strings.ReplaceAll(string(data[max(0, i-200):i]), "\n", " "))
		}
	}
	t.Logf("checked %d bytes of TF_LOG=trace output, %d bytes of CLI output and %d state/plan files: no token", len(logData), output.Len(), len(places)-2)
}

// TestAccSecrets_webexRefreshTokenNotLogged runs Webex refresh-token auth
// through the real CLI with TF_LOG=trace, with a 429 at the token endpoint
// and the token revoked mid-apply (so tokens are fetched, retried and
// refreshed), then checks that neither the client secret, the refresh token
// nor any issued access token appears in the trace log, the CLI output or
// the state.
func TestAccSecrets_webexRefreshTokenNotLogged(t *testing.T) {
	sb := sandbox.New(sandbox.Options{RevokeTokensAfter: 1, TokenFaults: sandbox.TokenFaults{RateLimited: 1}})
	const clientSecret, refreshToken = "cs-SECRET-4f1d9e0b-do-not-log", "rt-SECRET-8a2c7d31-do-not-log"
	st := sb.Webex()
	st.AddIntegration("integration-client", clientSecret, refreshToken)
	srv := httptest.NewServer(sb)
	defer srv.Close()
	org := st.AddOrg("Acme")
	alice := st.AddPerson(sandbox.Person{DisplayName: "Alice", PartnerRole: sandbox.RolePartnerAdmin})

	logPath := filepath.Join(t.TempDir(), "trace.log")
	cli := sharedtest.NewDevCLI(t, "TF_LOG=trace", "TF_LOG_PATH="+logPath, webex.EnvBaseURL+"="+srv.URL+"/webex",
		webex.EnvClientID+"=integration-client", webex.EnvClientSecret+"="+clientSecret, webex.EnvRefreshToken+"="+refreshToken)
	cli.Write("main.tf", sharedtest.FullAddressBlock+fmt.Sprintf(`provider "partneradmin" {}
resource "partneradmin_webex_partner_admin_assignment" "a" {
  org_id    = %q
  person_id = %q
}
`, org, alice))
	var output bytes.Buffer
	for _, args := range [][]string{{"apply", "-auto-approve", "-input=false", "-no-color"}, {"destroy", "-auto-approve", "-input=false", "-no-color"}} {
		cmd := cli.Command(args...)
		cmd.Stdout, cmd.Stderr = &output, &output
		if err := cmd.Run(); err != nil {
			t.Fatalf("terraform %v: %v\n%s", args, err, output.String())
		}
	}
	logData, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	// The log must hold the token requests, their retry and a 401 refresh,
	// or the check below proves nothing.
	for _, want := range []string{"fetch access token", "Retrying HTTP request"} {
		if !bytes.Contains(logData, []byte(want)) {
			t.Fatalf("trace log lacks %q: the provider's token requests were not captured", want)
		}
	}
	refused := 0
	for _, l := range sb.Log() {
		if l.Status == 401 {
			refused++
		}
	}
	if st.TokensIssued() < 2 || refused == 0 {
		t.Fatalf("%d tokens issued, %d requests refused: the mid-apply refresh did not happen", st.TokensIssued(), refused)
	}
	places := map[string][]byte{"trace log": logData, "CLI output": output.Bytes()}
	if data, err := os.ReadFile(filepath.Join(cli.Dir, "terraform.tfstate")); err == nil {
		places["state"] = data
	}
	for where, data := range places {
		for _, secret := range []string{clientSecret, refreshToken, "webex-issued-"} {
			if i := bytes.Index(data, []byte(secret)); i >= 0 {
				t.Errorf("%q appears in the %s: …%s…", secret, where, strings.ReplaceAll(string(data[max(0, i-200):i]), "\n", " "))
			}
		}
	}
}
