// Package client is the HTTP core shared by every vendor API: retries with
// Retry-After, bounded and cancellable; base URL joining with escaped path
// segments; size-limited JSON; masked tflog logging; and typed *APIError.
//
// It knows HTTP and the vendors, never Terraform's schema: the vendor packages
// below it (webex, bluexp, cloudcockpit) add typed operations on top of Do.
package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/go-cleanhttp"
	"github.com/hashicorp/go-retryablehttp"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	"golang.org/x/oauth2"
)

// Defaults for Options fields left zero.
const (
	DefaultMaxRetries   = 6
	DefaultRetryWaitMin = 500 * time.Millisecond
	DefaultRetryWaitMax = 30 * time.Second
	// DefaultMaxRetryAfter caps a vendor's Retry-After: a longer wait is
	// better reported than silently slept through.
	DefaultMaxRetryAfter = 2 * time.Minute
	// DefaultMaxResponseBytes bounds every response body we read.
	DefaultMaxResponseBytes = 8 << 20
	// DefaultInitialConcurrency is how many requests per vendor may be in
	// flight at first: terraform's default -parallelism, so that no
	// operation waits for another's request. The limit then adapts (see
	// limiter): it grows while the vendor answers without a 429 and halves
	// on one.
	DefaultInitialConcurrency = 10
	// DefaultMaxConcurrency is the most it grows to.
	DefaultMaxConcurrency = 32
)

// Options configure one vendor's Client.
type Options struct {
	// Vendor is the display name used in errors and logs ("Webex").
	Vendor string
	// BaseURL is the API root; its path is kept ("…/v1/management").
	BaseURL string
	// Token supplies the bearer token; nil sends no Authorization header.
	Token oauth2.TokenSource
	// UserAgent is sent on every request.
	UserAgent string
	// RequestIDHeader, when set, carries a fresh ID per request (Webex
	// "TrackingID", CloudCockpit "X-Correlation-Id"); the vendor echoes it
	// and it is shown in errors.
	RequestIDHeader string
	// RequestIDPrefix is prepended to generated request IDs.
	RequestIDPrefix string
	// Header holds static headers sent on every request (CloudCockpit's X-Tenant).
	Header http.Header
	// DecodeError turns a non-2xx body into vendor message fields.
	DecodeError func(e *APIError, body []byte)
	// UnauthorizedHint and ForbiddenHint say what to check when the vendor
	// answers 401 or 403 (which credential, which role or scope); a
	// Request's own ForbiddenHint wins over ForbiddenHint.
	UnauthorizedHint string
	ForbiddenHint    string
	// Secrets are masked in every log line in addition to the current token
	// (client secrets, refresh tokens). A refresh token that a token flow's
	// endpoint hands out (rotation) is masked the same way.
	Secrets []string

	MaxRetries       int // negative means no retries
	RetryWaitMin     time.Duration
	RetryWaitMax     time.Duration
	MaxRetryAfter    time.Duration
	MaxResponseBytes int64
	// MaxConcurrency bounds requests in flight per vendor; the limit starts
	// at InitialConcurrency (at most MaxConcurrency) and adapts between 1
	// and MaxConcurrency.
	MaxConcurrency     int
	InitialConcurrency int
	// ReadCacheTTL is how long GETs with a CacheParent are shared (0 means
	// DefaultReadCacheTTL; negative disables the cache).
	ReadCacheTTL time.Duration
	// HTTPClient replaces the pooled transport (tests); retries still apply.
	HTTPClient *http.Client

	// RootCheck is a documented GET at the API root (its Path below the
	// base URL, like any Request) whose 2xx answer proves that the base URL
	// reaches the vendor's API. When set, a 404 or 410 is "not found"
	// (IsNotFound) only if VendorErrorBody accepts its body and RootCheck
	// has succeeded once for this Client; otherwise the *APIError is
	// Unproven (see notfound.go). Nil takes every 404 at its word.
	RootCheck *Request
	// VendorErrorBody reports whether an error body has the vendor's own
	// shape; nil accepts any body.
	VendorErrorBody func(status int, body []byte) bool
	// BaseURLSetting names where the base URL is configured
	// ("webex.base_url or WEBEX_BASE_URL"), for errors about it.
	BaseURLSetting string
}

