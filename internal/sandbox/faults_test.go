package sandbox

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math/rand"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestFaultModes(t *testing.T) {
	cases := []struct {
		name   string
		faults Faults
		status []int // acceptable statuses
		fault  string
		check  func(t *testing.T, r resp)
	}{
		{"429", Faults{RateLimited: 1, RetryAfter: 2 * time.Second}, []int{429}, FaultRateLimited, func(t *testing.T, r resp) {
			if ra := r.header.Get("Retry-After"); ra != "2" {
				t.Errorf("Retry-After %q, want 2 (seconds, as Cisco documents)", ra)
			}
			r.webexErr(t)
		}},
		{"423", Faults{Locked: 1}, []int{423}, FaultLocked, func(t *testing.T, r resp) {
			if ra := r.header.Get("Retry-After"); ra != "0" {
				t.Errorf("Retry-After %q, want 0 for RetryAfter 0", ra)
			}
			r.webexErr(t)
		}},
		{"5xx", Faults{ServerError: 1}, []int{500, 502, 503, 504}, FaultServerError, func(t *testing.T, r resp) { r.webexErr(t) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t, Options{Faults: c.faults})
			r := e.do("POST", assignPath(e.demo.AcmeOrgID, e.demo.AliceID), "")
			if !slices.Contains(c.status, r.status) {
				t.Fatalf("status %d, want one of %v", r.status, c.status)
			}
			c.check(t, r)
			if len(e.s.Webex().Assignments(e.demo.AcmeOrgID)) != 0 {
				t.Error("a faulted request changed state")
			}
			log := e.s.Log()
			if len(log) != 1 || log[0].Fault != c.fault || log[0].Status != r.status || log[0].Acted {
				t.Errorf("log %+v", log)
			}
			if e.s.Stats().Faults[c.fault] != 1 {
				t.Errorf("stats %+v", e.s.Stats())
			}
		})
	}
}

// Cisco's 429 documents Retry-After in seconds: the default sends only
// that; the RetryAfterHTTPDate reading alternates with the HTTP-date form.
func TestRetryAfterAlternatesForms(t *testing.T) {
	for _, c := range []struct {
		name      string
		httpDate  bool
		wantDates bool
	}{{"seconds by default", false, false}, {"HTTP-date reading", true, true}} {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t, Options{Faults: Faults{RateLimited: 1, RetryAfter: time.Second}, Seed: 7, RetryAfterHTTPDate: c.httpDate})
			var secs, dates int
			for range 20 {
				ra := e.do("GET", adminsPath(e.demo.AcmeOrgID), "").want(t, 429).header.Get("Retry-After")
				if ra == "1" {
					secs++
				} else if _, err := http.ParseTime(ra); err == nil {
					dates++
				} else {
					t.Fatalf("Retry-After %q", ra)
				}
			}
			if secs == 0 || (dates > 0) != c.wantDates {
				t.Errorf("seconds %d, dates %d: want dates %v", secs, dates, c.wantDates)
			}
		})
	}
}

func TestFaultResetBefore(t *testing.T) {
	e := newEnv(t, Options{Faults: Faults{ResetBefore: 1}})
	_, err := e.try("POST", assignPath(e.demo.AcmeOrgID, e.demo.AliceID), "")
	if err == nil {
		t.Fatal("want a connection error")
	}
	if len(e.s.Webex().Assignments(e.demo.AcmeOrgID)) != 0 {
		t.Error("reset-before changed state")
	}
	log := e.s.Log()
	if len(log) != 1 || log[0].Fault != FaultResetBefore || log[0].Status != 0 || log[0].Acted {
		t.Errorf("log %+v", log)
	}
}

func TestFaultResetAfter(t *testing.T) {
	e := newEnv(t, Options{Faults: Faults{ResetAfter: 1}})
	_, err := e.try("POST", assignPath(e.demo.AcmeOrgID, e.demo.AliceID), "")
	if err == nil {
		t.Fatal("want a connection error")
	}
	if got := e.s.Webex().Assignments(e.demo.AcmeOrgID); len(got) != 1 {
		t.Errorf("reset-after did not change state: %v", got)
	}
	log := e.s.Log()
	if len(log) != 1 || log[0].Fault != FaultResetAfter || log[0].Status != 0 || !log[0].Acted {
		t.Errorf("log %+v", log)
	}
	// The retry the client would make now conflicts, as with the real API.
	e.s.SetFaults(Faults{})
	e.do("POST", assignPath(e.demo.AcmeOrgID, e.demo.AliceID), "").want(t, 409)
}

