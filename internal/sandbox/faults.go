package sandbox

import (
	"bytes"
	"context"
	"encoding/binary"
	"hash/fnv"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Faults injects failures into vendor requests. Rates are fractions in
// [0,1]; at most one fault applies per request, chosen from a hash of the
// seed and the request itself (see faultInjector.pick).
type Faults struct {
	RateLimited float64       // 429 + Retry-After in seconds (or, with Options.RetryAfterHTTPDate, an HTTP-date for half of them, chosen by the same hash)
	Locked      float64       // 423 + Retry-After
	ServerError float64       // one of 500, 502, 503, 504
	ResetBefore float64       // connection closed before the handler acts
	ResetAfter  float64       // handler acts (state changes), then the connection is closed with no response
	Latency     time.Duration // added to every vendor request
	// RetryAfter is sent on injected 429/423, in whole seconds rounded up.
	// The zero value sends "0" so tests that retry stay fast; cmd/sandbox
	// defaults it to 1s.
	RetryAfter time.Duration
}

// Fault kinds as they appear in LogEntry.Fault and Stats.Faults.
const (
	FaultRateLimited = "429"
	FaultLocked      = "423"
	FaultServerError = "5xx"
	FaultResetBefore = "reset-before"
	FaultResetAfter  = "reset-after"
	FaultRateLimit   = "rate-limit" // Options.RateLimit exceeded, not random
)

var serverErrors = [...]int{http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout}

// faultInjector holds the runtime-changeable faults, the seed, how many times
// each request has been seen, and the token bucket.
type faultInjector struct {
	mu       sync.Mutex
	faults   Faults
	seed     int64
	attempts map[string]int // by method, escaped path and query
	rate     float64
	tokens   float64
	last     time.Time
	// changed is closed (and replaced) by SetFaults, so requests waiting
	// out their latency apply the new one at once.
	changed chan struct{}
	// held counts requests waiting out their latency now, peakHeld the
	// most at once: with one request's latency never holding up another's,
	// it reaches the number of requests sent together.
	held, peakHeld int
}

func (f *faultInjector) init(opts Options) {
	f.faults = opts.Faults
	f.seed = opts.Seed
	f.attempts = map[string]int{}
	f.rate = opts.RateLimit
	f.tokens = math.Max(1, opts.RateLimit)
	f.last = time.Now()
	f.changed = make(chan struct{})
}

// SetFaults replaces the fault configuration; safe while serving.
func (s *Server) SetFaults(f Faults) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.faults = f
	close(s.faults.changed)
	s.faults.changed = make(chan struct{})
}

// CurrentFaults returns the fault configuration in effect.
func (s *Server) CurrentFaults() Faults {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	return s.faults.faults
}

func (f *faultInjector) current() Faults {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.faults
}

// allow takes a token from the bucket; when empty it returns how long until
// the next token.
func (f *faultInjector) allow(now time.Time) (time.Duration, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.rate <= 0 {
		return 0, true
	}
	f.tokens = math.Min(math.Max(1, f.rate), f.tokens+now.Sub(f.last).Seconds()*f.rate)
	f.last = now
	if f.tokens >= 1 {
		f.tokens--
		return 0, true
	}
	return time.Duration((1 - f.tokens) / f.rate * float64(time.Second)), false
}

// decision is the fault chosen for one request.
type decision struct {
	kind     string
	status   int  // for 429/423/5xx
	httpDate bool // Retry-After as an HTTP date rather than seconds
}

// attempt counts one more arrival of the request (method, escaped path,
// query) and returns its number, from 1: the same request sent again (a
// retry, the next refresh) is the next attempt.
func (f *faultInjector) attempt(method, path, query string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	k := method + " " + path + "?" + query
	f.attempts[k]++
	return f.attempts[k]
}

// pick chooses the fault of one request from a hash of the seed, the request
// (method, escaped path, query) and its attempt number, never from arrival
// order: terraform sends requests in parallel, so a run with the same seed
// and the same IDs meets the same faults on the same requests whatever the
// interleaving. The same values are drawn whatever the rates, so changing
// one rate moves no other fault.
func (f *faultInjector) pick(cfg Faults, method, path, query string, attempt int) decision {
	f.mu.Lock()
	seed := f.seed
	f.mu.Unlock()
	h := fnv.New64a()
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], uint64(seed))
	h.Write(b[:])
	for _, s := range []string{method, path, query} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	binary.LittleEndian.PutUint64(b[:], uint64(attempt))
	h.Write(b[:])
	x := h.Sum64()
	p := float64(splitmix64(&x)>>11) / (1 << 53) // uniform in [0,1)
	sub := int(splitmix64(&x) % uint64(len(serverErrors)))
	form := splitmix64(&x)&1 == 1
	for _, c := range []struct {
		rate float64
		d    decision
	}{
		{cfg.RateLimited, decision{kind: FaultRateLimited, status: http.StatusTooManyRequests, httpDate: form}},
		{cfg.Locked, decision{kind: FaultLocked, status: http.StatusLocked}},
		{cfg.ServerError, decision{kind: FaultServerError, status: serverErrors[sub]}},
		{cfg.ResetBefore, decision{kind: FaultResetBefore}},
		{cfg.ResetAfter, decision{kind: FaultResetAfter}},
	} {
		if c.rate > 0 && p < c.rate {
			return c.d
		}
		p -= max(c.rate, 0)
	}
	return decision{}
}