// Client sends requests to one vendor API. It is safe for concurrent use and
// meant to be built once per provider configuration, so connections are reused.
type Client struct {
	opts    Options
	base    *url.URL
	http    *retryablehttp.Client
	slots   *limiter
	secrets []string

	// refreshable is set when Token comes from a token flow: it is fetched
	// with each request's context and refreshed once on a 401 (see auth.go).
	refreshable *RefreshableTokenSource
	// now is time.Now; tests fix it to check Retry-After dates.
	now func() time.Time
	// cache shares list reads per parent; nil when ReadCacheTTL < 0.
	cache *readCache
	// root remembers that Options.RootCheck succeeded.
	root rootProof
}

// New validates opts and builds a Client. Each tune that is not nil adjusts
// opts first: the vendor packages pass their Config.Tune, with which tests
// and benchmarks reach the core options.
func New(opts Options, tune ...func(*Options)) (*Client, error) {
	for _, f := range tune {
		if f != nil {
			f(&opts)
		}
	}
	base, err := ParseBaseURL(opts.BaseURL)
	if err != nil {
		return nil, err
	}
	if opts.MaxRetries == 0 {
		opts.MaxRetries = DefaultMaxRetries
	} else if opts.MaxRetries < 0 {
		opts.MaxRetries = 0
	}
	if opts.RetryWaitMin == 0 {
		opts.RetryWaitMin = DefaultRetryWaitMin
	}
	if opts.RetryWaitMax == 0 {
		opts.RetryWaitMax = DefaultRetryWaitMax
	}
	// Negative limits are treated as unset: a negative MaxConcurrency would
	// panic in make(chan), a negative MaxResponseBytes would refuse every
	// body, and a negative MaxRetryAfter would retry without waiting.
	if opts.MaxRetryAfter <= 0 {
		opts.MaxRetryAfter = DefaultMaxRetryAfter
	}
	if opts.MaxResponseBytes <= 0 {
		opts.MaxResponseBytes = DefaultMaxResponseBytes
	}
	if opts.MaxConcurrency <= 0 {
		opts.MaxConcurrency = DefaultMaxConcurrency
	}
	if opts.InitialConcurrency <= 0 {
		opts.InitialConcurrency = DefaultInitialConcurrency
	}
	hc := opts.HTTPClient
	tokenBase := hc
	if tokenBase == nil {
		// Its own pool: retryablehttp closes idle connections after a
		// failed call, which must not touch the API's.
		tokenBase = cleanhttp.DefaultPooledClient()
	}
	if hc == nil {
		hc = cleanhttp.DefaultPooledClient()
		// Keep idle connections for as many requests as may be in flight,
		// so each request reuses one rather than dialling (and, on https,
		// handshaking) anew: the pooled default keeps only GOMAXPROCS+1.
		if t, ok := hc.Transport.(*http.Transport); ok {
			t.MaxIdleConnsPerHost = opts.MaxConcurrency
		}
	}
	// Every attempt waits out a Retry-After the vendor gave any request.
	throttled := *hc
	next := hc.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	slots := newLimiter(opts.InitialConcurrency, opts.MaxConcurrency)
	throttled.Transport = &throttledTransport{next: next, throttle: &throttle{}, now: time.Now, maxWait: opts.MaxRetryAfter, limiter: slots}
	hc = &throttled
	c := &Client{
		opts:    opts,
		base:    base,
		slots:   slots,
		secrets: nonEmpty(opts.Secrets),
		now:     time.Now,
	}
	if opts.ReadCacheTTL == 0 {
		opts.ReadCacheTTL = DefaultReadCacheTTL
	}
	if opts.ReadCacheTTL > 0 {
		c.cache = newReadCache(opts.ReadCacheTTL)
	}
	if r, ok := opts.Token.(*RefreshableTokenSource); ok {
		c.refreshable = r
		r.mu.Lock()
		r.vendor, r.hc = opts.Vendor, c.tokenHTTPClient(tokenBase)
		r.mu.Unlock()
	}
	c.http = &retryablehttp.Client{
		HTTPClient:      hc,
		Logger:          nil, // logging goes through tflog in the hooks below
		RetryWaitMin:    opts.RetryWaitMin,
		RetryWaitMax:    opts.RetryWaitMax,
		RetryMax:        opts.MaxRetries,
		CheckRetry:      checkRetry,
		Backoff:         c.backoff,
		ErrorHandler:    retryablehttp.PassthroughErrorHandler,
		RequestLogHook:  logAttempt,
		ResponseLogHook: logResponse,
	}
	return c, nil
}

