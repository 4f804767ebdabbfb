package client

import (
	"context"
	"sync"
)

// flight is one call that concurrent callers share: a token fetch, the
// API-root check, a cached list read. It runs detached from any one
// caller's cancellation, keeping the first caller's context values (log
// fields, masks), so a caller that gives up does not fail the others; once
// every caller has given up it is cancelled. Its owner keeps the result and
// its pointer to the flight under mu, the owner's lock, which also guards
// the flight's own fields.
type flight[T any] struct {
	mu      *sync.Mutex
	done    chan struct{}
	landed  bool // val and err are set
	val     T
	err     error
	waiters int
	cancel  context.CancelFunc
}

// fly starts call in a goroutine of its own. land runs with mu held when
// call returns, before any caller wakes: there the owner keeps the result
// and forgets the flight. fly is called with mu held.
func fly[T any](ctx context.Context, mu *sync.Mutex, call func(context.Context) (T, error), land func(T, error)) *flight[T] {
	fctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	f := &flight[T]{mu: mu, done: make(chan struct{}), cancel: cancel}
	go func() {
		defer cancel()
		v, err := call(fctx)
		mu.Lock()
		f.val, f.err, f.landed = v, err, true
		land(v, err)
		mu.Unlock()
		close(f.done)
	}()
	return f
}

// wait is called with mu held and releases it. It returns the call's
// result, or ctx's error when ctx ends first. The last caller to give up
// cancels the call and runs abandon (with mu held), where the owner forgets
// the flight so that a later caller starts afresh.
func (f *flight[T]) wait(ctx context.Context, abandon func()) (T, error) {
	f.waiters++
	f.mu.Unlock()
	select {
	case <-f.done:
		return f.val, f.err
	case <-ctx.Done():
	}
	f.mu.Lock()
	f.waiters--
	if f.waiters == 0 && !f.landed {
		f.cancel()
		abandon()
	}
	f.mu.Unlock()
	var zero T
	return zero, ctx.Err()
}
