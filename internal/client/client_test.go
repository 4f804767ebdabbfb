package client

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// newTestClient builds a Client for srv with tiny waits; mod adjusts options.
func newTestClient(t testing.TB, srv *httptest.Server, mod func(*Options)) *Client {
	t.Helper()
	opts := Options{
		Vendor:          "Acme",
		BaseURL:         srv.URL + "/v1/management",
		UserAgent:       "partneradmin-test/1.0",
		RequestIDHeader: "TrackingID",
		RequestIDPrefix: "PA_",
		MaxRetries:      3,
		RetryWaitMin:    time.Millisecond,
		RetryWaitMax:    2 * time.Millisecond,
	}
	if mod != nil {
		mod(&opts)
	}
	c, err := New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

// recorder records what the server saw and answers with the next scripted
// handler (the last one repeats).
type recorder struct {
	mu       sync.Mutex
	paths    []string
	queries  []string
	bodies   []string
	headers  []http.Header
	handlers []http.HandlerFunc
}

func (rec *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rec.mu.Lock()
	n := len(rec.paths)
	rec.paths = append(rec.paths, r.URL.EscapedPath())
	rec.queries = append(rec.queries, r.URL.RawQuery)
	rec.bodies = append(rec.bodies, string(body))
	rec.headers = append(rec.headers, r.Header.Clone())
	h := rec.handlers[min(n, len(rec.handlers)-1)]
	rec.mu.Unlock()
	h(w, r)
}

func (rec *recorder) count() int {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return len(rec.paths)
}

func serve(t testing.TB, handlers ...http.HandlerFunc) (*httptest.Server, *recorder) {
	t.Helper()
	rec := &recorder{handlers: handlers}
	srv := httptest.NewServer(rec)
	t.Cleanup(srv.Close)
	return srv, rec
}

func status(code int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		_, _ = io.WriteString(w, body)
	}
}

func hangUp(w http.ResponseWriter, _ *http.Request) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic("response writer cannot hijack")
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(err)
	}
	_ = conn.Close()
}

func TestJoinPathKeepsBaseAndEscapesSegments(t *testing.T) {
	t.Parallel()
	cases := []struct {
		base string
		segs []string
		want string
	}{
		{"https://h/v1/management", []string{"orgs", "o1", "partnerAdmins"}, "https://h/v1/management/orgs/o1/partnerAdmins"},
		{"https://h/v1/management/", []string{"orgs"}, "https://h/v1/management/orgs"},
		{"https://h", []string{"orgs"}, "https://h/orgs"},
		{"https://h/v1", []string{"a/b"}, "https://h/v1/a%2Fb"},
		{"https://h/v1", []string{".."}, "https://h/v1/%2E%2E"},
		{"https://h/v1", []string{"."}, "https://h/v1/%2E"},
		{"https://h/v1", []string{"../../admin"}, "https://h/v1/..%2F..%2Fadmin"},
		{"https://h/v1", []string{"x?y=1"}, "https://h/v1/x%3Fy=1"},
		{"https://h/v1", []string{"a#frag"}, "https://h/v1/a%23frag"},
		{"https://h/v1", []string{"%2F"}, "https://h/v1/%252F"},
		{"https://h/v1", []string{"with space"}, "https://h/v1/with%20space"},
		{"https://h/v%20x", []string{"a"}, "https://h/v%20x/a"},
	}
	for _, tc := range cases {
		base, err := url.Parse(tc.base)
		if err != nil {
			t.Fatal(err)
		}
		base.RawQuery = "drop=me"
		got := JoinPath(base, tc.segs...)
		if got.String() != tc.want {
			t.Errorf("JoinPath(%q, %q) = %q, want %q", tc.base, tc.segs, got.String(), tc.want)
		}
		if base.RawQuery != "drop=me" {
			t.Errorf("JoinPath modified its base")
		}
	}
}