// tokenHTTPClient is the HTTP client for token requests: the API's retry
// policy (bounded retries, backoff, Retry-After, cancellation) without its
// throttle, as the token endpoint is another host with its own limits.
func (c *Client) tokenHTTPClient(hc *http.Client) *http.Client {
	rc := &retryablehttp.Client{
		HTTPClient:      hc,
		RetryWaitMin:    c.opts.RetryWaitMin,
		RetryWaitMax:    c.opts.RetryWaitMax,
		RetryMax:        c.opts.MaxRetries,
		CheckRetry:      checkRetry,
		Backoff:         c.backoff,
		ErrorHandler:    retryablehttp.PassthroughErrorHandler,
		RequestLogHook:  logAttempt,
		ResponseLogHook: logResponse,
	}
	return &http.Client{Transport: &retryablehttp.RoundTripper{Client: rc}}
}

// Request describes one API call.
type Request struct {
	// Operation names the call for errors and logs ("assign partner admin").
	Operation string
	Method    string
	// Path is a list of raw segments below the base URL; each is escaped.
	Path []string
	// URL, when set, is an absolute URL from the vendor (a paging link). It
	// must be on the base URL's scheme and host, so a token is never sent
	// elsewhere.
	URL   string
	Query url.Values
	// Body is encoded as JSON when non-nil.
	Body   any
	Header http.Header
	// CacheParent names the object a request reads or changes (a customer
	// org, a partnership). GETs with a parent share the read cache; any
	// other method with a parent clears that parent's cached reads.
	CacheParent string
	// ForbiddenHint, when set, replaces Options.ForbiddenHint for this
	// request (the scope an operation needs).
	ForbiddenHint string
	// Written, when set, is called once, as soon as the request's first
	// attempt has been written to the connection: a read sent from it
	// reaches the vendor after this request, so it can confirm a write
	// while the write's answer is still on its way (see httptrace).
	Written func()

	// rootCheck marks Options.RootCheck itself, whose 404 is not judged.
	rootCheck bool
}

// Response is what Do returns besides the decoded body.
type Response struct {
	StatusCode int
	Header     http.Header
	RequestID  string
}

// Do sends req, retrying as the policy allows, and decodes a 2xx JSON body
// into out (unless out is nil or the body is empty). Any other status is an
// *APIError; a transport failure is wrapped with the vendor and operation.
func (c *Client) Do(ctx context.Context, req Request, out any) (*Response, error) {
	target, err := c.resolve(req)
	if err != nil {
		return nil, err
	}
	var body []byte
	if req.Body != nil {
		if body, err = json.Marshal(req.Body); err != nil {
			return nil, fmt.Errorf("%s: encoding %s request: %w", c.opts.Vendor, req.Operation, err)
		}
	}

	var result *Response
	var data []byte
	switch {
	case req.CacheParent != "" && req.Method == http.MethodGet && c.cache != nil:
		// A shared read runs detached from its callers. The token comes
		// first, on this caller's context, so that a token endpoint that
		// hangs or refuses fails this call with its own error (naming the
		// endpoint and the credential), not as a shared read given up on.
		// A valid token is only read back from the token source.
		if err := c.tokenFirst(ctx); err != nil {
			return nil, withCause(ctx, err)
		}
		result, data, err = c.cache.get(ctx, req.CacheParent, target.String(), ReadsFresh(ctx), func(ctx context.Context, sent func()) (*Response, []byte, error) {
			return c.exchange(ctx, req, target, body, sent)
		})
		if err != nil && err == ctx.Err() {
			// This caller gave up on a read that others may still share:
			// name the call as a failed exchange would.
			err = c.transportError(req, target, err, "", nil)
		}
	case req.CacheParent != "" && c.cache != nil:
		// A write: reads of this parent from before it, or racing it, must
		// not be served after it.
		c.cache.invalidate(req.CacheParent)
		result, data, err = c.exchange(ctx, req, target, body, nil)
		c.cache.invalidate(req.CacheParent)
	default:
		result, data, err = c.exchange(ctx, req, target, body, nil)
	}
	if err != nil {
		return result, withCause(ctx, err)
	}
	if out != nil && len(bytes.TrimSpace(data)) > 0 {
		if err := json.Unmarshal(data, out); err != nil {
			return result, &DecodeError{Vendor: c.opts.Vendor, Operation: req.Operation, Err: err}
		}
	}
	return result, nil
}

