package client

import (
	"context"
	"errors"
	"io"
	"net/http"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
)

// The default limit lets terraform's default parallelism through: ten
// requests held at the server are all in flight at once, none waits for a
// slot.
func TestLimitStartsAtTerraformParallelism(t *testing.T) {
	t.Parallel()
	const n = 10
	var inFlight atomic.Int32
	gate := make(chan struct{})
	srv, _ := serve(t, func(w http.ResponseWriter, r *http.Request) {
		inFlight.Add(1)
		<-gate
		_, _ = io.WriteString(w, `{}`)
	})
	c := newTestClient(t, srv, nil)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			if _, err := c.Do(context.Background(), Request{Operation: "get", Method: http.MethodGet}, nil); err != nil {
				t.Error(err)
			}
		})
	}
	// Every request either reaches the server or queues for a slot (where
	// it stays until the gate opens): wait until all n are accounted for.
	queued := 0
	for {
		c.slots.mu.Lock()
		queued = len(c.slots.queue)
		c.slots.mu.Unlock()
		if int(inFlight.Load())+queued == n {
			break
		}
		runtime.Gosched()
	}
	if queued > 0 {
		t.Errorf("%d requests in flight and %d waiting for a slot, want all %d in flight", inFlight.Load(), queued, n)
	}
	close(gate)
	wg.Wait()
}

// The limit grows by one for each window of answers without a 429, up to
// its ceiling, and halves on a 429; the other 429s of a burst sent at the
// pace already cut do not cut again, and it never falls below one.
func TestLimitGrowsUntil429ThenHalvesOncePerBurst(t *testing.T) {
	t.Parallel()
	l := newLimiter(4, 6)
	answer := func(k int) {
		for range k {
			l.answered()
		}
	}
	limit := func() int { n, _ := l.current(); return n }
	answer(3)
	if limit() != 4 {
		t.Fatalf("limit %d after 3 answers, want 4 (a window is 4)", limit())
	}
	answer(1)
	if limit() != 5 {
		t.Fatalf("limit %d after a window of answers, want 5", limit())
	}
	answer(5 + 6 + 6)
	if limit() != 6 {
		t.Fatalf("limit %d, want the ceiling 6", limit())
	}
	// A burst of 429s to requests sent at the same pace: one cut.
	var epochs []uint64
	for range 6 {
		e, err := l.acquire(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		epochs = append(epochs, e)
	}
	for _, e := range epochs {
		l.limited(e)
		l.release()
	}
	if limit() != 3 {
		t.Fatalf("limit %d after a burst of six 429s, want 3 (halved once)", limit())
	}
	// A 429 to a request sent after the cut cuts again, down to one.
	for range 4 {
		e, _ := l.acquire(context.Background())
		l.limited(e)
		l.release()
	}
	if limit() != 1 {
		t.Fatalf("limit %d, want 1", limit())
	}
}

// A slot freed while requests wait goes to the first in line, and a raised
// limit lets the next ones through at once.
func TestLimitQueueIsFirstComeFirstServed(t *testing.T) {
	t.Parallel()
	l := newLimiter(1, 2)
	if _, err := l.acquire(context.Background()); err != nil {
		t.Fatal(err)
	}
	order := make(chan int, 3)
	for i := range 3 {
		go func() {
			if _, err := l.acquire(context.Background()); err == nil {
				order <- i
			}
		}()
		for { // queue them in order
			l.mu.Lock()
			n := len(l.queue)
			l.mu.Unlock()
			if n == i+1 {
				break
			}
			runtime.Gosched()
		}
	}
	l.answered() // a window of one answer: limit 2, one more slot
	if got := <-order; got != 0 {
		t.Fatalf("request %d got the new slot, want the first in line", got)
	}
	l.release()
	if got := <-order; got != 1 {
		t.Fatalf("request %d got the freed slot, want the second in line", got)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := l.acquire(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("acquire with a cancelled context: %v", err)
	}
	l.release()
	if got := <-order; got != 2 {
		t.Fatalf("request %d got the freed slot, want the third in line", got)
	}
}

// End to end: a vendor's 429 halves the client's limit.
func TestLimitHalvedByA429(t *testing.T) {
	t.Parallel()
	srv, _ := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "0")
		w.WriteHeader(http.StatusTooManyRequests)
	}, status(200, `{}`))
	c := newTestClient(t, srv, nil)
	if _, err := c.Do(context.Background(), Request{Operation: "get", Method: http.MethodGet}, nil); err != nil {
		t.Fatal(err)
	}
	if limit, inFlight := c.slots.current(); limit != DefaultInitialConcurrency/2 || inFlight != 0 {
		t.Fatalf("limit %d with %d in flight after a 429, want %d and 0", limit, inFlight, DefaultInitialConcurrency/2)
	}
}
