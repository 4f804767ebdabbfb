// Package clienttest holds what the vendor packages' tests share: a
// transport that answers every request with one canned response, the
// property every vendor error must have, and the base URLs that miss a
// vendor's API in the sandbox.
package clienttest

import (
	"bytes"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/client"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
)

// Token is the bearer token of fuzzed clients; a body containing it would be
// masked, so FuzzStatus callers skip such bodies.
const Token = "clienttest-token-5b0e8c7f2d"

// MaxBody bounds the error bodies fuzzed clients read, so long inputs also
// exercise a body cut short by the size limit.
const MaxBody = 1 << 10

// Answer is an http.Client whose every request gets status and body, with
// the request's requestIDHeader echoed as vendors do.
func Answer(status int, body []byte, requestIDHeader string) *http.Client {
	return &http.Client{Transport: roundTripper(func(r *http.Request) (*http.Response, error) {
		h := http.Header{"Content-Type": {"application/json"}}
		if requestIDHeader != "" {
			h.Set(requestIDHeader, r.Header.Get(requestIDHeader))
		}
		return &http.Response{StatusCode: status, Header: h, Body: io.NopCloser(bytes.NewReader(body)), Request: r}, nil
	})}
}

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// FuzzAnswer prepares one input of a vendor's FuzzDecodeError: it skips a
// body holding Token (which would be masked), and returns the status the
// body stands for and a Tune under which the vendor client gets that answer
// to every request (echoing requestIDHeader), tries once and reads at most
// MaxBody bytes.
func FuzzAnswer(t *testing.T, body []byte, requestIDHeader string) (status int, tune func(*client.Options)) {
	t.Helper()
	if bytes.Contains(body, []byte(Token)) {
		t.Skip("the token is masked")
	}
	status = FuzzStatus(body)
	return status, func(o *client.Options) {
		o.HTTPClient = Answer(status, body, requestIDHeader)
		o.MaxRetries, o.MaxResponseBytes = -1, MaxBody
	}
}

// FuzzStatus picks an error status (400–599) from the body, so each fuzz
// input is one status and one body.
func FuzzStatus(body []byte) int {
	h := fnv.New32a()
	_, _ = h.Write(body)
	return 400 + int(h.Sum32()%200)
}

// Read is what the client read of body: its first MaxBody bytes, parsed
// tolerantly.
func Read(body []byte) client.ErrorBody {
	b, _ := client.ParseErrorBody(body[:min(len(body), MaxBody)])
	return b
}

// Want is what a vendor error body holds that its *APIError must show.
type Want struct {
	ID    string   // tracking or correlation id: RequestID, and in both forms
	Code  string   // error code or problem type: Code, and in Detail
	Texts []string // messages and details: in both forms
}

// CheckAPIError checks the property of every vendor error: err is an
// *APIError of that status whose one-line (Error) and detailed (Detail)
// forms both carry the HTTP status and what w lists.
func CheckAPIError(t *testing.T, err error, status int, w Want) {
	t.Helper()
	var e *client.APIError
	if !errors.As(err, &e) {
		t.Fatalf("HTTP %d gave %T %v, want an *APIError", status, err, err)
	}
	line, detail := e.Error(), e.Detail()
	if e.StatusCode != status {
		t.Fatalf("StatusCode %d, want %d", e.StatusCode, status)
	}
	want := fmt.Sprintf("HTTP %d", status)
	if !strings.Contains(line, want) || !strings.Contains(detail, want) {
		t.Fatalf("the status %q is missing:\n%s\n%s", want, line, detail)
	}
	if w.ID != "" && (e.RequestID != w.ID || !strings.Contains(line, w.ID) || !strings.Contains(detail, w.ID)) {
		t.Fatalf("tracking id %q is missing (RequestID %q):\n%s\n%s", w.ID, e.RequestID, line, detail)
	}
	if w.Code != "" && (e.Code != w.Code || !strings.Contains(detail, w.Code)) {
		t.Fatalf("code %q is missing (Code %q):\n%s", w.Code, e.Code, detail)
	}
	for _, s := range w.Texts {
		if s = strings.TrimSpace(s); s != "" && (!strings.Contains(line, s) || !strings.Contains(detail, s)) {
			t.Fatalf("%q from the body is missing:\n%s\n%s", s, line, detail)
		}
	}
}

// CheckWrongRoots checks that a base URL that misses the vendor's API, however
// the sandbox at url answers there, proves nothing by a 404: for each such
// base (url+v2, a version that does not exist, answered in the vendor's
// error shape and by a bare gateway 404; url+elsewhere, no API at all), every
// error calls returns must be a 404 that IsNotFound refuses and whose text
// says the base URL is probably wrong and names setting.
func CheckWrongRoots(t *testing.T, sb *sandbox.Server, url, v2, elsewhere, setting string, calls func(t *testing.T, base string) map[string]error) {
	t.Helper()
	for _, root := range []struct {
		name, base string
		unknown    sandbox.UnknownPaths
	}{
		{"v2, vendor-shaped 404", v2, sandbox.UnknownPathsVendor},
		{"v2, gateway 404", v2, sandbox.UnknownPathsBare},
		{"no such API", elsewhere, sandbox.UnknownPathsVendor},
	} {
		sb.SetUnknownPaths(root.unknown)
		base := url + root.base
		for what, err := range calls(t, base) {
			if client.IsNotFound(err) || !client.IsUnprovenNotFound(err) {
				t.Errorf("%s: %s: IsNotFound = %v, IsUnprovenNotFound = %v (%v)", root.name, what, client.IsNotFound(err), client.IsUnprovenNotFound(err), err)
				continue
			}
			for _, want := range []string{"the base URL " + base + " is probably wrong", "check " + setting} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("%s: %s: %q does not say %q", root.name, what, err, want)
				}
			}
		}
	}
	sb.SetUnknownPaths(sandbox.UnknownPathsVendor)
}
