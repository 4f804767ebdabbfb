package client

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// listServer answers GET /list/{parent} with the number of writes so far,
// and counts requests; POST /list/{parent} is a write. When hold is set, the
// first GET waits for it to close.
type listServer struct {
	gets, writes atomic.Int64
	hold         chan struct{}
}

func (s *listServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost {
		s.writes.Add(1)
		w.WriteHeader(http.StatusNoContent)
		return
	}
	writes := s.writes.Load() // the state when the request arrived
	if s.gets.Add(1) == 1 && s.hold != nil {
		<-s.hold
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte(`{"writes":` + strconv.FormatInt(writes, 10) + `}`))
}

func newCacheClient(t *testing.T, h http.Handler, ttl time.Duration) *Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, err := New(Options{Vendor: "Test", BaseURL: srv.URL, MaxRetries: -1, ReadCacheTTL: ttl, MaxConcurrency: 64})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func readList(t *testing.T, c *Client, parent string) int {
	t.Helper()
	var out struct{ Writes int }
	if _, err := c.Do(context.Background(), Request{Operation: "list", Method: http.MethodGet, Path: []string{"list", parent}, CacheParent: parent}, &out); err != nil {
		t.Fatal(err)
	}
	return out.Writes
}

func writeList(t *testing.T, c *Client, parent string) {
	t.Helper()
	if _, err := c.Do(context.Background(), Request{Operation: "write", Method: http.MethodPost, Path: []string{"list", parent}, CacheParent: parent}, nil); err != nil {
		t.Fatal(err)
	}
}

func TestReadCacheConcurrentReadsShareOneRequest(t *testing.T) {
	s := &listServer{hold: make(chan struct{})}
	c := newCacheClient(t, s, time.Minute)
	var wg sync.WaitGroup
	for range 50 {
		wg.Add(1)
		go func() { defer wg.Done(); readList(t, c, "org-a") }()
	}
	// Release the one request in flight once every other caller joined it.
	for deadline := time.Now().Add(time.Minute); c.cache.joins.Load() < 49; runtime.Gosched() {
		if time.Now().After(deadline) {
			t.Fatalf("%d of 49 callers joined the read in flight (%d requests sent)", c.cache.joins.Load(), s.gets.Load())
		}
	}
	close(s.hold)
	wg.Wait()
	if got := s.gets.Load(); got != 1 {
		t.Fatalf("50 concurrent reads of one parent sent %d requests, want 1", got)
	}
	readList(t, c, "org-a")
	if got := s.gets.Load(); got != 1 {
		t.Fatalf("a read within the TTL sent a request (total %d)", got)
	}
	readList(t, c, "org-b")
	if got := s.gets.Load(); got != 2 {
		t.Fatalf("another parent must be read separately: %d requests, want 2", got)
	}
}

func TestReadCacheWriteThenReadSeesTheWrite(t *testing.T) {
	s := &listServer{}
	c := newCacheClient(t, s, time.Minute)
	for i := 1; i <= 5; i++ {
		before := readList(t, c, "org-a")
		writeList(t, c, "org-a")
		if after := readList(t, c, "org-a"); after != before+1 {
			t.Fatalf("round %d: read after write saw %d writes, want %d", i, after, before+1)
		}
	}
	// A write to another parent does not clear this one.
	n := s.gets.Load()
	writeList(t, c, "org-b")
	readList(t, c, "org-a")
	if s.gets.Load() != n {
		t.Fatal("a write to org-b cleared org-a's cached read")
	}
}

// A read in flight while a write happens must be neither joined nor reused
// by reads that start after the write.
func TestReadCacheReadRacingWriteIsNotReused(t *testing.T) {
	s := &listServer{hold: make(chan struct{})}
	c := newCacheClient(t, s, time.Minute)
	first := make(chan int)
	go func() { first <- readList(t, c, "org-a") }()
	for s.gets.Load() == 0 { // wait until the first read is held at the server
		time.Sleep(5 * time.Millisecond)
	}
	writeList(t, c, "org-a")
	if got := readList(t, c, "org-a"); got != 1 {
		t.Fatalf("a read after the write saw %d writes, want 1", got)
	}
	close(s.hold)
	if got := <-first; got != 0 {
		t.Fatalf("the held read saw %d writes, want 0", got)
	}
	if got := readList(t, c, "org-a"); got != 1 {
		t.Fatalf("the stale read was cached after the write: saw %d writes, want 1", got)
	}
}

