package client

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// A vendor rate limit: every request inside the window after a 429 is
// refused again. One 429 must pause the client's other requests instead of
// letting each provoke its own.
func TestRetryAfterPausesEveryRequest(t *testing.T) {
	const window = 2 * time.Second
	var (
		mu       sync.Mutex
		until    time.Time
		first    = make(chan struct{})
		refused  atomic.Int32
		accepted atomic.Int32
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		now := time.Now()
		limited := until.IsZero() || now.Before(until)
		if until.IsZero() {
			until = now.Add(window)
			defer close(first)
		}
		mu.Unlock()
		if limited {
			refused.Add(1)
			w.Header().Set("Retry-After", "2")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		accepted.Add(1)
	}))
	defer srv.Close()
	c := newTestClient(t, srv, nil)
	ctx := context.Background()

	var wg sync.WaitGroup
	do := func() {
		defer wg.Done()
		if _, err := c.Do(ctx, Request{Operation: "get", Method: http.MethodGet, Path: []string{"x"}}, nil); err != nil {
			t.Errorf("Do: %v", err)
		}
	}
	wg.Add(1)
	go do()
	<-first // the first request was refused; its siblings start inside the window,
	// once the client has read that 429.
	tt, ok := c.http.HTTPClient.Transport.(*throttledTransport)
	if !ok {
		t.Fatal("the client's transport is not throttled")
	}
	th := tt.throttle
	for held := false; !held; time.Sleep(time.Millisecond) {
		th.mu.Lock()
		held = !th.until.IsZero()
		th.mu.Unlock()
	}
	for range 6 {
		wg.Add(1)
		go do()
	}
	wg.Wait()
	if n := refused.Load(); n != 1 {
		t.Fatalf("%d requests refused with 429, want 1: the others must wait out the Retry-After", n)
	}
	if n := accepted.Load(); n != 7 {
		t.Fatalf("%d requests accepted, want 7", n)
	}

	// Waiting respects cancellation.
	th.holdUntil(time.Now().Add(time.Hour))
	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	_, err := c.Do(short, Request{Operation: "get", Method: http.MethodGet, Path: []string{"x"}}, nil)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Do while held back with a cancelled context: %v, want the deadline", err)
	}
}