// withCause adds to an error that ctx's deadline caused the reason the
// deadline was set (context.Cause: the provider's timeouts-block value), so
// the caller can say which timeout ran out. The error's text and chain are
// otherwise unchanged.
func withCause(ctx context.Context, err error) error {
	if ctx.Err() == nil || !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	cause := context.Cause(ctx)
	if cause == nil || errors.Is(err, cause) {
		return err
	}
	return &causedError{err: err, cause: cause}
}

type causedError struct{ err, cause error }

func (e *causedError) Error() string   { return e.err.Error() }
func (e *causedError) Unwrap() []error { return []error{e.err, e.cause} }

// exchange sends one request (with its retries) and reads the answer. A
// non-2xx status is returned as an *APIError together with the Response.
// sent, when not nil, is called once the request has its slot, just before
// its first attempt goes out.
func (c *Client) exchange(ctx context.Context, req Request, target *url.URL, body []byte, sent func()) (*Response, []byte, error) {
	// Bounded concurrency per vendor; waiting respects cancellation.
	epoch, err := c.slots.acquire(ctx)
	if err != nil {
		return nil, nil, c.transportError(req, target, err, "", nil) // never sent
	}
	held := true
	release := func() {
		if held {
			held = false
			c.slots.release()
		}
	}
	defer release()
	if sent != nil {
		sent()
	}
	ctx = withEpoch(ctx, epoch)
	if req.Written != nil {
		ctx = httptrace.WithClientTrace(ctx, writtenTrace(req.Written))
	}

	requestID := c.newRequestID()
	ctx = c.logContext(ctx, req, target, requestID)
	ctx, attempts := withAttemptLog(ctx)
	// send returns the context of the last attempt: it masks the token that
	// attempt used, which after a 401 refresh is not the one we started with.
	resp, ctx, err := c.send(ctx, req, target, body, requestID, "", true)
	if err != nil {
		sentID := requestID
		if !attempts.anyReached() {
			sentID = "" // the vendor never saw it: no use quoting it to support
		}
		err = c.transportError(req, target, err, sentID, secretsFrom(ctx))
		var te *TransportError
		if errors.As(err, &te) {
			te.Sent = attempts.anyUnknown()
		}
		return nil, nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusTooManyRequests {
		c.slots.answered()
	}

	ok := resp.StatusCode >= 200 && resp.StatusCode <= 299
	data, err := readLimited(resp.Body, c.opts.MaxResponseBytes)
	// An oversized error body still yields an *APIError (with its status),
	// from the part we read; an oversized 2xx body is an error.
	if err != nil && (ok || !errors.Is(err, errBodyTooLarge)) {
		return nil, nil, c.transportError(req, target, fmt.Errorf("reading response: %w", err), requestID, secretsFrom(ctx))
	}
	result := &Response{StatusCode: resp.StatusCode, Header: resp.Header, RequestID: requestID}
	if rid := c.responseRequestID(resp); rid != "" {
		result.RequestID = rid
	}
	secrets := secretsFrom(ctx)
	// Mask before truncating, so a secret cut at the boundary cannot leave
	// a prefix behind.
	tflog.Trace(ctx, "HTTP response body", map[string]any{"status": resp.StatusCode, "body": truncate(mask(string(data), secrets), 4096)})
	if !ok {
		apiErr := c.apiError(req, target, resp, data, result.RequestID, secrets)
		apiErr.EarlierAttemptUnknown = attempts.earlierUnknown()
		if !req.rootCheck {
			release() // the root check needs a slot of its own
			c.judgeNotFound(ctx, apiErr, data)
		}
		return result, nil, apiErr
	}
	return result, data, nil
}

// writtenTrace calls written once, when an attempt's request has been
// written whole.
func writtenTrace(written func()) *httptrace.ClientTrace {
	var once sync.Once
	return &httptrace.ClientTrace{WroteRequest: func(info httptrace.WroteRequestInfo) {
		if info.Err == nil {
			once.Do(written)
		}
	}}
}

// tokenFirst gets the token of a token flow (a cached one while it is
// valid) on ctx, as send would, and returns send's error for a failure.
func (c *Client) tokenFirst(ctx context.Context) error {
	if c.opts.Token == nil || c.refreshable == nil {
		return nil
	}
	_, _, err := c.bearerToken(ctx, "")
	return err
}

// bearerToken gets the token a request carries: a new one when stale (the
// token a 401 refused) is set, else the current one. The context it
// returns masks that token, and a refresh token the endpoint rotated since
// the request began, in this request's logs and errors.
func (c *Client) bearerToken(ctx context.Context, stale string) (string, context.Context, error) {
	var tok *oauth2.Token
	var err error
	switch {
	case c.refreshable != nil && stale != "":
		tok, err = c.refreshable.Refresh(ctx, stale)
	case c.refreshable != nil:
		tok, err = c.refreshable.TokenContext(ctx)
	default:
		tok, err = c.opts.Token.Token()
	}
	if c.refreshable != nil {
		ctx = withSecrets(ctx, c.refreshable.issuedSecrets()...)
	}
	if err != nil {
		if c.refreshable != nil {
			return "", ctx, c.refreshable.tokenError(c.opts.Vendor, err, secretsFrom(ctx))
		}
		return "", ctx, &AuthError{Vendor: c.opts.Vendor, Err: maskError(redactTokenError(err, secretsFrom(ctx)), secretsFrom(ctx))}
	}
	return tok.AccessToken, withSecrets(ctx, tok.AccessToken), nil
}

// send performs the retried exchange; on a 401 with a refreshable token it
// gets a new token once (shared with every request refused the same token)
// and tries again. stale is the token a 401 refused, "" on the first try. It
// returns the context of the last attempt, which masks the token that
// attempt used.
func (c *Client) send(ctx context.Context, req Request, target *url.URL, body []byte, requestID, stale string, mayRefresh bool) (*http.Response, context.Context, error) {
	var bearer string
	if c.opts.Token != nil {
		var err error
		if bearer, ctx, err = c.bearerToken(ctx, stale); err != nil {
			return nil, ctx, err
		}
	}
	var raw any
	if body != nil {
		raw = body
	}
	rreq, err := retryablehttp.NewRequestWithContext(ctx, req.Method, target.String(), raw)
	if err != nil {
		return nil, ctx, err
	}
	for k, vs := range c.opts.Header {
		rreq.Header[k] = vs
	}
	for k, vs := range req.Header {
		rreq.Header[k] = vs
	}
	rreq.Header.Set("User-Agent", c.opts.UserAgent)
	rreq.Header.Set("Accept", "application/json")
	if body != nil {
		rreq.Header.Set("Content-Type", "application/json")
	}
	if c.opts.RequestIDHeader != "" {
		rreq.Header.Set(c.opts.RequestIDHeader, requestID)
	}
	if c.opts.Token != nil {
		rreq.Header.Set("Authorization", "Bearer "+bearer)
	}
	resp, err := c.http.Do(rreq)
	if err != nil {
		if resp != nil { // e.g. cancelled after an answer arrived
			drain(resp)
		}
		return nil, ctx, err
	}
	if resp.StatusCode == http.StatusUnauthorized && mayRefresh && c.refreshable != nil {
		drain(resp)
		return c.send(ctx, req, target, body, requestID, bearer, false)
	}
	return resp, ctx, nil
}

func (c *Client) resolve(req Request) (*url.URL, error) {
	if req.URL != "" {
		u, err := url.Parse(req.URL)
		if err != nil {
			return nil, fmt.Errorf("%s: %s: invalid paging link: %w", c.opts.Vendor, req.Operation, err)
		}
		if u.Scheme != c.base.Scheme || u.Host != c.base.Host {
			return nil, fmt.Errorf("%s: %s: refusing to follow a link to %s://%s, which is not the configured API host", c.opts.Vendor, req.Operation, u.Scheme, u.Host)
		}
		return u, nil
	}
	u := JoinPath(c.base, req.Path...)
	if len(req.Query) > 0 {
		u.RawQuery = req.Query.Encode()
	}
	return u, nil
}

// JoinPath appends escaped segments to base's path, keeping the base path.
func JoinPath(base *url.URL, segments ...string) *url.URL {
	u := *base
	escaped := make([]string, len(segments))
	for i, s := range segments {
		escaped[i] = escapeSegment(s)
	}
	basePath := strings.TrimSuffix(base.EscapedPath(), "/")
	rawPath := basePath + "/" + strings.Join(escaped, "/")
	p, err := url.PathUnescape(rawPath)
	if err != nil { // cannot happen: every segment was escaped above
		p = rawPath
	}
	u.Path, u.RawPath = p, rawPath
	u.RawQuery, u.Fragment = "", ""
	return &u
}

// escapeSegment escapes one path segment. url.PathEscape leaves "." and ".."
// alone, and those would be resolved as dot segments (".." climbing out of
// the base path), so they are percent-encoded as well.
func escapeSegment(s string) string {
	switch s {
	case ".":
		return "%2E"
	case "..":
		return "%2E%2E"
	}
	return url.PathEscape(s)
}

// ParseBaseURL accepts https URLs, and http only for loopback hosts (the
// sandbox), so a token is never sent in clear over a network.
func ParseBaseURL(raw string) (*url.URL, error) {
	if strings.TrimSpace(raw) == "" {
		return nil, errors.New("base URL is empty")
	}
	u, err := url.Parse(raw)
	if err != nil {
		// url.Error repeats the raw URL, which may hold credentials.
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err
		}
		return nil, fmt.Errorf("base URL is not a URL: %w", err)
	}
	if u.Opaque != "" || (u.Scheme == "" && (u.Host != "" || !strings.HasPrefix(u.Path, "/"))) {
		// "webexapis.com" parses as a path, "webexapis.com:443" as a
		// scheme: both are a host written without its scheme.
		return nil, fmt.Errorf("base URL %q must start with https:// (for example %q)", raw, "https://"+strings.TrimPrefix(raw, "//"))
	}
	if u.Hostname() == "" { // "https://:443" has a Host but no host name
		return nil, fmt.Errorf("base URL %q has no host", raw)
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("base URL %q must not contain credentials, a query or a fragment", redactURL(u))
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !IsLoopbackHost(u.Hostname()) {
			return nil, fmt.Errorf("base URL %q must use https:// (http:// is allowed only for loopback hosts such as the sandbox)", raw)
		}
	default:
		return nil, fmt.Errorf("base URL %q must use https://", raw)
	}
	return u, nil
}

var errBodyTooLarge = errors.New("response body too large")

// readLimited reads at most limit bytes. A longer body returns its first
// limit bytes and an error wrapping errBodyTooLarge.
func readLimited(r io.Reader, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return data[:limit], fmt.Errorf("%w: more than %d bytes", errBodyTooLarge, limit)
	}
	return data, nil
}

func drain(resp *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
}

func nonEmpty(ss []string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// IsLoopbackHost reports whether host is localhost or a loopback IP.
func IsLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
