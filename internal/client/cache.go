package client

import (
	"context"
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
// same page join one request (see flight) and later reads within the TTL
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
	at     time.Time // when the read landed
	read   *flight[exchanged]
}

// exchanged is one exchange's answer.
type exchanged struct {
	resp *Response
	data []byte
}

func newReadCache(ttl time.Duration) *readCache {
	return &readCache{ttl: ttl, now: time.Now, gens: map[string]uint64{}, entries: map[string]*cacheEntry{}}
}

// get returns the cached exchange for key under parent, joining one in
// flight, or runs fetch. Errors are shared with the callers already waiting
// but never kept. A caller that gives up gets ctx's error, exactly.
func (rc *readCache) get(ctx context.Context, parent, key string, fetch func(context.Context) (*Response, []byte, error)) (*Response, []byte, error) {
	k := parent + "\x00" + key
	rc.mu.Lock()
	gen := rc.gens[parent]
	if e, ok := rc.entries[k]; ok && e.gen == gen {
		if !e.read.landed {
			rc.joins.Add(1)
			return rc.wait(ctx, k, e)
		}
		if e.read.err == nil && rc.now().Sub(e.at) < rc.ttl {
			rc.mu.Unlock()
			return e.read.val.resp, e.read.val.data, nil
		}
	}
	e := &cacheEntry{parent: parent, gen: gen}
	e.read = fly(ctx, &rc.mu, func(ctx context.Context) (exchanged, error) {
		resp, data, err := fetch(ctx)
		return exchanged{resp, data}, err
	}, func(_ exchanged, err error) {
		e.at = rc.now()
		if err != nil {
			rc.forget(k, e)
		}
	})
	rc.entries[k] = e
	return rc.wait(ctx, k, e)
}

// wait waits for e's read; it is called with rc.mu held and releases it.
func (rc *readCache) wait(ctx context.Context, k string, e *cacheEntry) (*Response, []byte, error) {
	x, err := e.read.wait(ctx, func() { rc.forget(k, e) })
	return x.resp, x.data, err
}

// forget drops e unless it was replaced. Callers hold rc.mu.
func (rc *readCache) forget(k string, e *cacheEntry) {
	if rc.entries[k] == e {
		delete(rc.entries, k)
	}
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