func TestDoSendsEscapedSegmentsAsSingleSegments(t *testing.T) {
	t.Parallel()
	srv, rec := serve(t, status(200, `{}`))
	c := newTestClient(t, srv, nil)
	segs := []string{"orgs", "a/b", "..", "x?y", "#f", "%2F", "sp ace", "."}
	q := url.Values{"max": {"10"}, "q": {"a b&c"}}
	if _, err := c.Do(context.Background(), Request{Operation: "get", Method: http.MethodGet, Path: segs, Query: q}, nil); err != nil {
		t.Fatal(err)
	}
	want := "/v1/management/orgs/a%2Fb/%2E%2E/x%3Fy/%23f/%252F/sp%20ace/%2E"
	if rec.paths[0] != want {
		t.Errorf("server saw path %q, want %q", rec.paths[0], want)
	}
	if rec.queries[0] != "max=10&q=a+b%26c" {
		t.Errorf("server saw query %q", rec.queries[0])
	}
}

func TestParseBaseURL(t *testing.T) {
	t.Parallel()
	ok := []string{
		"https://webexapis.com/v1",
		"https://h/v1/management/",
		"http://localhost:8080/v1",
		"http://LOCALHOST/v1",
		"http://127.0.0.1:1234",
		"http://[::1]:9/x",
	}
	for _, raw := range ok {
		u, err := ParseBaseURL(raw)
		if err != nil {
			t.Errorf("ParseBaseURL(%q): %v", raw, err)
			continue
		}
		if u.String() != raw {
			t.Errorf("ParseBaseURL(%q) = %q", raw, u)
		}
	}
	bad := map[string]string{
		"":                              "empty",
		"   ":                           "empty",
		"http://example.com/v1":         "https",
		"http://10.0.0.1/v1":            "https",
		"http://localhost.evil.com/":    "https",
		"https://user:hunter2@h/v1":     "credentials",
		"https://h/v1?x=1":              "query",
		"https://h/v1#frag":             "fragment",
		"https:///v1":                   "no host",
		"https://:443/v1":               "no host",
		"/v1/management":                "no host",
		"webexapis.com":                 `must start with https:// (for example "https://webexapis.com")`,
		"webexapis.com/v1":              `must start with https:// (for example "https://webexapis.com/v1")`,
		"webexapis.com:443/v1":          `must start with https:// (for example "https://webexapis.com:443/v1")`,
		"//webexapis.com/v1":            `must start with https:// (for example "https://webexapis.com/v1")`,
		"ftp://h/v1":                    "https",
		"ws://localhost/v1":             "https",
		"https://h:notaport/v1":         "not a URL",
		"https://user:hunter2@h:bad/v1": "not a URL",
	}
	for raw, want := range bad {
		_, err := ParseBaseURL(raw)
		if err == nil {
			t.Errorf("ParseBaseURL(%q) succeeded, want an error mentioning %q", raw, want)
			continue
		}
		if !strings.Contains(err.Error(), want) {
			t.Errorf("ParseBaseURL(%q) = %v, want it to mention %q", raw, err, want)
		}
		if strings.Contains(err.Error(), "hunter2") {
			t.Errorf("ParseBaseURL(%q) error leaks the password: %v", raw, err)
		}
	}
}

