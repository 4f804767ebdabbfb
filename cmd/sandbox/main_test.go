package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
)

func TestCheckLoopback(t *testing.T) {
	for _, ok := range []string{"127.0.0.1:0", "[::1]:8080", "localhost:1234", "127.0.0.2:80"} {
		if err := checkLoopback(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	for _, bad := range []string{"0.0.0.0:80", ":8080", "10.0.0.1:80", "example.com:80", "127.0.0.1"} {
		if err := checkLoopback(bad); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}

func TestParseFlagsEnv(t *testing.T) {
	t.Setenv("SANDBOX_PAGE_SIZE", "7")
	t.Setenv("SANDBOX_FAULT_429", "0.5")
	c, err := parseFlags([]string{"-fault-429", "0.25"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.opts.PageSize != 7 || c.opts.Faults.RateLimited != 0.25 || c.opts.Faults.RetryAfter != time.Second {
		t.Errorf("opts %+v", c.opts)
	}
	if _, err := parseFlags([]string{"-fault-5xx", "2"}, io.Discard); err == nil {
		t.Error("rate 2 accepted")
	}
	if _, err := parseFlags([]string{"-addr", "0.0.0.0:0"}, io.Discard); err == nil {
		t.Error("non-loopback accepted")
	}
}

// syncBuffer lets the test read stdout while run writes it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func TestRunServesAndShutsDown(t *testing.T) {
	envFile := filepath.Join(t.TempDir(), "sandbox.env")
	ctx, cancel := context.WithCancel(context.Background())
	var stdout syncBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"-demo", "-env-file", envFile}, &stdout, io.Discard) }()

	var content []byte
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if b, err := os.ReadFile(envFile); err == nil {
			content = b
			break
		}
	}
	if content == nil {
		cancel()
		t.Fatalf("env file not written: %v", <-done)
	}
	stdout.mu.Lock()
	out := stdout.b.String()
	stdout.mu.Unlock()
	if out != string(content) {
		t.Errorf("stdout %q != env file %q", out, content)
	}
	vars := map[string]string{}
	for _, m := range regexp.MustCompile(`(?m)^export (\w+)='([^']*)'$`).FindAllStringSubmatch(out, -1) {
		vars[m[1]] = m[2]
	}
	base := vars["WEBEX_BASE_URL"]
	if !strings.HasPrefix(base, "http://127.0.0.1:") || !strings.HasSuffix(base, "/webex") || vars["DEMO_WEBEX_ALICE_ID"] == "" {
		t.Fatalf("exports %v", vars)
	}

	req, _ := http.NewRequest("GET", base+"/v1/people/"+vars["DEMO_WEBEX_ALICE_ID"]+"/features/executiveAssistant", nil)
	req.Header.Set("Authorization", "Bearer "+vars["WEBEX_ACCESS_TOKEN"])
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), "EXECUTIVE") {
		t.Errorf("%d %s", res.StatusCode, body)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no shutdown")
	}
}

func TestUnknownPathsFlag(t *testing.T) {
	c, err := parseFlags([]string{"-unknown-paths", "bare"}, io.Discard)
	if err != nil || c.opts.UnknownPaths != sandbox.UnknownPathsBare {
		t.Errorf("-unknown-paths bare: %q, %v", c.opts.UnknownPaths, err)
	}
	t.Setenv("SANDBOX_UNKNOWN_PATHS", "bare")
	if c, err := parseFlags(nil, io.Discard); err != nil || c.opts.UnknownPaths != sandbox.UnknownPathsBare {
		t.Errorf("SANDBOX_UNKNOWN_PATHS=bare: %q, %v", c.opts.UnknownPaths, err)
	}
	if _, err := parseFlags([]string{"-unknown-paths", "gateway"}, io.Discard); err == nil {
		t.Error("-unknown-paths gateway accepted")
	}
}

func TestParseTokenFlags(t *testing.T) {
	t.Setenv("SANDBOX_TOKEN_REVOKE_AFTER", "5")
	c, err := parseFlags([]string{"-token-hang", "1", "-token-reset", "2", "-token-429", "-1", "-token-503", "3",
		"-token-retry-after", "2s", "-token-lifetime", "90s"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	tf := c.opts.TokenFaults
	if tf.Hang != 1 || tf.Reset != 2 || tf.RateLimited != -1 || tf.Unavailable != 3 || tf.RetryAfter != 2*time.Second ||
		c.opts.RevokeTokensAfter != 5 || c.opts.TokenLifetime != 90*time.Second {
		t.Errorf("opts %+v", c.opts)
	}
}

// The readings Cisco's docs leave open, and the late writes, are flags.
func TestParseFlagsWebexReadingsAndLateWrites(t *testing.T) {
	c, err := parseFlags([]string{"-webex-duplicate-assign-status", "400", "-webex-absent-unassign-status", "400",
		"-late-write-delay", "1500ms", "-drop-write-answers", "2"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.opts.WebexDuplicateAssignStatus != 400 || c.opts.WebexAbsentUnassignStatus != 400 ||
		c.opts.LateWrites.Delay != 1500*time.Millisecond || c.opts.LateWrites.Drop != 2 {
		t.Errorf("opts %+v", c.opts)
	}
	c, err = parseFlags(nil, io.Discard)
	if err != nil || c.opts.WebexDuplicateAssignStatus != 409 || c.opts.WebexAbsentUnassignStatus != 404 {
		t.Errorf("defaults %+v, %v", c.opts, err)
	}
	for _, bad := range [][]string{
		{"-webex-duplicate-assign-status", "404"},
		{"-webex-absent-unassign-status", "409"},
		{"-drop-write-answers", "-1"},
	} {
		if _, err := parseFlags(bad, io.Discard); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// The readings Cisco's docs do not give are off unless asked for.
func TestParseFlagsWebexReadings(t *testing.T) {
	c, err := parseFlags(nil, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.opts.WebexPagedPartnerLists || c.opts.RetryAfterHTTPDate {
		t.Errorf("defaults %+v", c.opts)
	}
	c, err = parseFlags([]string{"-webex-paged-partner-lists", "-retry-after-http-date"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !c.opts.WebexPagedPartnerLists || !c.opts.RetryAfterHTTPDate {
		t.Errorf("opts %+v", c.opts)
	}
}
