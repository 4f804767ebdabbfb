package sandbox

import (
	"bytes"
	"context"
	"math"
	"math/rand"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Faults injects failures into vendor requests. Rates are fractions in
// [0,1]; at most one fault applies per request, chosen by the seeded RNG.
type Faults struct {
	RateLimited float64       // 429 + Retry-After, alternating (by RNG) between seconds and HTTP-date form
	Locked      float64       // 423 + Retry-After
	ServerError float64       // one of 500, 502, 503, 504
	ResetBefore float64       // connection closed before the handler acts
	ResetAfter  float64       // handler acts (state changes), then the connection is closed with no response
	Latency     time.Duration // added to every vendor request
	// RetryAfter is sent on injected 429/423, in whole seconds rounded up.
	// The zero value sends "0" so tests that retry stay fast; tools/sandbox
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

// faultInjector holds the runtime-changeable faults, the seeded RNG and the
// token bucket. One mutex keeps the RNG sequence deterministic per request
// order.
type faultInjector struct {
	mu     sync.Mutex
	faults Faults
	rng    *rand.Rand
	rate   float64
	tokens float64
	last   time.Time
}

func (f *faultInjector) init(opts Options) {
	f.faults = opts.Faults
	f.rng = rand.New(rand.NewSource(opts.Seed))
	f.rate = opts.RateLimit
	f.tokens = math.Max(1, opts.RateLimit)
	f.last = time.Now()
}

// SetFaults replaces the fault configuration; safe while serving.
func (s *Server) SetFaults(f Faults) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.faults = f
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

// pick draws the same number of values for every request, so a replay with
// the same seed and request order yields the same faults whatever the rates.
func (f *faultInjector) pick(cfg Faults) decision {
	f.mu.Lock()
	p, sub, form := f.rng.Float64(), f.rng.Intn(len(serverErrors)), f.rng.Intn(2) == 1
	f.mu.Unlock()
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

// vendorHandler is the middleware in front of every vendor API: it logs the
// request, sets the tracking id, then applies latency, the rate limit and at
// most one injected fault before the vendor's routes run.
func (s *Server) vendorHandler(v *vendor) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e := LogEntry{
			Seq: s.log.nextSeq(), Time: time.Now(), Vendor: v.name,
			Method: r.Method, Path: r.URL.EscapedPath(), RawPath: r.URL.RawPath, Query: r.URL.RawQuery,
		}
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
		if !sleep(r.Context(), cfg.Latency) {
			return // client gone; logged with status 0
		}
		if wait, ok := s.faults.allow(time.Now()); !ok {
			e.Fault = FaultRateLimit
			sw.Header().Set("Retry-After", strconv.Itoa(max(1, ceilSeconds(wait))))
			v.writeError(sw, r, errorf(http.StatusTooManyRequests, "Too many requests have been sent; retry later."))
			return
		}
		d := s.faults.pick(cfg)
		e.Fault = d.kind
		switch d.kind {
		case FaultRateLimited:
			if d.httpDate {
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
			v.serve(sw, r)
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
