package client

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// flow is a TokenFlow whose Fetch is f.
func flow(f func(ctx context.Context) (*oauth2.Token, error)) TokenFlow {
	return TokenFlow{Endpoint: "https://auth.example/oauth/token?x=1", Credential: "the Acme key (acme.key)", Fetch: f}
}

// countingSource hands out "tok-1", "tok-2", … and counts fetches.
func countingSource(fetches *atomic.Int32) *RefreshableTokenSource {
	return NewRefreshableTokenSource(flow(func(context.Context) (*oauth2.Token, error) {
		n := fetches.Add(1)
		return &oauth2.Token{AccessToken: fmt.Sprintf("tok-%d", n), Expiry: time.Now().Add(time.Hour)}, nil
	}))
}

func TestRefreshableTokenRetriesOnceOn401(t *testing.T) {
	t.Parallel()
	var fetches atomic.Int32
	ts := countingSource(&fetches)
	// tok-1 is revoked: the server accepts only later tokens.
	srv, rec := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "Bearer tok-1" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		_, _ = io.WriteString(w, `{}`)
	})
	c := newTestClient(t, srv, func(o *Options) { o.Token = ts })
	if _, err := c.Do(context.Background(), Request{Operation: "get", Method: http.MethodPost, Body: map[string]int{"a": 1}}, nil); err != nil {
		t.Fatal(err)
	}
	if fetches.Load() != 2 || rec.count() != 2 {
		t.Fatalf("fetches %d, requests %d; want 2 and 2", fetches.Load(), rec.count())
	}
	if rec.headers[1].Get("Authorization") != "Bearer tok-2" || rec.bodies[1] != `{"a":1}` {
		t.Errorf("retry sent %q with body %q", rec.headers[1].Get("Authorization"), rec.bodies[1])
	}
	if rec.headers[0].Get("TrackingID") != rec.headers[1].Get("TrackingID") {
		t.Error("the refresh retry changed the tracking id")
	}
	// Cached: no fetch for the next calls.
	for range 3 {
		if _, err := c.Do(context.Background(), Request{Operation: "get", Method: http.MethodGet}, nil); err != nil {
			t.Fatal(err)
		}
	}
	if fetches.Load() != 2 {
		t.Errorf("fetches %d after cached calls, want 2", fetches.Load())
	}
}

func TestRefreshableTokenPersistent401(t *testing.T) {
	t.Parallel()
	var fetches atomic.Int32
	srv, rec := serve(t, status(401, `{"message":"expired"}`))
	c := newTestClient(t, srv, func(o *Options) { o.Token = countingSource(&fetches) })
	_, err := c.Do(context.Background(), Request{Operation: "get", Method: http.MethodGet}, nil)
	if StatusOf(err) != 401 || rec.count() != 2 || fetches.Load() != 2 {
		t.Fatalf("err %v, requests %d, fetches %d; want 401, 2, 2", err, rec.count(), fetches.Load())
	}
	// A static token is never refreshed: one request.
	srv, rec = serve(t, status(401, ``))
	c = newTestClient(t, srv, func(o *Options) { o.Token = StaticToken("static") })
	_, err = c.Do(context.Background(), Request{Operation: "get", Method: http.MethodGet}, nil)
	if StatusOf(err) != 401 || rec.count() != 1 || rec.headers[0].Get("Authorization") != "Bearer static" {
		t.Fatalf("err %v, requests %d", err, rec.count())
	}
}

const clientSecret = "cs-VERY-secret-value"

