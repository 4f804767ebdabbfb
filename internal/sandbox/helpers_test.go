package sandbox

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// env is a sandbox behind a real HTTP server, with demo data seeded.
type env struct {
	t    *testing.T
	s    *Server
	ts   *httptest.Server
	demo DemoData
	hc   *http.Client
}

func newEnv(t *testing.T, opts Options) *env {
	t.Helper()
	s := New(opts)
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	// No keep-alive: a reset must not make net/http silently retry on a new connection.
	hc := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	return &env{t: t, s: s, ts: ts, demo: s.SeedDemo(), hc: hc}
}

type resp struct {
	status int
	header http.Header
	body   string
}

// do sends a request with the default token; path is below the server root.
func (e *env) do(method, path string, body string, hdr ...string) resp {
	e.t.Helper()
	r, err := e.try(method, path, body, hdr...)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	return r
}

func (e *env) try(method, path string, body string, hdr ...string) (resp, error) {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, e.ts.URL+path, rd)
	if err != nil {
		return resp{}, err
	}
	req.Header.Set("Authorization", "Bearer "+DefaultWebexToken)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		if hdr[i+1] == "" {
			req.Header.Del(hdr[i])
		} else {
			req.Header.Set(hdr[i], hdr[i+1])
		}
	}
	res, err := e.hc.Do(req)
	if err != nil {
		return resp{}, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return resp{status: res.StatusCode, header: res.Header, body: string(b)}, err
}

func (r resp) want(t *testing.T, status int) resp {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d; body %s", r.status, status, r.body)
	}
	return r
}

func (r resp) json(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(r.body), v); err != nil {
		t.Fatalf("decoding %q: %v", r.body, err)
	}
}

// object is the body as a JSON object; nil when it is not one.
func (r resp) object() map[string]any {
	var m map[string]any
	_ = json.Unmarshal([]byte(r.body), &m)
	return m
}

// bluexpGet reads a BlueXP path (below BlueXPBasePath) with the default
// BlueXP token.
func (e *env) bluexpGet(path string) resp {
	e.t.Helper()
	return e.do(http.MethodGet, BlueXPBasePath+path, "", "Authorization", "Bearer "+DefaultBlueXPToken)
}

// postToken posts body to a token endpoint, as a client without a bearer
// token does.
func (e *env) postToken(path, contentType, body string) resp {
	e.t.Helper()
	return e.do(http.MethodPost, path, body, "Content-Type", contentType, "Authorization", "")
}

// webexErr decodes a Webex error body and checks its invariants.
func (r resp) webexErr(t *testing.T) webexErrorBody {
	t.Helper()
	if ct := r.header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q", ct)
	}
	var b webexErrorBody
	r.json(t, &b)
	if b.Message == "" || len(b.Errors) == 0 || b.Errors[0].Description == "" {
		t.Errorf("incomplete error body %s", r.body)
	}
	if b.TrackingID == "" || b.TrackingID != r.header.Get("TrackingID") {
		t.Errorf("trackingId %q, TrackingID header %q", b.TrackingID, r.header.Get("TrackingID"))
	}
	return b
}

func assignPath(org, person string) string {
	return "/webex/v1/partner/organizations/" + org + "/partnerAdmin/" + person + "/assign"
}

func unassignPath(org, person string) string {
	return "/webex/v1/partner/organizations/" + org + "/partnerAdmin/" + person + "/unassign"
}

func adminsPath(org string) string {
	return "/webex/v1/partner/organizations/" + org + "/partnerAdmins"
}

func eaPath(person string) string {
	return "/webex/v1/people/" + person + "/features/executiveAssistant"
}