func TestResetWithoutHijackAborts(t *testing.T) {
	s := New(Options{Faults: Faults{ResetBefore: 1}})
	req := httptest.NewRequest("GET", "/webex/v1/partner/organizations?managedBy=x", nil)
	defer func() {
		if v := recover(); v != http.ErrAbortHandler {
			t.Errorf("recovered %v, want http.ErrAbortHandler", v)
		}
		if log := s.Log(); len(log) != 1 || log[0].Fault != FaultResetBefore {
			t.Errorf("log %+v", log)
		}
	}()
	s.ServeHTTP(httptest.NewRecorder(), req)
}

func TestFaultReplayIsDeterministic(t *testing.T) {
	run := func(seed int64) []string {
		s := New(Options{Seed: seed, Faults: Faults{RateLimited: 0.2, Locked: 0.1, ServerError: 0.2}})
		d := s.SeedDemo()
		var out []string
		for range 40 {
			rec := httptest.NewRecorder()
			req := httptest.NewRequest("GET", adminsPath(d.AcmeOrgID), nil)
			req.Header.Set("Authorization", "Bearer "+DefaultWebexToken)
			s.ServeHTTP(rec, req)
			out = append(out, strconv.Itoa(rec.Code))
		}
		return out
	}
	a, b, c := run(42), run(42), run(43)
	if !slices.Equal(a, b) {
		t.Errorf("same seed, different faults:\n%v\n%v", a, b)
	}
	if slices.Equal(a, c) {
		t.Errorf("different seeds gave identical faults %v", a)
	}
	if !slices.Contains(a, "200") || !slices.Contains(a, "429") {
		t.Errorf("expected a mix: %v", a)
	}
}

// TestFaultChoiceIgnoresArrivalOrder sends the same requests (three attempts
// at each of 30 paths, with and without a query) in two different orders to
// two servers with the same seed: each (method, path, query, attempt) meets
// the same fault in both, as terraform's parallel requests need for a run to
// replay. A third server with another seed must differ.
func TestFaultChoiceIgnoresArrivalOrder(t *testing.T) {
	type key struct {
		method, path, query string
		attempt             int
	}
	var reqs []key
	for i := range 30 {
		p := adminsPath(fmt.Sprintf("org-%d", i))
		for _, q := range []string{"", "start=100"} {
			for _, m := range []string{"GET", "DELETE"} {
				reqs = append(reqs, key{method: m, path: p, query: q})
			}
		}
	}
	run := func(seed int64, order []int) map[key]string {
		s := New(Options{Seed: seed, Faults: Faults{RateLimited: 0.2, Locked: 0.1, ServerError: 0.2}})
		for _, i := range order {
			k := reqs[i%len(reqs)]
			u := k.path
			if k.query != "" {
				u += "?" + k.query
			}
			s.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(k.method, u, nil))
		}
		out := map[key]string{}
		for _, e := range s.Log() {
			out[key{e.Method, e.Path, e.Query, e.Attempt}] = e.Fault + " " + strconv.Itoa(e.Status)
		}
		return out
	}
	forward := make([]int, 3*len(reqs))
	for i := range forward {
		forward[i] = i
	}
	shuffled := slices.Clone(forward)
	rand.New(rand.NewSource(1)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	a, b, c := run(42, forward), run(42, shuffled), run(43, forward)
	if len(a) != 3*len(reqs) {
		t.Fatalf("%d distinct (request, attempt) logged, want %d: attempts are not counted per request", len(a), 3*len(reqs))
	}
	faulted := 0
	for k, v := range a {
		if b[k] != v {
			t.Errorf("%v: %q in one order, %q in another", k, v, b[k])
		}
		if !strings.HasPrefix(v, " ") {
			faulted++
		}
	}
	if faulted == 0 || faulted == len(a) {
		t.Errorf("%d of %d faulted, want a mix", faulted, len(a))
	}
	if maps.Equal(a, c) {
		t.Error("another seed gave the same faults")
	}
}