func TestTokenFetchFailureIsAuthErrorWithoutSecret(t *testing.T) {
	t.Parallel()
	var tokenCalls atomic.Int32
	tokenSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tokenCalls.Add(1)
		_ = r.ParseForm()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		// A careless token endpoint echoing what it was sent.
		_, _ = fmt.Fprintf(w, `{"error":"invalid_client","error_description":"client secret %s is wrong","echo":%q}`,
			r.Form.Get("client_secret"), r.Form.Encode())
	}))
	defer tokenSrv.Close()
	cc := &clientcredentials.Config{ClientID: "cid", ClientSecret: clientSecret, TokenURL: tokenSrv.URL + "/token", AuthStyle: oauth2.AuthStyleInParams}
	ts, err := ClientCredentialsSource(cc, "acme.client_secret")
	if err != nil {
		t.Fatal(err)
	}

	srv, rec := serve(t, status(200, `{}`))
	var buf bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &buf)
	c := newTestClient(t, srv, func(o *Options) { o.Token = ts; o.Secrets = []string{clientSecret} })
	_, err = c.Do(ctx, Request{Operation: "get", Method: http.MethodGet}, nil)
	var ae *AuthError
	if !errors.As(err, &ae) || ae.Vendor != "Acme" {
		t.Fatalf("got %T %v, want *AuthError", err, err)
	}
	want := "Acme: unable to obtain an access token from the token endpoint " + tokenSrv.URL + "/token (the API request was not sent): answered 401 Unauthorized: invalid_client"
	if !strings.HasPrefix(err.Error(), want) || !strings.Contains(err.Error(), "Check acme.client_secret") {
		t.Errorf("error text %q", err.Error())
	}
	if strings.Contains(err.Error(), clientSecret) || strings.Contains(buf.String(), clientSecret) {
		t.Errorf("client secret leaked: %q\nlog: %s", err.Error(), buf.String())
	}
	if rec.count() != 0 || tokenCalls.Load() != 1 {
		t.Errorf("API requests %d (want 0), token calls %d (want 1)", rec.count(), tokenCalls.Load())
	}
}

func TestSecretsNeverLeak(t *testing.T) {
	t.Parallel()
	const token = "tok-SUPER-secret-123"
	secrets := []string{"cs-client-secret-456", "rt-refresh-token-789"}
	leaky := func(code int) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			auth := r.Header.Get("Authorization")
			w.Header().Set("X-Echo-Auth", auth)
			w.Header().Set("X-Echo-Secret", secrets[0])
			w.Header().Set("Retry-After", "0")
			w.Header().Set("TrackingID", "T1")
			w.WriteHeader(code)
			_, _ = fmt.Fprintf(w, `{"message":"bad token %s","errors":[{"description":"secret %s / %s"}],"trackingId":"T-%s"}`, auth, secrets[0], secrets[1], token)
		}
	}
	srv, rec := serve(t, leaky(503), leaky(429), leaky(403))
	var buf bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &buf)
	c := newTestClient(t, srv, func(o *Options) {
		o.Token = StaticToken(token)
		o.Secrets = secrets
		o.DecodeError = decodeWebexish
	})
	_, err := c.Do(ctx, Request{Operation: "assign", Method: http.MethodPost, Body: map[string]string{"a": "b"}}, nil)
	if StatusOf(err) != 403 || rec.count() != 3 {
		t.Fatalf("got %v after %d requests", err, rec.count())
	}
	logs := buf.String()
	for _, want := range []string{"Sending HTTP request", "Retrying HTTP request", "HTTP response headers", "HTTP response body", `"@level":"trace"`} {
		if !strings.Contains(logs, want) {
			t.Errorf("log lacks %q — is logging wired up?\n%s", want, logs)
		}
	}
	var e *APIError
	errors.As(err, &e)
	for _, s := range append([]string{token}, secrets...) {
		if strings.Contains(logs, s) {
			t.Errorf("log contains %q:\n%s", s, logs)
		}
		if strings.Contains(err.Error(), s) || strings.Contains(e.Detail(), s) {
			t.Errorf("error contains %q: %s\n%s", s, err, e.Detail())
		}
	}
	if !strings.Contains(err.Error(), "bad token Bearer ***") {
		t.Errorf("error %q: masking should keep the rest of the message", err)
	}
}

