package client

import (
	"context"
	"errors"
	"net"
	"net/http"
	"sync"
)

// attemptLog records, for one Do, what each attempt's outcome says about
// whether the vendor may have acted. A write whose answer was lost (a dropped
// connection, a cancelled context, a gateway 5xx) may still have been done,
// and the provider must neither forget it (an orphaned grant) nor mistake the
// retry's "already exists" for someone else's object.
type attemptLog struct {
	mu      sync.Mutex
	unknown []bool // one per finished attempt: true when it may have reached the vendor unanswered
	// reached is true once an attempt may have reached the vendor (answered
	// or not): only then does the vendor know the request's tracking ID.
	reached bool
}

type attemptLogKey struct{}

func withAttemptLog(ctx context.Context) (context.Context, *attemptLog) {
	l := &attemptLog{}
	return context.WithValue(ctx, attemptLogKey{}, l), l
}

// record notes one attempt's result; it is called from checkRetry, once per
// attempt, with the attempt's context.
func recordAttempt(ctx context.Context, resp *http.Response, err error) {
	l, _ := ctx.Value(attemptLogKey{}).(*attemptLog)
	if l == nil {
		return
	}
	unknown := false
	switch {
	case err != nil:
		unknown = !neverSent(err)
	case resp != nil:
		unknown = statusMayHaveActed(resp.StatusCode)
	}
	l.mu.Lock()
	l.unknown = append(l.unknown, unknown)
	l.reached = l.reached || resp != nil || (err != nil && !neverSent(err))
	l.mu.Unlock()
}

// earlierUnknown reports whether an attempt before the last may have reached
// the vendor without an answer.
func (l *attemptLog) earlierUnknown() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, u := range l.unknown[:max(len(l.unknown)-1, 0)] {
		if u {
			return true
		}
	}
	return false
}

// anyReached reports whether any attempt may have reached the vendor.
func (l *attemptLog) anyReached() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.reached
}

// anyUnknown reports whether any attempt may have reached the vendor
// without an answer.
func (l *attemptLog) anyUnknown() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, u := range l.unknown {
		if u {
			return true
		}
	}
	return false
}

// neverSent reports transport failures that happen before a request leaves:
// a refused or unresolvable connection cannot have reached the vendor.
func neverSent(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	var dns *net.DNSError
	return errors.As(err, &dns)
}

// statusMayHaveActed: a 5xx (other than 501) may come from a gateway after
// the vendor did the work; every other status is the vendor's own verdict.
func statusMayHaveActed(code int) bool {
	return code >= 500 && code <= 599 && code != http.StatusNotImplemented
}

// MayHaveActed reports whether a failed write may nonetheless have taken
// effect at the vendor: its answer was lost after it was sent (dropped
// connection, cancellation, timeout), the last answer was a gateway 5xx, or
// an earlier attempt of the same call was lost before a later attempt was
// refused. Callers record such an object in state (unconfirmed) rather than
// forget it. A request that never left (no token, a refused connection, a
// context done before sending) did not act.
func MayHaveActed(err error) bool {
	if err == nil {
		return false
	}
	var te *TransportError
	if errors.As(err, &te) {
		return te.Sent
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.EarlierAttemptUnknown || statusMayHaveActed(apiErr.StatusCode)
	}
	var de *DecodeError
	return errors.As(err, &de) // a 2xx whose body we could not read: it acted
}

// AfterLostAttempt reports whether err is a vendor answer that came after an
// earlier attempt of the same call was lost: a "conflict" then may be that
// attempt's own doing rather than an object someone else made.
func AfterLostAttempt(err error) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.EarlierAttemptUnknown
}

type freshReadsKey struct{}

// WithFreshReads makes GETs under ctx bypass the read cache: polls that wait
// for the provider's own write to become visible must see the vendor's
// current answer, not a page read before the write was visible.
func WithFreshReads(ctx context.Context) context.Context {
	return context.WithValue(ctx, freshReadsKey{}, true)
}

// ReadsFresh reports whether ctx asks for fresh reads (WithFreshReads).
func ReadsFresh(ctx context.Context) bool {
	v, _ := ctx.Value(freshReadsKey{}).(bool)
	return v
}