func TestRateLimit(t *testing.T) {
	e := newEnv(t, Options{RateLimit: 2})
	var limited []resp
	for range 6 {
		if r := e.do("GET", adminsPath(e.demo.AcmeOrgID), ""); r.status == 429 {
			limited = append(limited, r)
		}
	}
	if len(limited) < 3 {
		t.Fatalf("%d of 6 rapid requests limited at 2/s, want >= 3", len(limited))
	}
	r := limited[0]
	if n, err := strconv.Atoi(r.header.Get("Retry-After")); err != nil || n < 1 {
		t.Errorf("Retry-After %q", r.header.Get("Retry-After"))
	}
	r.webexErr(t)
	if e.s.Stats().Faults[FaultRateLimit] != len(limited) {
		t.Errorf("stats %+v", e.s.Stats())
	}
	// Admin requests are never limited or logged.
	for range 5 {
		e.do("GET", "/_sandbox/stats", "").want(t, 200)
	}
	time.Sleep(600 * time.Millisecond)
	e.do("GET", adminsPath(e.demo.AcmeOrgID), "").want(t, 200)
}

func TestLatencyRespectsCancellation(t *testing.T) {
	e := newEnv(t, Options{Faults: Faults{Latency: 5 * time.Second}})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", e.ts.URL+adminsPath(e.demo.AcmeOrgID), nil)
	start := time.Now()
	_, err := e.hc.Do(req)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err %v", err)
	}
	// The handler must return promptly too; the log entry proves it finished.
	for time.Since(start) < 2*time.Second && len(e.s.Log()) == 0 {
		time.Sleep(10 * time.Millisecond)
	}
	if log := e.s.Log(); len(log) != 1 || log[0].Status != 0 {
		t.Errorf("log %+v", log)
	}

	e.s.SetFaults(Faults{Latency: 50 * time.Millisecond})
	start = time.Now()
	e.do("GET", adminsPath(e.demo.AcmeOrgID), "").want(t, 200)
	if time.Since(start) < 50*time.Millisecond {
		t.Error("latency not applied")
	}
}

// TestLatencyOverlapsBetweenRequests holds n requests in an hour-long
// latency until every one of them is waiting at once, then lifts the
// latency: they all answer. Were one request's latency to hold up another
// (a lock around the wait), at most one would ever be waiting and the
// requests would never all be held.
func TestLatencyOverlapsBetweenRequests(t *testing.T) {
	const n = 8
	e := newEnv(t, Options{Faults: Faults{Latency: time.Hour}})
	path := adminsPath(e.demo.AcmeOrgID)
	statuses := make(chan int, n)
	for range n {
		go func() {
			r, err := e.try("GET", path, "")
			if err != nil {
				t.Error(err)
			}
			statuses <- r.status
		}()
	}
	// Not a timing threshold: a bound on how long to wait for the
	// structural condition before calling it broken.
	deadline := time.Now().Add(30 * time.Second)
	for {
		if now, _ := e.s.faults.heldInLatency(); now == n {
			break
		}
		if time.Now().After(deadline) {
			now, peak := e.s.faults.heldInLatency()
			e.s.SetFaults(Faults{}) // release them, or the server's Close waits an hour
			t.Fatalf("%d requests held in latency at once (peak %d), want %d", now, peak, n)
		}
		time.Sleep(time.Millisecond)
	}
	e.s.SetFaults(Faults{}) // the held requests apply the new latency at once
	for range n {
		if s := <-statuses; s != 200 {
			t.Errorf("status %d, want 200", s)
		}
	}
	if now, peak := e.s.faults.heldInLatency(); now != 0 || peak != n {
		t.Errorf("held %d, peak %d after the requests, want 0 and %d", now, peak, n)
	}
	if st := e.s.Stats(); st.Requests != n {
		t.Errorf("%d requests logged, want %d", st.Requests, n)
	}
}