func TestSecretsMaskedAfterRefreshAndAtTruncation(t *testing.T) {
	t.Parallel()
	var fetches atomic.Int32
	ts := NewRefreshableTokenSource(flow(func(context.Context) (*oauth2.Token, error) {
		return &oauth2.Token{AccessToken: fmt.Sprintf("refreshed-token-%d-abcdefgh", fetches.Add(1))}, nil
	}))
	// The vendor echoes the token in a header and in a long non-JSON body,
	// straddling both the 500-byte error cut and the 4096-byte log cut.
	srv, rec := serve(t, func(w http.ResponseWriter, r *http.Request) {
		tok := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		w.Header().Set("X-Token", tok)
		if fetches.Load() == 1 {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.WriteHeader(http.StatusBadRequest)
		_, _ = io.WriteString(w, strings.Repeat("a", 490)+tok+" "+strings.Repeat("b", 3599-len(tok))+tok+" end")
	})
	var buf bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &buf)
	c := newTestClient(t, srv, func(o *Options) { o.Token = ts })
	_, err := c.Do(ctx, Request{Operation: "get", Method: http.MethodGet}, nil)
	if StatusOf(err) != 400 || rec.count() != 2 || fetches.Load() != 2 {
		t.Fatalf("err %v, requests %d, fetches %d", err, rec.count(), fetches.Load())
	}
	if !strings.Contains(buf.String(), "HTTP response body") {
		t.Fatalf("no body logged:\n%s", buf.String())
	}
	for _, leak := range []string{"refreshed-token-1", "refreshed-token-2", "refre"} {
		if strings.Contains(buf.String(), leak) {
			t.Errorf("log contains %q:\n%s", leak, buf.String())
		}
		if strings.Contains(err.Error(), leak) {
			t.Errorf("error contains %q: %s", leak, err)
		}
	}
}

func TestRedactTokenError(t *testing.T) {
	t.Parallel()
	re := &oauth2.RetrieveError{
		Response:         &http.Response{Status: "400 Bad Request"},
		Body:             []byte("client_secret=" + clientSecret),
		ErrorCode:        "invalid_grant",
		ErrorDescription: "refresh token expired",
	}
	got := redactTokenError(fmt.Errorf("oauth2: %w", re), nil).Error()
	if got != "answered 400 Bad Request: invalid_grant: refresh token expired" {
		t.Errorf("got %q", got)
	}
	plain := errors.New("dial tcp: refused")
	if redactTokenError(plain, nil) != plain {
		t.Error("non-RetrieveError changed")
	}
}

func TestMaskError(t *testing.T) {
	t.Parallel()
	base := fmt.Errorf("wrapped: %w", io.EOF)
	if maskError(base, []string{"nothere"}) != base || maskError(nil, []string{"x"}) != nil {
		t.Error("maskError changed an error without secrets")
	}
	m := maskError(fmt.Errorf("secret abcdef and abc: %w", io.EOF), []string{"abcdef", "abc"})
	if m.Error() != "secret *** and ***: EOF" || !errors.Is(m, io.EOF) {
		t.Errorf("got %q", m.Error())
	}
}

func TestLoggableHeaders(t *testing.T) {
	t.Parallel()
	h := http.Header{"Authorization": {"Bearer x"}, "Cookie": {"c"}, "Set-Cookie": {"s"}, "Proxy-Authorization": {"p"}, "X-A": {"val-SECRET-val"}}
	got := loggableHeaders(h, []string{"SECRET"})
	for _, k := range []string{"Authorization", "Cookie", "Set-Cookie", "Proxy-Authorization"} {
		if got[k] != "(redacted)" {
			t.Errorf("%s = %q", k, got[k])
		}
	}
	if got["X-A"] != "val-***-val" {
		t.Errorf("X-A = %q", got["X-A"])
	}
}

