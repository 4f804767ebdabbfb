package client

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// tokenServer is a token endpoint answering with the scripted handlers in
// turn (the last repeats); it counts requests.
func tokenServer(t *testing.T, handlers ...http.HandlerFunc) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := int(n.Add(1)) - 1
		handlers[min(i, len(handlers)-1)](w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func issue(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = io.WriteString(w, `{"access_token":"tok-ok","token_type":"Bearer","expires_in":3600}`)
}

// clientCredentials is a RefreshableTokenSource for a token endpoint.
func clientCredentials(tokenURL string) *RefreshableTokenSource {
	cc := &clientcredentials.Config{ClientID: "cid", ClientSecret: clientSecret, TokenURL: tokenURL, AuthStyle: oauth2.AuthStyleInParams}
	ts, err := ClientCredentialsSource(cc, "acme.client_id and acme.client_secret")
	if err != nil {
		panic(err)
	}
	return ts
}

// N requests refused the same token share one refresh: one initial fetch
// and one after the 401s, not one per request.
func TestRefreshIsSharedByConcurrent401s(t *testing.T) {
	t.Parallel()
	const n = 16
	var fetches atomic.Int32
	ts := NewRefreshableTokenSource(flow(func(context.Context) (*oauth2.Token, error) {
		time.Sleep(20 * time.Millisecond) // long enough for the other 401s to ask
		k := fetches.Add(1)
		return &oauth2.Token{AccessToken: fmt.Sprintf("tok-%d", k), Expiry: time.Now().Add(time.Hour)}, nil
	}))
	// Hold every 401 until all n requests have arrived with tok-1, so the
	// n refreshes are asked for at the same moment.
	var arrived atomic.Int32
	all := make(chan struct{})
	srv, rec := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "Bearer tok-1" {
			if arrived.Add(1) == n {
				close(all)
			}
			select {
			case <-all:
			case <-time.After(5 * time.Second):
			}
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		_, _ = io.WriteString(w, `{}`)
	})
	c := newTestClient(t, srv, func(o *Options) { o.Token = ts; o.MaxConcurrency, o.InitialConcurrency = n, n })
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			if _, err := c.Do(context.Background(), Request{Operation: "get", Method: http.MethodGet}, nil); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if arrived.Load() != n {
		t.Fatalf("%d requests were sent with tok-1, want %d", arrived.Load(), n)
	}
	if fetches.Load() != 2 || rec.count() != 2*n {
		t.Errorf("%d token fetches and %d requests for %d concurrent 401s; want 2 and %d", fetches.Load(), rec.count(), n, 2*n)
	}
}

// A hanging token endpoint holds a request only as long as its context:
// the error names the token endpoint, and the fetch is cancelled once no
// request waits for it.
func TestTokenFetchHonoursContext(t *testing.T) {
	t.Parallel()
	gone := make(chan struct{})
	tokenSrv, calls := tokenServer(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.ReadAll(r.Body) // the server notices a closed connection only after the body
		<-r.Context().Done()
		close(gone)
	})
	srv, rec := serve(t, status(200, `{}`))
	c := newTestClient(t, srv, func(o *Options) { o.Token = clientCredentials(tokenSrv.URL + "/token") })
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.Do(ctx, Request{Operation: "get", Method: http.MethodGet}, nil)
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("Do returned after %v, past its 300ms deadline", took)
	}
	var ae *AuthError
	if !errors.As(err, &ae) || !errors.Is(err, context.DeadlineExceeded) || MayHaveActed(err) {
		t.Fatalf("got %T %v; want an *AuthError wrapping the deadline", err, err)
	}
	if !strings.Contains(err.Error(), "token endpoint "+tokenSrv.URL+"/token") || !strings.Contains(err.Error(), "acme.client_secret") {
		t.Errorf("error %q should name the token endpoint and the credential", err)
	}
	select {
	case <-gone:
	case <-time.After(2 * time.Second):
		t.Error("the token request was not cancelled after its only caller gave up")
	}
	if rec.count() != 0 || calls.Load() != 1 {
		t.Errorf("API requests %d (want 0), token requests %d (want 1)", rec.count(), calls.Load())
	}
}