func TestNewDefaultsAndNegativeLimits(t *testing.T) {
	t.Parallel()
	c, err := New(Options{BaseURL: "https://h/v1", MaxConcurrency: -1, MaxResponseBytes: -1, MaxRetryAfter: -1, MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	if limit, _ := c.slots.current(); limit != DefaultInitialConcurrency || c.slots.ceiling != DefaultMaxConcurrency ||
		c.opts.MaxResponseBytes != DefaultMaxResponseBytes || c.opts.MaxRetryAfter != DefaultMaxRetryAfter || c.http.RetryMax != 0 {
		t.Errorf("got slots %d up to %d, max bytes %d, max retry-after %s, retries %d", limit, c.slots.ceiling, c.opts.MaxResponseBytes, c.opts.MaxRetryAfter, c.http.RetryMax)
	}
	c, err = New(Options{BaseURL: "https://h/v1"})
	if err != nil {
		t.Fatal(err)
	}
	if c.http.RetryMax != DefaultMaxRetries || c.opts.RetryWaitMin != DefaultRetryWaitMin || c.opts.RetryWaitMax != DefaultRetryWaitMax {
		t.Errorf("defaults not applied: %+v", c.opts)
	}
	if _, err := New(Options{BaseURL: "http://example.com"}); err == nil {
		t.Error("New accepted a plain-http non-loopback URL")
	}
}

func TestRequestHeadersAndBody(t *testing.T) {
	t.Parallel()
	srv, rec := serve(t, status(201, `{"id":"x1","n":3}`))
	c := newTestClient(t, srv, func(o *Options) {
		o.Header = http.Header{"X-Tenant": {"t1"}}
		o.Token = StaticToken("tok-abc")
	})
	var out struct {
		ID string `json:"id"`
		N  int    `json:"n"`
	}
	resp, err := c.Do(context.Background(), Request{
		Operation: "create", Method: http.MethodPost, Path: []string{"things"},
		Body:   map[string]string{"name": "a"},
		Header: http.Header{"If-Match": {"v1"}},
	}, &out)
	if err != nil {
		t.Fatal(err)
	}
	if out.ID != "x1" || out.N != 3 || resp.StatusCode != 201 {
		t.Errorf("got %+v, status %d", out, resp.StatusCode)
	}
	h := rec.headers[0]
	for k, want := range map[string]string{
		"User-Agent":    "partneradmin-test/1.0",
		"Accept":        "application/json",
		"Content-Type":  "application/json",
		"X-Tenant":      "t1",
		"If-Match":      "v1",
		"Authorization": "Bearer tok-abc",
	} {
		if got := h.Get(k); got != want {
			t.Errorf("header %s = %q, want %q", k, got, want)
		}
	}
	if rec.bodies[0] != `{"name":"a"}` {
		t.Errorf("body %q", rec.bodies[0])
	}
	if !strings.HasPrefix(h.Get("TrackingID"), "PA_") || resp.RequestID != h.Get("TrackingID") {
		t.Errorf("tracking id sent %q, reported %q", h.Get("TrackingID"), resp.RequestID)
	}
}

func TestRetriedStatuses(t *testing.T) {
	t.Parallel()
	for _, code := range []int{429, 423, 500, 502, 503, 504} {
		srv, rec := serve(t, status(code, `{"message":"busy"}`))
		c := newTestClient(t, srv, nil)
		_, err := c.Do(context.Background(), Request{Operation: "list", Method: http.MethodGet, Path: []string{"x"}}, nil)
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != code {
			t.Errorf("%d: got %v, want *APIError with that status", code, err)
		}
		if got := rec.count(); got != 4 {
			t.Errorf("%d: %d requests, want 4 (1 + MaxRetries 3)", code, got)
		}
	}
}

func TestRetryThenSuccess(t *testing.T) {
	t.Parallel()
	srv, rec := serve(t, status(503, ``), status(429, ``), status(200, `{"ok":true}`))
	c := newTestClient(t, srv, nil)
	var out struct{ OK bool }
	resp, err := c.Do(context.Background(), Request{Operation: "get", Method: http.MethodGet}, &out)
	if err != nil || !out.OK || resp.StatusCode != 200 || rec.count() != 3 {
		t.Fatalf("err %v, out %+v, requests %d", err, out, rec.count())
	}
}

func TestFinalStatusesNotRetried(t *testing.T) {
	t.Parallel()
	for _, code := range []int{400, 401, 403, 404, 405, 409, 410, 501} {
		srv, rec := serve(t, status(code, `nope`))
		c := newTestClient(t, srv, func(o *Options) { o.Token = StaticToken("t") })
		_, err := c.Do(context.Background(), Request{Operation: "get", Method: http.MethodDelete}, nil)
		if StatusOf(err) != code {
			t.Errorf("%d: got %v", code, err)
		}
		if got := rec.count(); got != 1 {
			t.Errorf("%d: %d requests, want exactly 1", code, got)
		}
	}
}

func TestNegativeMaxRetriesMeansOneAttempt(t *testing.T) {
	t.Parallel()
	srv, rec := serve(t, status(503, ``))
	c := newTestClient(t, srv, func(o *Options) { o.MaxRetries = -1 })
	_, err := c.Do(context.Background(), Request{Operation: "get", Method: http.MethodGet}, nil)
	if StatusOf(err) != 503 || rec.count() != 1 {
		t.Fatalf("err %v, requests %d", err, rec.count())
	}
}

func TestConnectionResetRetriedWithBodyIntact(t *testing.T) {
	t.Parallel()
	srv, rec := serve(t, hangUp, hangUp, status(200, `{"id":"p1"}`))
	c := newTestClient(t, srv, nil)
	body := map[string]any{"personId": "p1", "roles": []string{"a", "b"}}
	var out struct{ ID string }
	_, err := c.Do(context.Background(), Request{Operation: "assign", Method: http.MethodPost, Path: []string{"admins"}, Body: body}, &out)
	if err != nil || out.ID != "p1" {
		t.Fatalf("err %v, out %+v", err, out)
	}
	if rec.count() != 3 {
		t.Fatalf("%d requests, want 3", rec.count())
	}
	want := `{"personId":"p1","roles":["a","b"]}`
	for i, b := range rec.bodies {
		if b != want {
			t.Errorf("attempt %d body %q, want %q", i+1, b, want)
		}
	}
}

func TestConnectionResetExhaustsRetries(t *testing.T) {
	t.Parallel()
	srv, rec := serve(t, hangUp)
	c := newTestClient(t, srv, nil)
	_, err := c.Do(context.Background(), Request{Operation: "assign", Method: http.MethodPost, Body: map[string]int{"a": 1}}, nil)
	var te *TransportError
	if !errors.As(err, &te) || te.Vendor != "Acme" || te.Operation != "assign" || !strings.HasPrefix(te.RequestID, "PA_") {
		t.Fatalf("got %#v, want *TransportError", err)
	}
	if rec.count() != 4 {
		t.Errorf("%d requests, want 4", rec.count())
	}
}

// recordWaits makes c record each retry wait it chooses, and not sleep it, so
// a test checks the wait itself rather than how long a busy machine took.
func recordWaits(c *Client) func() []time.Duration {
	var mu sync.Mutex
	var waits []time.Duration
	choose := c.http.Backoff
	c.http.Backoff = func(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
		mu.Lock()
		defer mu.Unlock()
		waits = append(waits, choose(minWait, maxWait, attempt, resp))
		return 0
	}
	return func() []time.Duration {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(waits)
	}
}

// throttleOf is the vendor-wide throttle of c's transport.
func throttleOf(t *testing.T, c *Client) *throttle {
	t.Helper()
	tt, ok := c.http.HTTPClient.Transport.(*throttledTransport)
	if !ok {
		t.Fatal("the client's transport is not throttled")
	}
	return tt.throttle
}

func TestRetryAfterZeroHonouredEndToEnd(t *testing.T) {
	t.Parallel()
	past := time.Now().Add(-time.Hour).UTC().Format(http.TimeFormat)
	for _, ra := range []string{"0", past} {
		srv, rec := serve(t,
			func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Retry-After", ra)
				w.WriteHeader(http.StatusTooManyRequests)
			},
			status(200, `{}`))
		// Jittered backoff alone would wait 10 s: only Retry-After makes it 0.
		c := newTestClient(t, srv, func(o *Options) { o.RetryWaitMin, o.RetryWaitMax = 10*time.Second, 10*time.Second })
		waits := recordWaits(c)
		if _, err := c.Do(context.Background(), Request{Operation: "get", Method: http.MethodGet}, nil); err != nil {
			t.Fatal(err)
		}
		if got := waits(); rec.count() != 2 || !slices.Equal(got, []time.Duration{0}) {
			t.Errorf("Retry-After %q: waits %v over %d requests, want [0s] over 2", ra, got, rec.count())
		}
		// Nor does the vendor-wide throttle hold the next request back.
		th := throttleOf(t, c)
		th.mu.Lock()
		held := th.until.After(time.Now())
		th.mu.Unlock()
		if held {
			t.Errorf("Retry-After %q: the throttle holds requests back", ra)
		}
	}
}

func TestCancelDuringRetryAfter(t *testing.T) {
	t.Parallel()
	arrived := make(chan struct{}, 10)
	srv, rec := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(http.StatusTooManyRequests)
		arrived <- struct{}{}
	})
	c := newTestClient(t, srv, func(o *Options) { o.MaxRetryAfter = 2 * time.Hour })
	th := throttleOf(t, c)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-arrived
		// Cancel once the client has read the 429: it is then waiting out
		// the hour (the throttle is set just before the backoff starts).
		for held := false; !held; time.Sleep(time.Millisecond) {
			th.mu.Lock()
			held = !th.until.IsZero()
			th.mu.Unlock()
		}
		cancel()
	}()
	done := make(chan error, 1)
	go func() {
		_, err := c.Do(ctx, Request{Operation: "get", Method: http.MethodGet}, nil)
		done <- err
	}()
	var err error
	select {
	case err = <-done:
	case <-time.After(time.Minute): // a client deaf to the cancel waits an hour
		t.Fatal("Do did not return after its context was cancelled during a one-hour Retry-After")
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want an error wrapping context.Canceled", err)
	}
	if rec.count() != 1 {
		t.Errorf("%d requests, want 1", rec.count())
	}
}

