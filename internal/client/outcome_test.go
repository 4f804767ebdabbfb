package client

import (
	"context"
	"errors"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"
)

func post(t *testing.T, c *Client, ctx context.Context) error {
	t.Helper()
	_, err := c.Do(ctx, Request{Operation: "assign", Method: http.MethodPost, Path: []string{"x"}}, nil)
	return err
}

func TestMayHaveActed(t *testing.T) {
	t.Run("lost answer, retries exhausted", func(t *testing.T) {
		srv, _ := serve(t, hangUp)
		err := post(t, newTestClient(t, srv, nil), context.Background())
		if !MayHaveActed(err) {
			t.Fatalf("MayHaveActed(%v) = false after dropped connections", err)
		}
	})
	t.Run("conflict after a lost attempt", func(t *testing.T) {
		srv, _ := serve(t, hangUp, status(http.StatusConflict, `{"message":"exists"}`))
		err := post(t, newTestClient(t, srv, nil), context.Background())
		if StatusOf(err) != http.StatusConflict || !AfterLostAttempt(err) || !MayHaveActed(err) {
			t.Fatalf("want a 409 marked as after a lost attempt, got %v (after lost %v)", err, AfterLostAttempt(err))
		}
	})
	t.Run("plain conflict", func(t *testing.T) {
		srv, _ := serve(t, status(http.StatusConflict, `{"message":"exists"}`))
		err := post(t, newTestClient(t, srv, nil), context.Background())
		if AfterLostAttempt(err) || MayHaveActed(err) {
			t.Fatalf("a first-attempt 409 is the vendor's verdict: AfterLostAttempt %v, MayHaveActed %v", AfterLostAttempt(err), MayHaveActed(err))
		}
	})
	t.Run("conflict after a 429", func(t *testing.T) {
		srv, _ := serve(t, status(http.StatusTooManyRequests, ``), status(http.StatusConflict, `{}`))
		err := post(t, newTestClient(t, srv, nil), context.Background())
		if AfterLostAttempt(err) {
			t.Fatalf("a 429 refused the first attempt, so the 409 is not ours: %v", err)
		}
	})
	t.Run("gateway 502", func(t *testing.T) {
		srv, _ := serve(t, status(http.StatusBadGateway, ``))
		err := post(t, newTestClient(t, srv, func(o *Options) { o.MaxRetries = -1 }), context.Background())
		if !MayHaveActed(err) {
			t.Fatalf("a 502 may come after the vendor acted: %v", err)
		}
	})
	t.Run("cancelled while the vendor works", func(t *testing.T) {
		// Cancel once the request has reached the vendor, however long
		// sending it took on a busy machine.
		arrived := make(chan struct{})
		var once sync.Once
		srv, _ := serve(t, func(w http.ResponseWriter, r *http.Request) {
			once.Do(func() { close(arrived) })
			select {
			case <-r.Context().Done():
			case <-time.After(time.Minute):
			}
		})
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go func() { <-arrived; cancel() }()
		err := post(t, newTestClient(t, srv, nil), ctx)
		if !MayHaveActed(err) {
			t.Fatalf("a request cancelled in flight may have acted: %v", err)
		}
	})
	t.Run("refused connection never sent", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close()
		c, err := New(Options{Vendor: "Acme", BaseURL: "http://" + addr, MaxRetries: 1, RetryWaitMin: time.Millisecond, RetryWaitMax: time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		err = post(t, c, context.Background())
		var te *TransportError
		if !errors.As(err, &te) || MayHaveActed(err) {
			t.Fatalf("a refused connection cannot have acted: %v (MayHaveActed %v)", err, MayHaveActed(err))
		}
	})
	t.Run("4xx is a verdict", func(t *testing.T) {
		srv, _ := serve(t, status(http.StatusBadRequest, `{}`))
		if err := post(t, newTestClient(t, srv, nil), context.Background()); MayHaveActed(err) {
			t.Fatalf("a 400 did not act: %v", err)
		}
	})
}

func TestWithFreshReadsBypassesCache(t *testing.T) {
	srv, rec := serve(t, status(http.StatusOK, `{}`))
	c := newTestClient(t, srv, nil)
	get := func(ctx context.Context) {
		t.Helper()
		if _, err := c.Do(ctx, Request{Operation: "list", Method: http.MethodGet, Path: []string{"l"}, CacheParent: "p"}, nil); err != nil {
			t.Fatal(err)
		}
	}
	get(context.Background())
	get(context.Background())
	if rec.count() != 1 {
		t.Fatalf("cached reads: %d requests, want 1", rec.count())
	}
	get(WithFreshReads(context.Background()))
	if rec.count() != 2 {
		t.Fatalf("a fresh read must reach the vendor: %d requests, want 2", rec.count())
	}
}