// One caller giving up does not fail another that waits for the same fetch.
func TestTokenFetchOutlivesOneCaller(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	var fetches atomic.Int32
	ts := NewRefreshableTokenSource(flow(func(ctx context.Context) (*oauth2.Token, error) {
		fetches.Add(1)
		select {
		case <-release:
			return &oauth2.Token{AccessToken: "tok", Expiry: time.Now().Add(time.Hour)}, nil
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}))
	short, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { _, err := ts.TokenContext(short); errc <- err }()
	waiters := func() int {
		ts.mu.Lock()
		defer ts.mu.Unlock()
		if ts.flight == nil {
			return 0
		}
		return ts.flight.waiters
	}
	for waiters() < 1 { // the short caller starts the fetch
		time.Sleep(time.Millisecond)
	}
	long := make(chan *oauth2.Token, 1)
	go func() { tok, _ := ts.TokenContext(context.Background()); long <- tok }()
	for waiters() < 2 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled caller got %v", err)
	}
	close(release)
	if tok := <-long; tok == nil || tok.AccessToken != "tok" || fetches.Load() != 1 {
		t.Fatalf("waiting caller got %v after %d fetches; want tok after 1", tok, fetches.Load())
	}
}

// Token requests go through the retry policy: a 429 with Retry-After and a
// 503 are retried, honouring Retry-After.
func TestTokenFetchRetries(t *testing.T) {
	t.Parallel()
	limited := func(code int) http.HandlerFunc {
		return func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Retry-After", "1")
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(code)
			_, _ = io.WriteString(w, `{"error":"temporarily_unavailable"}`)
		}
	}
	tokenSrv, calls := tokenServer(t, limited(http.StatusTooManyRequests), limited(http.StatusServiceUnavailable), issue)
	srv, rec := serve(t, status(200, `{}`))
	c := newTestClient(t, srv, func(o *Options) { o.Token = clientCredentials(tokenSrv.URL + "/token") })
	start := time.Now()
	if _, err := c.Do(context.Background(), Request{Operation: "get", Method: http.MethodGet}, nil); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took < 2*time.Second {
		t.Errorf("took %v: the two Retry-After: 1 were not honoured", took)
	}
	if calls.Load() != 3 || rec.count() != 1 || rec.headers[0].Get("Authorization") != "Bearer tok-ok" {
		t.Errorf("token requests %d (want 3), API requests %d (want 1)", calls.Load(), rec.count())
	}
}

// A token endpoint that drops the connection is reported as such, after the
// retries, and the API request is never sent.
func TestTokenEndpointDroppedConnection(t *testing.T) {
	t.Parallel()
	tokenSrv, calls := tokenServer(t, hangUp)
	srv, rec := serve(t, status(200, `{}`))
	c := newTestClient(t, srv, func(o *Options) { o.Token = clientCredentials(tokenSrv.URL + "/token") })
	_, err := c.Do(context.Background(), Request{Operation: "assign admin", Method: http.MethodPost}, nil)
	var ae *AuthError
	var te *TransportError
	if !errors.As(err, &ae) || errors.As(err, &te) || MayHaveActed(err) {
		t.Fatalf("got %T %v; want an *AuthError", err, err)
	}
	msg := err.Error()
	if !strings.Contains(msg, "unable to obtain an access token from the token endpoint "+tokenSrv.URL+"/token") ||
		strings.Contains(msg, "assign admin") || strings.Contains(msg, clientSecret) {
		t.Errorf("error %q", msg)
	}
	if rec.count() != 0 || calls.Load() != 4 {
		t.Errorf("API requests %d (want 0), token requests %d (want 1 + 3 retries)", rec.count(), calls.Load())
	}
}

// Tokens are renewed before they expire; a short-lived one after three
// quarters of its life.
func TestTokenRenewedBeforeExpiry(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if got := renewTime(now, now.Add(time.Hour)); !got.Equal(now.Add(58 * time.Minute)) {
		t.Errorf("1h token renewed at %v", got)
	}
	if got := renewTime(now, now.Add(8*time.Second)); !got.Equal(now.Add(6 * time.Second)) {
		t.Errorf("8s token renewed at %v", got)
	}
	var fetches atomic.Int32
	ts := NewRefreshableTokenSource(flow(func(context.Context) (*oauth2.Token, error) {
		fetches.Add(1)
		return &oauth2.Token{AccessToken: "t", Expiry: now.Add(time.Hour)}, nil
	}))
	ts.now = func() time.Time { return now }
	for _, at := range []time.Duration{0, 57 * time.Minute, 59 * time.Minute} {
		ts.now = func() time.Time { return now.Add(at) }
		if _, err := ts.TokenContext(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if fetches.Load() != 2 {
		t.Errorf("%d fetches; want 2 (the cached token was due for renewal at 58m)", fetches.Load())
	}
}
