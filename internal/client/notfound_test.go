package client

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// rootServer serves one object path that answers 404 with objBody and the
// root check path answering rootStatus (changeable), counting root checks.
type rootServer struct {
	srv        *httptest.Server
	rootHits   atomic.Int32
	rootStatus atomic.Int32
	objStatus  int
	objBody    string
	release    chan struct{} // when set, the root check waits for it
}

const vendorBody = `{"message":"gone","trackingId":"T1"}`

func newRootServer(t *testing.T, objStatus int, objBody string) *rootServer {
	t.Helper()
	rs := &rootServer{objStatus: objStatus, objBody: objBody}
	rs.rootStatus.Store(http.StatusOK)
	rs.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/v1/me":
			rs.rootHits.Add(1)
			if rs.release != nil {
				<-rs.release
			}
			w.WriteHeader(int(rs.rootStatus.Load()))
			_, _ = io.WriteString(w, `{}`)
		case "/api/v1/things/x":
			w.WriteHeader(rs.objStatus)
			_, _ = io.WriteString(w, rs.objBody)
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	t.Cleanup(rs.srv.Close)
	return rs
}

// client is a Client with a root check and a vendor-body test shaped like
// Webex's (message and trackingId).
func (rs *rootServer) client(t *testing.T) *Client {
	return newTestClient(t, rs.srv, func(o *Options) {
		o.BaseURL = rs.srv.URL + "/api"
		o.RootCheck = &Request{Method: http.MethodGet, Path: []string{"v1", "me"}}
		o.VendorErrorBody = func(_ int, body []byte) bool {
			var b struct{ Message, TrackingID string }
			return json.Unmarshal(body, &b) == nil && b.Message != "" && b.TrackingID != ""
		}
		o.BaseURLSetting = "acme.base_url"
		o.MaxRetries = -1
	})
}

func getThing(c *Client) error {
	_, err := c.Do(context.Background(), Request{Operation: "read thing", Method: http.MethodGet, Path: []string{"v1", "things", "x"}}, nil)
	return err
}

func TestNotFoundProvenByVendorBodyAndVerifiedRoot(t *testing.T) {
	for _, status := range []int{http.StatusNotFound, http.StatusGone} {
		rs := newRootServer(t, status, vendorBody)
		err := getThing(rs.client(t))
		if !IsNotFound(err) || IsUnprovenNotFound(err) {
			t.Errorf("%d with the vendor's body at a verified root: IsNotFound = %v, unproven = %v (%v)", status, IsNotFound(err), IsUnprovenNotFound(err), err)
		}
		if strings.Contains(err.Error(), "not taken as proof") {
			t.Errorf("a proven %d says it is not proof: %v", status, err)
		}
		if rs.rootHits.Load() != 1 {
			t.Errorf("root checked %d times, want 1", rs.rootHits.Load())
		}
	}
}

func TestNotFoundWithoutVendorBodyIsUnproven(t *testing.T) {
	for name, body := range map[string]string{
		"empty":         ``,
		"gateway text":  `404 page not found`,
		"other JSON":    `{"message":"Not Found"}`,
		"HTML":          `<html><body>Not Found</body></html>`,
		"vendor-ish []": `[]`,
	} {
		rs := newRootServer(t, http.StatusNotFound, body)
		err := getThing(rs.client(t))
		if IsNotFound(err) || !IsUnprovenNotFound(err) {
			t.Errorf("%s body: IsNotFound = %v, want false (%v)", name, IsNotFound(err), err)
			continue
		}
		if StatusOf(err) != http.StatusNotFound {
			t.Errorf("%s body: StatusOf = %d, want the 404 still reported", name, StatusOf(err))
		}
		msg := err.Error()
		for _, want := range []string{"not Acme's error body", "the base URL " + rs.srv.URL + "/api is probably wrong", "acme.base_url"} {
			if !strings.Contains(msg, want) {
				t.Errorf("%s body: error %q does not say %q", name, msg, want)
			}
		}
		if rs.rootHits.Load() != 0 {
			t.Errorf("%s body: the root was checked, though the body alone rules the 404 out", name)
		}
	}
}

func TestNotFoundAtUnverifiedRootIsUnprovenAndNamesTheURLs(t *testing.T) {
	rs := newRootServer(t, http.StatusNotFound, vendorBody)
	rs.rootStatus.Store(http.StatusNotFound)
	err := getThing(rs.client(t))
	if IsNotFound(err) || !IsUnprovenNotFound(err) {
		t.Fatalf("404 with the vendor's body but a failing root check: IsNotFound = %v (%v)", IsNotFound(err), err)
	}
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("not an *APIError: %T", err)
	}
	detail := apiErr.Detail()
	for _, want := range []string{
		"GET " + rs.srv.URL + "/api/v1/me",
		"HTTP 404",
		"the base URL " + rs.srv.URL + "/api is probably wrong; check acme.base_url",
		"nothing was removed from state",
		`"message":"gone"`, // the vendor's own answer is still shown
	} {
		if !strings.Contains(detail, want) {
			t.Errorf("detail does not say %q:\n%s", want, detail)
		}
	}
}