func TestCancelWhileWaitingForSlot(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	srv, _ := serve(t, func(w http.ResponseWriter, r *http.Request) { <-release })
	defer close(release)
	c := newTestClient(t, srv, func(o *Options) { o.MaxConcurrency = 1 })
	go func() { _, _ = c.Do(context.Background(), Request{Operation: "slow", Method: http.MethodGet}, nil) }()
	for _, n := c.slots.current(); n == 0; _, n = c.slots.current() {
		time.Sleep(time.Millisecond)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err := c.Do(ctx, Request{Operation: "queued", Method: http.MethodGet}, nil)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v, want DeadlineExceeded", err)
	}
}

func TestBoundedConcurrency(t *testing.T) {
	t.Parallel()
	// Every request is held at the server until gate closes, so the limit
	// is reached for sure, however slowly the callers start.
	var inFlight, peak, started atomic.Int32
	gate := make(chan struct{})
	srv, _ := serve(t, func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		<-gate
		inFlight.Add(-1)
		_, _ = io.WriteString(w, `{}`)
	})
	c := newTestClient(t, srv, func(o *Options) { o.MaxConcurrency = 2 })
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			started.Add(1)
			if _, err := c.Do(context.Background(), Request{Operation: "get", Method: http.MethodGet}, nil); err != nil {
				t.Error(err)
			}
		})
	}
	for inFlight.Load() < 2 || started.Load() < 8 {
		runtime.Gosched()
	}
	for range 100 { // give requests beyond the limit every chance to arrive
		runtime.Gosched()
	}
	close(gate)
	wg.Wait()
	if p := peak.Load(); p != 2 {
		t.Errorf("peak in flight %d, want 2", p)
	}
}

