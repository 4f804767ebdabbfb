package client

import (
	"context"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// gatedServer holds GET /block until release closes and answers every
// other request as listServer does.
type gatedServer struct {
	listServer
	blocked atomic.Int64
	release chan struct{}
}

func (s *gatedServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasSuffix(r.URL.Path, "/block") {
		s.blocked.Add(1)
		<-s.release
		return
	}
	s.listServer.ServeHTTP(w, r)
}

// newOneSlotClient returns a client with one request in flight at most,
// whose slot a GET /block holds until the returned release is called: the
// reads made meanwhile queue, not sent.
func newOneSlotClient(t *testing.T) (*Client, *gatedServer, func()) {
	t.Helper()
	s := &gatedServer{release: make(chan struct{})}
	var once sync.Once
	release := func() { once.Do(func() { close(s.release) }) }
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	t.Cleanup(release) // before the server closes
	c, err := New(Options{Vendor: "Test", BaseURL: srv.URL, MaxRetries: -1, MaxConcurrency: 1})
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		_, _ = c.Do(context.Background(), Request{Operation: "block", Method: http.MethodGet, Path: []string{"block"}}, nil)
	}()
	for s.blocked.Load() == 0 {
		runtime.Gosched()
	}
	return c, s, release
}

// freshRead is a poll after a write: a fresh read of org-a's list.
func freshRead(c *Client) (int, error) {
	const parent = "org-a"
	var out struct{ Writes int }
	_, err := c.Do(WithFreshReads(context.Background()), Request{Operation: "list", Method: http.MethodGet, Path: []string{"list", parent}, CacheParent: parent}, &out)
	return out.Writes, err
}

// waitJoins waits until n callers joined a read, or fails. The deadline
// only bounds how long a broken cache is waited for.
func waitJoins(t *testing.T, c *Client, n int64, release func()) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); c.cache.joins.Load() < n; runtime.Gosched() {
		if time.Now().After(deadline) {
			release()
			t.Fatalf("%d callers joined a read, want %d", c.cache.joins.Load(), n)
		}
	}
}

// Fresh reads that queue for a slot share one read: it goes out after every
// one of them asked, so it serves them all.
func TestFreshReadsShareAReadNotYetSent(t *testing.T) {
	c, s, release := newOneSlotClient(t)
	const n = 5
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			if _, err := freshRead(c); err != nil {
				t.Error(err)
			}
		})
	}
	waitJoins(t, c, n-1, release)
	release()
	wg.Wait()
	if got := s.gets.Load(); got != 1 {
		t.Fatalf("%d fresh reads queued together sent %d requests, want 1", n, got)
	}
}

// A write finishing while a read is still queued leaves that read to the
// callers after the write: it goes out after the write too. (The read
// cache judges it by the generation it is sent in.)
func TestReadNotYetSentServesCallersAfterAWrite(t *testing.T) {
	c, s, release := newOneSlotClient(t)
	got := make(chan int, 2)
	go func() { w, _ := freshRead(c); got <- w }()
	for {
		c.cache.mu.Lock()
		queued := len(c.cache.entries)
		c.cache.mu.Unlock()
		if queued == 1 {
			break
		}
		runtime.Gosched()
	}
	s.writes.Add(1)             // another caller's write reaches the vendor
	c.cache.invalidate("org-a") // and finishes
	go func() { w, _ := freshRead(c); got <- w }()
	waitJoins(t, c, 1, release)
	release()
	for range 2 {
		if w := <-got; w != 1 {
			t.Errorf("a read saw %d writes, want 1", w)
		}
	}
	if n := s.gets.Load(); n != 1 {
		t.Fatalf("%d requests, want 1", n)
	}
}

// A fresh read never takes a read that was sent before it asked: it sends
// its own while that one is still held at the server.
func TestFreshReadNeverJoinsAReadAlreadySent(t *testing.T) {
	s := &listServer{hold: make(chan struct{})}
	var once sync.Once
	release := func() { once.Do(func() { close(s.hold) }) }
	defer release()
	c := newCacheClient(t, s, time.Minute)
	go func() {
		_, _ = c.Do(context.Background(), Request{Operation: "list", Method: http.MethodGet, Path: []string{"list", "org-a"}, CacheParent: "org-a"}, nil)
	}()
	for s.gets.Load() == 0 { // the first read is held at the server
		runtime.Gosched()
	}
	done := make(chan error, 1)
	go func() { _, err := freshRead(c); done <- err }()
	for s.gets.Load() < 2 && c.cache.joins.Load() == 0 {
		runtime.Gosched()
	}
	if c.cache.joins.Load() != 0 {
		t.Fatal("a fresh read joined a read sent before it asked")
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// A fresh read's page is the newest: later cached reads take it instead of
// sending another request.
func TestFreshReadServesLaterCachedReads(t *testing.T) {
	s := &listServer{}
	c := newCacheClient(t, s, time.Minute)
	if _, err := freshRead(c); err != nil {
		t.Fatal(err)
	}
	readList(t, c, "org-a")
	if n := s.gets.Load(); n != 1 {
		t.Fatalf("%d requests, want 1: the fresh read's page was not kept", n)
	}
	writeList(t, c, "org-a")
	if w := readList(t, c, "org-a"); w != 1 || s.gets.Load() != 2 {
		t.Fatalf("after a write: saw %d writes with %d requests, want 1 and 2", w, s.gets.Load())
	}
}

// The pooled transport keeps as many idle connections as requests may be
// in flight, so a connection is reused rather than dialled again.
func TestIdleConnectionsForEveryRequestInFlight(t *testing.T) {
	c, err := New(Options{BaseURL: "https://h"})
	if err != nil {
		t.Fatal(err)
	}
	tt, ok := c.http.HTTPClient.Transport.(*throttledTransport)
	if !ok {
		t.Fatalf("transport %T", c.http.HTTPClient.Transport)
	}
	ht, ok := tt.next.(*http.Transport)
	if !ok {
		t.Fatalf("transport %T", tt.next)
	}
	if ht.MaxIdleConnsPerHost != DefaultMaxConcurrency {
		t.Fatalf("%d idle connections kept per host, want %d", ht.MaxIdleConnsPerHost, DefaultMaxConcurrency)
	}
}