func TestRootCheckFailureIsNotCachedSuccessIs(t *testing.T) {
	rs := newRootServer(t, http.StatusNotFound, vendorBody)
	c := rs.client(t)
	rs.rootStatus.Store(http.StatusServiceUnavailable)
	if err := getThing(c); IsNotFound(err) {
		t.Fatalf("root check answered 503, yet the 404 was taken as proof: %v", err)
	}
	rs.rootStatus.Store(http.StatusOK)
	for i := range 3 {
		if err := getThing(c); !IsNotFound(err) {
			t.Fatalf("404 #%d after the root check succeeded: IsNotFound false (%v)", i+2, err)
		}
	}
	if got := rs.rootHits.Load(); got != 2 {
		t.Errorf("root checked %d times, want 2 (the failure again, then the success once)", got)
	}
	// Once verified, a later failure of the root endpoint changes nothing:
	// the check is not repeated.
	rs.rootStatus.Store(http.StatusNotFound)
	if err := getThing(c); !IsNotFound(err) {
		t.Errorf("verified root: %v", err)
	}
	if got := rs.rootHits.Load(); got != 2 {
		t.Errorf("root checked %d times after it was verified, want no more", got)
	}
}

func TestRootCheckSharedByConcurrent404s(t *testing.T) {
	rs := newRootServer(t, http.StatusNotFound, vendorBody)
	rs.release = make(chan struct{})
	c := rs.client(t)
	const n = 6
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = getThing(c)
		}()
	}
	// Let the one check in flight finish once every caller is waiting.
	for rs.rootHits.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond)
	close(rs.release)
	wg.Wait()
	for i, err := range errs {
		if !IsNotFound(err) {
			t.Errorf("caller %d: %v", i, err)
		}
	}
	if got := rs.rootHits.Load(); got != 1 {
		t.Errorf("root checked %d times by %d concurrent 404s, want 1", got, n)
	}
}

func TestNoRootCheckTakes404AtItsWord(t *testing.T) {
	srv, _ := serve(t, status(http.StatusNotFound, ``))
	c := newTestClient(t, srv, nil)
	_, err := c.Do(context.Background(), Request{Operation: "x", Method: http.MethodGet, Path: []string{"x"}}, nil)
	if !IsNotFound(err) {
		t.Errorf("without a RootCheck a 404 is not found: %v", err)
	}
}

func TestNotFoundOnlyJudges404And410(t *testing.T) {
	rs := newRootServer(t, http.StatusBadRequest, ``)
	err := getThing(rs.client(t))
	if IsUnprovenNotFound(err) || rs.rootHits.Load() != 0 || strings.Contains(err.Error(), "probably wrong") {
		t.Errorf("a 400 was judged as a 404: %v (root checks %d)", err, rs.rootHits.Load())
	}
}

// The root check takes a concurrency slot of its own: 404s that fill every
// slot must not wait forever for it.
func TestRootCheckDoesNotDeadlockOnSlots(t *testing.T) {
	rs := newRootServer(t, http.StatusNotFound, vendorBody)
	c := newTestClient(t, rs.srv, func(o *Options) {
		o.BaseURL = rs.srv.URL + "/api"
		o.RootCheck = &Request{Method: http.MethodGet, Path: []string{"v1", "me"}}
		o.MaxConcurrency = 1
	})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err := c.Do(ctx, Request{Operation: "read thing", Method: http.MethodGet, Path: []string{"v1", "things", "x"}}, nil)
	if !IsNotFound(err) {
		t.Fatalf("with one slot: %v", err)
	}
}

// A root check shared by several 404s outlives the caller that started it:
// the others get its verdict, and the root is checked once.
func TestRootCheckOutlivesOneCaller(t *testing.T) {
	rs := newRootServer(t, http.StatusNotFound, vendorBody)
	rs.release = make(chan struct{})
	var once sync.Once
	release := func() { once.Do(func() { close(rs.release) }) }
	defer release() // the server cannot close while the check is held
	c := rs.client(t)
	short, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		_, err := c.Do(short, Request{Operation: "read thing", Method: http.MethodGet, Path: []string{"v1", "things", "x"}}, nil)
		errc <- err
	}()
	long := make(chan error, 1)
	go func() { long <- getThing(c) }()
	waiters := func() int {
		c.root.mu.Lock()
		defer c.root.mu.Unlock()
		if c.root.flight == nil {
			return 0
		}
		return c.root.flight.waiters
	}
	for deadline := time.Now().Add(5 * time.Second); waiters() < 2; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d callers wait for the root check, want 2", waiters())
		}
	}
	cancel()
	if err := <-errc; IsNotFound(err) || !IsUnprovenNotFound(err) || !strings.Contains(err.Error(), "context canceled") {
		t.Fatalf("the caller that gave up: %v; want its 404 unproven by its cancelled check", err)
	}
	release()
	if err := <-long; !IsNotFound(err) {
		t.Fatalf("the waiting caller: %v; want the 404 proven by the shared check", err)
	}
	if n := rs.rootHits.Load(); n != 1 {
		t.Errorf("root checked %d times, want 1", n)
	}
}
