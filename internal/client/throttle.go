package client

import (
	"context"
	"net/http"
	"sync"
	"time"
)

// throttle holds back every request to one vendor while a Retry-After from
// a 429 is running. A rate limit is the vendor's, not one request's: without
// it, each request in flight (up to MaxConcurrency) would hit the limit on
// its own and provoke its own 429 before backing off.
type throttle struct {
	mu    sync.Mutex
	until time.Time
}

// wait blocks until the vendor's Retry-After has passed, or ctx is done.
func (t *throttle) wait(ctx context.Context, now time.Time) error {
	t.mu.Lock()
	d := t.until.Sub(now)
	t.mu.Unlock()
	if d <= 0 {
		return nil
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// holdUntil extends the pause; a shorter Retry-After never shortens it.
func (t *throttle) holdUntil(until time.Time) {
	t.mu.Lock()
	if until.After(t.until) {
		t.until = until
	}
	t.mu.Unlock()
}

// throttledTransport applies the vendor's throttle to every attempt,
// retries included, and learns from each 429 it sees.
type throttledTransport struct {
	next     http.RoundTripper
	throttle *throttle
	now      func() time.Time
	maxWait  time.Duration
	limiter  *limiter // halved on a 429
}

func (t *throttledTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := t.throttle.wait(req.Context(), t.now()); err != nil {
		return nil, err
	}
	resp, err := t.next.RoundTrip(req)
	if err == nil && resp.StatusCode == http.StatusTooManyRequests {
		if e, ok := epochOf(req.Context()); ok && t.limiter != nil {
			t.limiter.limited(e)
		}
		now := t.now()
		if d, ok := ParseRetryAfter(resp.Header.Get("Retry-After"), now); ok {
			t.throttle.holdUntil(now.Add(min(d, t.maxWait)))
		}
	}
	return resp, err
}
