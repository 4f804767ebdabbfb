package client

import (
	"context"
	"sync"
)

// limiter bounds the requests in flight to one vendor, adaptively. It
// starts at a limit that does not starve terraform's parallelism (10
// operations at once by default), adds one request for every window of
// answers without a 429 (a window is as many answers as the limit), up to
// its ceiling, and halves on a 429: a vendor that refuses the pace gets
// fewer requests at once, one that keeps up gets as many as the caller
// sends. A burst of 429s to requests sent at the same pace halves it once:
// each request carries the epoch it was sent in, and only a 429 to a
// request of the current epoch cuts again. Growth counts exchanges (an
// exchange answered after retries counts once), cuts count attempts (the
// transport reports each 429 it meets): the limit is quicker to fall than
// to rise.
type limiter struct {
	mu       sync.Mutex
	limit    int
	ceiling  int
	inFlight int
	epoch    uint64 // counts the cuts
	answers  int    // answers without a 429 since the limit last changed
	queue    []chan struct{}
}

func newLimiter(initial, ceiling int) *limiter {
	return &limiter{limit: min(initial, ceiling), ceiling: ceiling}
}

// acquire waits for a slot, first come first served, or for ctx to end.
// It returns the epoch the request is sent in.
func (l *limiter) acquire(ctx context.Context) (uint64, error) {
	l.mu.Lock()
	if l.inFlight < l.limit && len(l.queue) == 0 {
		l.inFlight++
		e := l.epoch
		l.mu.Unlock()
		return e, nil
	}
	ch := make(chan struct{})
	l.queue = append(l.queue, ch)
	l.mu.Unlock()
	select {
	case <-ch:
		l.mu.Lock()
		defer l.mu.Unlock()
		return l.epoch, nil
	case <-ctx.Done():
	}
	l.mu.Lock()
	for i, q := range l.queue {
		if q == ch {
			l.queue = append(l.queue[:i], l.queue[i+1:]...)
			l.mu.Unlock()
			return 0, ctx.Err()
		}
	}
	l.mu.Unlock()
	l.release() // granted as ctx ended: hand the slot on
	return 0, ctx.Err()
}

// release frees a slot.
func (l *limiter) release() {
	l.mu.Lock()
	l.inFlight--
	l.grant()
	l.mu.Unlock()
}

// grant hands free slots to the queue in order. Callers hold mu.
func (l *limiter) grant() {
	for l.inFlight < l.limit && len(l.queue) > 0 {
		ch := l.queue[0]
		l.queue = l.queue[1:]
		l.inFlight++
		close(ch)
	}
}

// answered counts an answer that was not a 429; a full window of them
// raises the limit by one.
func (l *limiter) answered() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.answers++; l.answers >= l.limit && l.limit < l.ceiling {
		l.limit++
		l.answers = 0
		l.grant()
	}
}

// limited halves the limit on a 429 to a request sent in epoch, unless a
// cut already answered the pace that request was sent at.
func (l *limiter) limited(epoch uint64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if epoch != l.epoch {
		return
	}
	l.epoch++
	l.limit = max(1, l.limit/2)
	l.answers = 0
}

// current returns the limit and the requests in flight.
func (l *limiter) current() (limit, inFlight int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.limit, l.inFlight
}

type epochKey struct{}

// withEpoch tells the transport which epoch a request was sent in.
func withEpoch(ctx context.Context, epoch uint64) context.Context {
	return context.WithValue(ctx, epochKey{}, epoch)
}

func epochOf(ctx context.Context) (uint64, bool) {
	e, ok := ctx.Value(epochKey{}).(uint64)
	return e, ok
}