func TestResponseSizeLimit(t *testing.T) {
	t.Parallel()
	big := `{"pad":"` + strings.Repeat("x", 200) + `"}`
	srv, _ := serve(t, status(200, big))
	c := newTestClient(t, srv, func(o *Options) { o.MaxResponseBytes = 100 })
	var out map[string]any
	_, err := c.Do(context.Background(), Request{Operation: "get", Method: http.MethodGet}, &out)
	if !errors.Is(err, errBodyTooLarge) || out != nil {
		t.Fatalf("got %v (out %v), want a body-too-large error", err, out)
	}
	// An oversized error body still reports the vendor's status.
	srv, _ = serve(t, status(404, strings.Repeat("<html>", 100)))
	c = newTestClient(t, srv, func(o *Options) { o.MaxResponseBytes = 100 })
	_, err = c.Do(context.Background(), Request{Operation: "get", Method: http.MethodGet}, &out)
	if !IsNotFound(err) {
		t.Fatalf("got %v, want a 404 *APIError", err)
	}
	// Exactly at the limit is fine.
	srv, _ = serve(t, status(200, `{"a":"`+strings.Repeat("y", 92)+`"}`))
	c = newTestClient(t, srv, func(o *Options) { o.MaxResponseBytes = 100 })
	if _, err := c.Do(context.Background(), Request{Operation: "get", Method: http.MethodGet}, &out); err != nil {
		t.Fatal(err)
	}
}