// splitmix64 advances x and returns the next value of the SplitMix64
// sequence: well-mixed bits from the hash, with no RNG state to share.
func splitmix64(x *uint64) uint64 {
	*x += 0x9e3779b97f4a7c15
	z := *x
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// vendorHandler is the middleware in front of every vendor API: it logs the
// request, sets the tracking id, then applies latency, the rate limit and at
// most one injected fault before the vendor's routes run.
func (s *Server) vendorHandler(v *vendor) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e := LogEntry{
			Seq: s.log.nextSeq(), Time: time.Now(), Vendor: v.name,
			Method: r.Method, Path: r.URL.EscapedPath(), RawPath: r.URL.RawPath, Query: r.URL.RawQuery,
		}
		e.Attempt = s.faults.attempt(e.Method, e.Path, e.Query)
		info := &reqInfo{path: e.Path, trackingID: r.Header.Get(v.trackingHeader)}
		if info.trackingID == "" {
			info.trackingID = "SANDBOX_" + newUUID()
		}
		e.TrackingID = info.trackingID
		w.Header().Set(v.trackingHeader, info.trackingID)
		r = stripPrefix(withReqInfo(r, info), v.prefix)
		_, e.Route = v.mux.Handler(r)
		sw := &statusWriter{ResponseWriter: w}
		logged := false
		finish := func() {
			if !logged {
				logged = true
				e.Status, e.Acted = sw.status, info.didAct()
				var fault string
				e.Token, fault = info.tokenAndFault()
				if e.Fault == "" {
					e.Fault = fault
				}
				s.log.add(e)
			}
		}
		defer finish()
		info.flush = finish

		cfg := s.faults.current()
		if !s.faults.delay(r.Context()) {
			return // client gone; logged with status 0
		}
		if wait, ok := s.faults.allow(time.Now()); !ok {
			e.Fault = FaultRateLimit
			sw.Header().Set("Retry-After", strconv.Itoa(max(1, ceilSeconds(wait))))
			v.writeError(sw, r, errorf(http.StatusTooManyRequests, "Too many requests have been sent; retry later."))
			return
		}
		d := s.faults.pick(cfg, e.Method, e.Path, e.Query, e.Attempt)
		e.Fault = d.kind
		switch d.kind {
		case FaultRateLimited:
			if d.httpDate && s.opts.RetryAfterHTTPDate {
				sw.Header().Set("Retry-After", time.Now().Add(cfg.RetryAfter).UTC().Format(http.TimeFormat))
			} else {
				sw.Header().Set("Retry-After", strconv.Itoa(ceilSeconds(cfg.RetryAfter)))
			}
			v.writeError(sw, r, errorf(d.status, "Too many requests have been sent; retry later."))
		case FaultLocked:
			sw.Header().Set("Retry-After", strconv.Itoa(ceilSeconds(cfg.RetryAfter)))
			v.writeError(sw, r, errorf(d.status, "The requested resource is temporarily unavailable."))
		case FaultServerError:
			v.writeError(sw, r, errorf(d.status, "%s (injected by the sandbox).", http.StatusText(d.status)))
		case FaultResetBefore:
			finish() // before the close, so a client seeing the reset also sees the entry
			abort(w)
		case FaultResetAfter:
			v.serve(newBufferedWriter(), r)
			finish()
			abort(w)
		default:
			if !s.serveLate(v, sw, w, r, &e, finish) {
				v.serve(sw, r)
			}
		}
	})
}

// abort closes the client connection without a response. Where hijacking is
// not supported (HTTP/2, httptest.ResponseRecorder) it panics with
// http.ErrAbortHandler, which net/http treats as an abort without logging.
func abort(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}

// delay waits out the latency in effect, counted from the request's
// arrival: a SetFaults meanwhile applies at once. Each request waits on its
// own timer with no lock held, so concurrent requests overlap their
// latency as they would on a real network. It reports false if ctx ended.
func (f *faultInjector) delay(ctx context.Context) bool {
	start := time.Now()
	f.mu.Lock()
	f.held++
	f.peakHeld = max(f.peakHeld, f.held)
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		f.held--
		f.mu.Unlock()
	}()
	for {
		f.mu.Lock()
		d, changed := f.faults.Latency-time.Since(start), f.changed
		f.mu.Unlock()
		if d <= 0 {
			return ctx.Err() == nil
		}
		t := time.NewTimer(d)
		select {
		case <-t.C:
			return true
		case <-ctx.Done():
			t.Stop()
			return false
		case <-changed:
			t.Stop()
		}
	}
}

// heldInLatency returns the requests waiting out their latency now and the
// most at once so far.
func (f *faultInjector) heldInLatency() (now, peak int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.held, f.peakHeld
}

func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

func ceilSeconds(d time.Duration) int {
	if d <= 0 {
		return 0
	}
	return int(math.Ceil(d.Seconds()))
}

// statusWriter remembers the status written, for the log.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// bufferedWriter holds a response in memory: the handler's output for
// reset-after (then discarded) and the mux's own 404/405 (then rewritten).
type bufferedWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func newBufferedWriter() *bufferedWriter { return &bufferedWriter{header: http.Header{}} }

func (b *bufferedWriter) Header() http.Header { return b.header }

func (b *bufferedWriter) WriteHeader(code int) {
	if b.status == 0 {
		b.status = code
	}
}

func (b *bufferedWriter) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	return b.body.Write(p)
}

func (b *bufferedWriter) copyTo(w http.ResponseWriter) {
	for k, v := range b.header {
		w.Header()[k] = v
	}
	w.WriteHeader(max(b.status, http.StatusOK))
	_, _ = w.Write(b.body.Bytes())
}
