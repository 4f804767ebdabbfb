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
//
// A fresh read (WithFreshReads: a poll after a write, a check before one)
// must see the vendor's state from after the caller asked, so it never
// takes a page read, or sent, before that. It may share a read not sent
// yet (waiting for a slot): that read goes out after every caller joined
// it, so it serves all of them, fresh or not. Under load, when requests
// queue for slots, the confirmations of many writes to one customer thus
// cost one read, and a fresh read's page serves later cached reads.
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
	sent   bool      // the request went out; gen is set
	gen    uint64    // the parent's generation when it went out
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
// flight, or runs fetch, which calls sent just before its request goes out.
// A fresh caller joins only a read not sent yet. Errors are shared with the
// callers already waiting but never kept. A caller that gives up gets ctx's
// error, exactly.
func (rc *readCache) get(ctx context.Context, parent, key string, fresh bool, fetch func(ctx context.Context, sent func()) (*Response, []byte, error)) (*Response, []byte, error) {
	k := parent + "\x00" + key
	rc.mu.Lock()
	gen := rc.gens[parent]
	if e, ok := rc.entries[k]; ok {
		switch {
		case !e.sent:
			rc.joins.Add(1)
			return rc.wait(ctx, k, e)
		case fresh || e.gen != gen:
		case !e.read.landed:
			rc.joins.Add(1)
			return rc.wait(ctx, k, e)
		case e.read.err == nil && rc.now().Sub(e.at) < rc.ttl:
			rc.mu.Unlock()
			return e.read.val.resp, e.read.val.data, nil
		}
	}
	e := &cacheEntry{parent: parent}
	sent := func() {
		rc.mu.Lock()
		e.sent, e.gen = true, rc.gens[parent]
		rc.mu.Unlock()
	}
	e.read = fly(ctx, &rc.mu, func(ctx context.Context) (exchanged, error) {
		resp, data, err := fetch(ctx, sent)
		return exchanged{resp, data}, err
	}, func(_ exchanged, err error) {
		e.at = rc.now()
		if err != nil || !e.sent {
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

// invalidate forgets everything read under parent. A read not sent yet
// stays: it goes out after the write began, and is judged by the
// generation it goes out in.
func (rc *readCache) invalidate(parent string) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.gens[parent]++
	for k, e := range rc.entries {
		if e.parent == parent && e.sent {
			delete(rc.entries, k)
		}
	}
}