func TestDecodeErrors(t *testing.T) {
	t.Parallel()
	type thing struct {
		N int `json:"n"`
	}
	for _, body := range []string{`{"n":`, `{"n":"three"}`, `[1,2]`, `<html>`, `{"n":1}{`} {
		srv, _ := serve(t, status(200, body))
		c := newTestClient(t, srv, nil)
		var out thing
		resp, err := c.Do(context.Background(), Request{Operation: "read thing", Method: http.MethodGet}, &out)
		var de *DecodeError
		if !errors.As(err, &de) || de.Vendor != "Acme" || de.Operation != "read thing" {
			t.Errorf("body %q: got %v, want *DecodeError", body, err)
		}
		if resp == nil || resp.StatusCode != 200 {
			t.Errorf("body %q: response %+v", body, resp)
		}
	}
	for _, body := range []string{``, "  \n"} {
		srv, _ := serve(t, status(200, body))
		c := newTestClient(t, srv, nil)
		var out thing
		if _, err := c.Do(context.Background(), Request{Operation: "delete", Method: http.MethodDelete}, &out); err != nil {
			t.Errorf("empty body %q: %v", body, err)
		}
	}
	srv, _ := serve(t, status(204, ``))
	c := newTestClient(t, srv, nil)
	var out thing
	if _, err := c.Do(context.Background(), Request{Operation: "delete", Method: http.MethodDelete}, &out); err != nil {
		t.Errorf("204: %v", err)
	}
}

func TestUnencodableBody(t *testing.T) {
	t.Parallel()
	srv, rec := serve(t, status(200, `{}`))
	c := newTestClient(t, srv, nil)
	_, err := c.Do(context.Background(), Request{Operation: "create", Method: http.MethodPost, Body: map[string]any{"f": func() {}}}, nil)
	if err == nil || !strings.Contains(err.Error(), "encoding create request") || rec.count() != 0 {
		t.Fatalf("got %v with %d requests", err, rec.count())
	}
}

func TestPagingLinkMustStayOnHost(t *testing.T) {
	t.Parallel()
	srv, rec := serve(t, status(200, `{}`))
	c := newTestClient(t, srv, func(o *Options) { o.Token = StaticToken("tok") })
	u, _ := url.Parse(srv.URL)
	for _, link := range []string{
		"https://" + u.Host + "/v1/x",           // other scheme
		"http://evil.example/v1/x?cursor=1",     // other host
		"http://127.0.0.1.evil.example/v1/x",    // look-alike host
		"//evil.example/v1/x",                   // scheme-relative
		"/v1/x?cursor=2",                        // relative
		"http://" + u.Hostname() + ":1/v1/x",    // other port
		"http://" + u.Host + "/v1/x\x7f%zz\n",   // unparseable
		"http://user:pw@" + u.Host + "/v1/x%zz", // unparseable
	} {
		_, err := c.Do(context.Background(), Request{Operation: "list", Method: http.MethodGet, URL: link}, nil)
		if err == nil {
			t.Errorf("link %q was followed", link)
		}
	}
	if rec.count() != 0 {
		t.Fatalf("%d requests reached the server", rec.count())
	}
	next := srv.URL + "/v1/management/items?cursor=a%2Cb&max=2"
	if _, err := c.Do(context.Background(), Request{Operation: "list", Method: http.MethodGet, URL: next, Query: url.Values{"ignored": {"1"}}}, nil); err != nil {
		t.Fatal(err)
	}
	if rec.paths[0] != "/v1/management/items" || rec.queries[0] != "cursor=a%2Cb&max=2" {
		t.Errorf("server saw %q ? %q", rec.paths[0], rec.queries[0])
	}
}

