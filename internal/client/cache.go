package client

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultReadCacheTTL is how long a list page answered by the vendor serves
// further reads of the same parent. A refresh of many resources under one
// parent (the partner admins of one customer, the members of one
// partnership) then costs one request per page, not one per resource. A
// provider process lives for one terraform command, and every write to a
// parent clears its entries, so a read never misses the provider's own write.
const DefaultReadCacheTTL = 30 * time.Second

// readCache shares GET results per (parent, URL): concurrent reads of the
// same page join one request (singleflight) and later reads within the TTL
// reuse it. Writes bump the parent's generation, which both drops its
// entries and keeps a read that was in flight during the write from being
// reused afterwards.
type readCache struct {
	ttl time.Duration
	now func() time.Time

	mu      sync.Mutex
	gens    map[string]uint64
	entries map[string]*cacheEntry

	joins atomic.Int64 // callers that joined a fetch in flight, so tests need not sleep
}

type cacheEntry struct {
	parent string
	gen    uint64
	done   chan struct{}
	at     time.Time
	resp   *Response
	data   []byte
	err    error
}

func newReadCache(ttl time.Duration) *readCache {
	return &readCache{ttl: ttl, now: time.Now, gens: map[string]uint64{}, entries: map[string]*cacheEntry{}}
}

// get returns the cached exchange for key under parent, joining one in
// flight, or runs fetch. Errors are shared with the callers already waiting
// but never kept.
func (rc *readCache) get(ctx context.Context, parent, key string, fetch func() (*Response, []byte, error)) (*Response, []byte, error) {
	k := parent + "\x00" + key
	rc.mu.Lock()
	gen := rc.gens[parent]
	if e, ok := rc.entries[k]; ok && e.gen == gen {
		select {
		case <-e.done:
			if e.err == nil && rc.now().Sub(e.at) < rc.ttl {
				rc.mu.Unlock()
				return e.resp, e.data, nil
			}
		default:
			rc.mu.Unlock()
			rc.joins.Add(1)
			select {
			case <-e.done:
			case <-ctx.Done():
				return nil, nil, ctx.Err()
			}
			// The leader's own cancellation says nothing about this caller.
			if e.err != nil && isContextError(e.err) && ctx.Err() == nil {
				return fetch()
			}
			return e.resp, e.data, e.err
		}
	}
	e := &cacheEntry{parent: parent, gen: gen, done: make(chan struct{})}
	rc.entries[k] = e
	rc.mu.Unlock()

	e.resp, e.data, e.err = fetch()
	e.at = rc.now()
	close(e.done)
	if e.err != nil {
		rc.mu.Lock()
		if rc.entries[k] == e {
			delete(rc.entries, k)
		}
		rc.mu.Unlock()
	}
	return e.resp, e.data, e.err
}

// invalidate forgets everything read under parent.
func (rc *readCache) invalidate(parent string) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.gens[parent]++
	for k, e := range rc.entries {
		if e.parent == parent {
			delete(rc.entries, k)
		}
	}
}

func isContextError(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}