// A token endpoint that rotates the refresh token (Webex integrations,
// Auth0 refresh-token rotation) hands out a secret the configuration never
// named: it is masked like the configured one, in the API's errors and
// logs, and in the token endpoint's own answer to a later fetch.
func TestRotatedRefreshTokenIsMasked(t *testing.T) {
	t.Parallel()
	const first, rotated = "rt-configured-1111", "rt-rotated-2222"
	var fetches atomic.Int32
	tokenSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		w.Header().Set("Content-Type", "application/json")
		switch rt := r.PostForm.Get("refresh_token"); rt {
		case first:
			fetches.Add(1)
			_, _ = fmt.Fprintf(w, `{"access_token":"at-1","token_type":"Bearer","expires_in":3600,"refresh_token":%q}`, rotated)
		default:
			// A careless endpoint echoing the refresh token it refuses.
			w.Header().Set("X-Echo", rt)
			w.WriteHeader(http.StatusBadRequest)
			_, _ = fmt.Fprintf(w, `{"error":"invalid_grant","error_description":"refresh token %s was revoked"}`, rt)
		}
	}))
	defer tokenSrv.Close()
	oc := &oauth2.Config{ClientID: "cid", ClientSecret: clientSecret, Endpoint: oauth2.Endpoint{TokenURL: tokenSrv.URL, AuthStyle: oauth2.AuthStyleInParams}}
	ts, err := RefreshTokenSource(oc, first, "acme.refresh_token")
	if err != nil {
		t.Fatal(err)
	}
	// The API echoes both refresh tokens, in a header and in its error body.
	srv, _ := serve(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("X-Echo", rotated)
		w.WriteHeader(http.StatusBadRequest)
		_, _ = fmt.Fprintf(w, `{"message":"refresh tokens %s and %s","trackingId":"T1"}`, first, rotated)
	})
	var buf bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &buf)
	c := newTestClient(t, srv, func(o *Options) {
		o.Token = ts
		o.Secrets = []string{clientSecret, first} // as the vendors configure them
		o.DecodeError = decodeWebexish
	})
	// The request whose token fetch rotated the refresh token.
	_, apiErr := c.Do(ctx, Request{Operation: "read", Method: http.MethodGet}, nil)
	if StatusOf(apiErr) != http.StatusBadRequest || fetches.Load() != 1 {
		t.Fatalf("first call: %v after %d fetches; want the API's 400 after 1", apiErr, fetches.Load())
	}
	// A later request, once the access token is due for renewal, sends the
	// rotated refresh token, which the endpoint refuses.
	ts.mu.Lock()
	ts.now = func() time.Time { return time.Now().Add(2 * time.Hour) }
	ts.mu.Unlock()
	_, authErr := c.Do(ctx, Request{Operation: "read", Method: http.MethodGet}, nil)
	var ae *AuthError
	if !errors.As(authErr, &ae) {
		t.Fatalf("second call: %v; want the token endpoint's refusal", authErr)
	}
	if !strings.Contains(authErr.Error(), "invalid_grant: refresh token *** was revoked") {
		t.Errorf("second call: %v; want the refusal's text, masked", authErr)
	}
	if logs := buf.String(); !strings.Contains(logs, "HTTP response body") || strings.Count(logs, `"X-Echo":"***"`) != 2 {
		t.Errorf("want the API's body and both echoing headers logged, masked:\n%s", logs)
	}
	for _, leak := range []string{first, rotated} {
		for what, s := range map[string]string{"log": buf.String(), "API error": apiErr.Error(), "token error": authErr.Error()} {
			if strings.Contains(s, leak) {
				t.Errorf("%s contains %q:\n%s", what, leak, s)
			}
		}
	}
}

// A token URL is held to the base URL's rules, as the client secret or the
// refresh token goes there: never in clear over a network.
func TestTokenSourcesRefuseAPlainHTTPTokenURL(t *testing.T) {
	t.Parallel()
	const plain = "http://login.example.com/token"
	_, ccErr := ClientCredentialsSource(&clientcredentials.Config{ClientID: "cid", ClientSecret: clientSecret, TokenURL: plain}, "acme.client_secret")
	_, rtErr := RefreshTokenSource(&oauth2.Config{Endpoint: oauth2.Endpoint{TokenURL: plain}}, "rt", "acme.refresh_token")
	for grant, err := range map[string]error{"client credentials": ccErr, "refresh token": rtErr} {
		if err == nil || !strings.HasPrefix(err.Error(), "token URL: ") || !strings.Contains(err.Error(), "https://") {
			t.Errorf("%s: %v; want the token URL refused, asking for https", grant, err)
		}
	}
	if _, err := RefreshTokenSource(&oauth2.Config{Endpoint: oauth2.Endpoint{TokenURL: "http://127.0.0.1:1/token"}}, "rt", "x"); err != nil {
		t.Errorf("a loopback token URL (the sandbox): %v", err)
	}
}