func BenchmarkDo(b *testing.B) {
	payload, _ := json.Marshal(map[string]any{"id": "abc", "displayName": "Partner Admin", "roles": []string{"id_full_admin"}})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(payload)
	}))
	defer srv.Close()
	c := newTestClient(b, srv, func(o *Options) { o.Token = StaticToken("tok") })
	ctx := context.Background()
	req := Request{Operation: "get", Method: http.MethodGet, Path: []string{"people", "abc"}}
	b.ReportAllocs()
	for b.Loop() {
		var out struct {
			ID    string   `json:"id"`
			Roles []string `json:"roles"`
		}
		if _, err := c.Do(ctx, req, &out); err != nil {
			b.Fatal(err)
		}
	}
}

// A host that does not resolve fails at once (no retry), and the error
// quotes no tracking ID, since the vendor never saw the request; a
// temporary DNS failure is retried.
func TestUnresolvableHostFailsFastWithoutTrackingID(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		dnsErr    *net.DNSError
		wantDials int32
	}{
		{"no such host", &net.DNSError{Err: "no such host", Name: "api.example.invalid", IsNotFound: true}, 1},
		{"temporary", &net.DNSError{Err: "server misbehaving", Name: "api.example.invalid", IsTemporary: true}, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var dials atomic.Int32
			tr := &http.Transport{DialContext: func(context.Context, string, string) (net.Conn, error) {
				dials.Add(1)
				return nil, &net.OpError{Op: "dial", Net: "tcp", Err: tc.dnsErr}
			}}
			c, err := New(Options{
				Vendor: "Acme", BaseURL: "https://api.example.invalid/v1", RequestIDHeader: "TrackingID", RequestIDPrefix: "PA_",
				MaxRetries: 3, RetryWaitMin: time.Millisecond, RetryWaitMax: 2 * time.Millisecond,
				HTTPClient: &http.Client{Transport: tr},
			})
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.Do(context.Background(), Request{Operation: "get person", Method: http.MethodGet, Path: []string{"people", "p1"}}, nil)
			if got := dials.Load(); got != tc.wantDials {
				t.Errorf("%d dials, want %d", got, tc.wantDials)
			}
			want := "Acme get person: GET https://api.example.invalid/v1/people/p1: dial tcp: lookup api.example.invalid: " + tc.dnsErr.Err
			if err == nil || err.Error() != want {
				t.Errorf("error = %v\nwant    %s", err, want)
			}
			if MayHaveActed(err) {
				t.Error("a request that never left may have acted")
			}
		})
	}
}

// An error caused by the context's deadline carries the deadline's cause
// (the provider's timeouts value), with its text and chain unchanged; a
// cancellation, or a deadline without a cause of its own, carries none.
func TestDeadlineErrorCarriesCause(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	defer close(release)
	srv, _ := serve(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	c := newTestClient(t, srv, nil)
	errTimeout := errors.New("timeouts.create (50ms) ran out")
	do := func(ctx context.Context) error {
		_, err := c.Do(ctx, Request{Operation: "get", Method: http.MethodGet}, nil)
		return err
	}

	ctx, cancel := context.WithTimeoutCause(context.Background(), 50*time.Millisecond, errTimeout)
	defer cancel()
	err := do(ctx)
	var te *TransportError
	if !errors.Is(err, errTimeout) || !errors.Is(err, context.DeadlineExceeded) || !errors.As(err, &te) || !te.Sent {
		t.Errorf("deadline with a cause: %v (cause carried: %v)", err, errors.Is(err, errTimeout))
	}
	if strings.Contains(err.Error(), errTimeout.Error()) {
		t.Errorf("the cause changed the error's text: %v", err)
	}

	plain, cancel2 := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel2()
	if err := do(plain); errors.Is(err, errTimeout) || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("deadline without a cause: %v", err)
	}

	interrupted, interrupt := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, interrupt)
	if err := do(interrupted); errors.Is(err, errTimeout) || errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, context.Canceled) {
		t.Errorf("interrupted: %v", err)
	}
}
