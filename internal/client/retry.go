package client

import (
	"context"
	"errors"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// checkRetry decides whether an attempt is retried. It retries connection
// failures (including a response lost after the server acted: the vendor
// layer treats the resulting 409 as "already done" after a read-back), 429,
// 423, and 5xx except 501. Other 4xx are final: retrying cannot fix them.
func checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	recordAttempt(ctx, resp, err)
	if ctxErr := ctx.Err(); ctxErr != nil {
		return false, ctxErr
	}
	if err != nil {
		return retryableTransportError(err), nil
	}
	return RetryableStatus(resp.StatusCode), nil
}

// RetryableStatus reports whether a response status is worth another attempt.
func RetryableStatus(code int) bool {
	switch {
	case code == http.StatusTooManyRequests, code == http.StatusLocked:
		return true
	case code == http.StatusNotImplemented:
		return false
	case code >= 500 && code <= 599:
		return true
	}
	return false
}

func retryableTransportError(err error) bool {
	// A host that does not exist will not exist a few seconds later either
	// (a temporary DNS failure is not IsNotFound, and is retried).
	var dns *net.DNSError
	if errors.As(err, &dns) && dns.IsNotFound {
		return false
	}
	var uerr *url.Error
	if errors.As(err, &uerr) {
		msg := uerr.Err.Error()
		// Configuration mistakes do not heal with time.
		for _, permanent := range []string{"unsupported protocol scheme", "stopped after", "certificate", "x509"} {
			if strings.Contains(msg, permanent) {
				return false
			}
		}
	}
	return true
}

// backoff honours Retry-After (delta-seconds or HTTP date) on any status that
// carries it, capped by MaxRetryAfter; otherwise it is exponential with full
// jitter between RetryWaitMin and RetryWaitMax.
func (c *Client) backoff(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil {
		if d, ok := ParseRetryAfter(resp.Header.Get("Retry-After"), c.now()); ok {
			return min(d, c.opts.MaxRetryAfter)
		}
	}
	return jitteredBackoff(minWait, maxWait, attempt)
}

func jitteredBackoff(minWait, maxWait time.Duration, attempt int) time.Duration {
	ceiling := minWait << min(attempt, 20)
	if ceiling <= 0 || ceiling > maxWait {
		ceiling = maxWait
	}
	if ceiling <= minWait {
		return minWait
	}
	return minWait + rand.N(ceiling-minWait)
}

// MaxParsedRetryAfter bounds what ParseRetryAfter returns; Client caps it
// further with Options.MaxRetryAfter.
const MaxParsedRetryAfter = 24 * time.Hour

// ParseRetryAfter parses a Retry-After value: delta-seconds (digits only) or
// an HTTP date, relative to now (a past date is 0). Very long waits are
// clamped to MaxParsedRetryAfter rather than rejected, so the caller's cap
// applies instead of a short jittered retry. Malformed values (seen in the
// wild: "soon", "-1", "1.5") report false so the caller falls back to backoff.
func ParseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if isDigits(v) {
		secs, err := strconv.ParseInt(v, 10, 64)
		if err != nil || secs > int64(MaxParsedRetryAfter/time.Second) { // only overflow fails
			return MaxParsedRetryAfter, true
		}
		return time.Duration(secs) * time.Second, true
	}
	if at, err := http.ParseTime(v); err == nil {
		return min(max(at.Sub(now), 0), MaxParsedRetryAfter), true
	}
	return 0, false
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