func TestReadCacheTTLAndErrors(t *testing.T) {
	var fail atomic.Bool
	var gets atomic.Int64
	h := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		gets.Add(1)
		if fail.Load() {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		_, _ = w.Write([]byte(`{}`))
	})
	c := newCacheClient(t, h, time.Minute)
	now := time.Now()
	c.cache.now = func() time.Time { return now }
	fail.Store(true)
	for range 2 {
		if _, err := c.Do(context.Background(), Request{Method: http.MethodGet, Path: []string{"x"}, CacheParent: "p"}, nil); !IsNotFound(err) {
			t.Fatalf("err = %v, want 404", err)
		}
	}
	if gets.Load() != 2 {
		t.Fatalf("errors were cached: %d requests, want 2", gets.Load())
	}
	fail.Store(false)
	readOK := func() {
		if _, err := c.Do(context.Background(), Request{Method: http.MethodGet, Path: []string{"x"}, CacheParent: "p"}, nil); err != nil {
			t.Fatal(err)
		}
	}
	readOK()
	readOK()
	if gets.Load() != 3 {
		t.Fatalf("%d requests, want 3 (one cached read)", gets.Load())
	}
	now = now.Add(DefaultReadCacheTTL + time.Second)
	c.cache.ttl = DefaultReadCacheTTL
	readOK()
	if gets.Load() != 4 {
		t.Fatalf("an expired entry was served: %d requests, want 4", gets.Load())
	}
}

func TestReadCacheDisabled(t *testing.T) {
	s := &listServer{}
	c := newCacheClient(t, s, -1)
	readList(t, c, "org-a")
	readList(t, c, "org-a")
	if s.gets.Load() != 2 {
		t.Fatalf("disabled cache: %d requests, want 2", s.gets.Load())
	}
}

// A read shared by several callers outlives the caller that started it:
// that caller gets its own cancellation, named like any failed call, and
// the others get the answer without a second request.
func TestReadCacheReadOutlivesOneCaller(t *testing.T) {
	s := &listServer{hold: make(chan struct{})}
	var once sync.Once
	release := func() { once.Do(func() { close(s.hold) }) }
	defer release() // the server cannot close while the read is held
	c := newCacheClient(t, s, time.Minute)
	short, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		_, err := c.Do(short, Request{Operation: "list", Method: http.MethodGet, Path: []string{"list", "org-a"}, CacheParent: "org-a"}, nil)
		errc <- err
	}()
	for s.gets.Load() == 0 { // the first read is held at the server
		time.Sleep(time.Millisecond)
	}
	type answer struct {
		writes int
		err    error
	}
	got := make(chan answer, 1)
	go func() {
		var out struct{ Writes int }
		_, err := c.Do(context.Background(), Request{Operation: "list", Method: http.MethodGet, Path: []string{"list", "org-a"}, CacheParent: "org-a"}, &out)
		got <- answer{out.Writes, err}
	}()
	for c.cache.joins.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	err := <-errc
	var te *TransportError
	if !errors.As(err, &te) || !errors.Is(err, context.Canceled) || te.Operation != "list" {
		t.Fatalf("the caller that gave up got %T %v; want a *TransportError naming the call, wrapping its cancellation", err, err)
	}
	release()
	if a := <-got; a.err != nil || a.writes != 0 {
		t.Fatalf("the waiting caller got %d writes, %v; want 0 writes", a.writes, a.err)
	}
	if n := s.gets.Load(); n != 1 {
		t.Fatalf("%d requests, want 1: the read was sent again when its first caller gave up", n)
	}
}

// A read every caller gave up on is cancelled, and the next read starts
// afresh.
func TestReadCacheReadCancelledWhenEveryCallerGaveUp(t *testing.T) {
	var gets atomic.Int64
	cancelled, stop := make(chan struct{}), make(chan struct{})
	c := newCacheClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if gets.Add(1) == 1 {
			select {
			case <-r.Context().Done():
				close(cancelled)
			case <-stop: // the test failed: let the server close
			}
			return
		}
		_, _ = w.Write([]byte(`{"writes":0}`))
	}), time.Minute)
	defer close(stop)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := c.Do(ctx, Request{Operation: "list", Method: http.MethodGet, Path: []string{"list", "org-a"}, CacheParent: "org-a"}, nil)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v, want the deadline", err)
	}
	select {
	case <-cancelled:
	case <-time.After(5 * time.Second):
		t.Fatal("the read was not cancelled after its only caller gave up")
	}
	readList(t, c, "org-a")
	if n := gets.Load(); n != 2 {
		t.Fatalf("%d requests, want 2 (the abandoned read, then a fresh one)", n)
	}
}
