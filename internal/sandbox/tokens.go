package sandbox

import (
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// TokenFaults make the token endpoints (BlueXP's Auth0, CloudCockpit's
// Entra ID, Webex's /v1/access_token) misbehave, for the next token
// requests: each count applies to that many requests (a negative count to
// every one), checked in the order Hang, Reset, RateLimited, Unavailable.
type TokenFaults struct {
	// Hang holds the request open, answering nothing, until the client
	// gives up.
	Hang int
	// Reset drops the connection without an answer.
	Reset int
	// RateLimited answers 429 with Retry-After.
	RateLimited int
	// Unavailable answers 503 with Retry-After.
	Unavailable int
	// RetryAfter is sent with 429 and 503, in whole seconds rounded up.
	RetryAfter time.Duration
}

// Fault kinds of token endpoints, as in LogEntry.Fault.
const (
	FaultTokenHang        = "token-hang"
	FaultTokenReset       = "token-reset"
	FaultTokenRateLimited = "token-429"
	FaultTokenUnavailable = "token-503"
)

// tokenFaults is the remaining TokenFaults, shared by every token endpoint.
type tokenFaults struct {
	mu sync.Mutex
	f  TokenFaults
}

// SetTokenFaults replaces the token endpoints' faults; safe while serving.
func (s *Server) SetTokenFaults(f TokenFaults) {
	s.tokenFaults.mu.Lock()
	defer s.tokenFaults.mu.Unlock()
	s.tokenFaults.f = f
}

// take picks the fault for one token request and counts it down.
func (t *tokenFaults) take() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, c := range []struct {
		n    *int
		kind string
	}{
		{&t.f.Hang, FaultTokenHang},
		{&t.f.Reset, FaultTokenReset},
		{&t.f.RateLimited, FaultTokenRateLimited},
		{&t.f.Unavailable, FaultTokenUnavailable},
	} {
		if *c.n != 0 {
			if *c.n > 0 {
				*c.n--
			}
			return c.kind
		}
	}
	return ""
}

// tokenFault applies a token endpoint fault, if one is due, and reports
// whether it answered. writeErr writes the vendor's error body for a status.
func (s *Server) tokenFault(w http.ResponseWriter, r *http.Request, writeErr func(w http.ResponseWriter, status int, msg string)) bool {
	kind := s.tokenFaults.take()
	if kind == "" {
		return false
	}
	info := infoOf(r)
	info.mu.Lock()
	info.fault = kind
	info.mu.Unlock()
	retryAfter := func() {
		s.tokenFaults.mu.Lock()
		d := s.tokenFaults.f.RetryAfter
		s.tokenFaults.mu.Unlock()
		w.Header().Set("Retry-After", strconv.Itoa(ceilSeconds(d)))
	}
	switch kind {
	case FaultTokenHang:
		// Read the body first: net/http notices a client that hangs up
		// only once the body is consumed.
		_, _ = io.Copy(io.Discard, http.MaxBytesReader(w, r.Body, maxBodyBytes))
		<-r.Context().Done()
	case FaultTokenReset:
		if info.flush != nil {
			info.flush()
		}
		abort(w)
	case FaultTokenRateLimited:
		retryAfter()
		writeErr(w, http.StatusTooManyRequests, "Too many token requests; retry later.")
	case FaultTokenUnavailable:
		retryAfter()
		writeErr(w, http.StatusServiceUnavailable, "The token service is temporarily unavailable.")
	}
	return true
}

// tokenLifetime is Options.TokenLifetime, or the vendor's default.
func (s *Server) tokenLifetime(def time.Duration) time.Duration {
	if s.opts.TokenLifetime > 0 {
		return s.opts.TokenLifetime
	}
	return def
}
