package client

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"testing"
	"time"
)

var fixedNow = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

func TestParseRetryAfter(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"0", 0, true},
		{"5", 5 * time.Second, true},
		{" 120 ", 2 * time.Minute, true},
		{"86400", 24 * time.Hour, true},
		{"86401", MaxParsedRetryAfter, true},
		{"99999999999999999999999", MaxParsedRetryAfter, true},
		{fixedNow.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{"Sat, 01 Mar 2025 12:00:30 GMT", 30 * time.Second, true},
		{"Saturday, 01-Mar-25 12:00:10 GMT", 10 * time.Second, true}, // RFC 850
		{"Sat Mar  1 12:00:20 2025", 20 * time.Second, true},         // ANSI C
		{fixedNow.Add(-time.Hour).Format(http.TimeFormat), 0, true},
		{fixedNow.Add(72 * time.Hour).Format(http.TimeFormat), MaxParsedRetryAfter, true},
		{"", 0, false},
		{"soon", 0, false},
		{"-1", 0, false},
		{"+5", 0, false},
		{"1.5", 0, false},
		{"1e3", 0, false},
		{"0x10", 0, false},
		{"5 s", 0, false},
		{"2025-03-01T12:00:30Z", 0, false},
	}
	for _, tc := range cases {
		got, ok := ParseRetryAfter(tc.in, fixedNow)
		if got != tc.want || ok != tc.ok {
			t.Errorf("ParseRetryAfter(%q) = %s, %v; want %s, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func FuzzParseRetryAfter(f *testing.F) {
	for _, s := range []string{"0", "120", "-1", "1.5", "soon", "", " 7 ", "99999999999999999999",
		"Sat, 01 Mar 2025 12:00:30 GMT", "Mon, 02 Jan 2006 15:04:05 GMT", "Saturday, 01-Mar-25 12:00:10 GMT", "Sat Mar  1 12:00:20 2025",
		"Fri, 31 Dec 9999 23:59:59 GMT", "Mon, 01 Jan 0001 00:00:00 GMT"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := ParseRetryAfter(s, fixedNow)
		if !ok && d != 0 {
			t.Fatalf("ParseRetryAfter(%q) = %s, false", s, d)
		}
		if d < 0 || d > MaxParsedRetryAfter {
			t.Fatalf("ParseRetryAfter(%q) = %s, out of [0, %s]", s, d, MaxParsedRetryAfter)
		}
	})
}

func withRetryAfter(v string) *http.Response {
	return &http.Response{StatusCode: 429, Header: http.Header{"Retry-After": {v}}}
}

func TestBackoff(t *testing.T) {
	t.Parallel()
	c, err := New(Options{BaseURL: "https://h", MaxRetryAfter: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	c.now = func() time.Time { return fixedNow }
	minW, maxW := 10*time.Millisecond, 80*time.Millisecond
	for in, want := range map[string]time.Duration{
		"3":    3 * time.Second,
		"0":    0,
		"60":   time.Minute,
		"3600": time.Minute, // capped by MaxRetryAfter
		fixedNow.Add(15 * time.Second).Format(http.TimeFormat): 15 * time.Second,
		fixedNow.Add(time.Hour).Format(http.TimeFormat):        time.Minute,
		fixedNow.Add(-time.Hour).Format(http.TimeFormat):       0,
	} {
		if got := c.backoff(minW, maxW, 2, withRetryAfter(in)); got != want {
			t.Errorf("Retry-After %q: backoff %s, want %s", in, got, want)
		}
	}
	// Malformed values and no response fall back to jitter within [min, max].
	for _, in := range []string{"soon", "-1", "1.5", ""} {
		seen := map[time.Duration]bool{}
		for attempt := range 200 {
			d := c.backoff(minW, maxW, attempt%8, withRetryAfter(in))
			if d < minW || d > maxW {
				t.Fatalf("Retry-After %q attempt %d: backoff %s outside [%s, %s]", in, attempt%8, d, minW, maxW)
			}
			seen[d] = true
		}
		if len(seen) < 10 {
			t.Errorf("Retry-After %q: only %d distinct waits: no jitter?", in, len(seen))
		}
	}
	if d := c.backoff(minW, maxW, 1, nil); d < minW || d > 2*minW {
		t.Errorf("attempt 1 without response: %s, want within [min, 2*min]", d)
	}
}

func TestJitteredBackoffBounds(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ minW, maxW time.Duration }{
		{time.Millisecond, time.Second}, {time.Second, time.Second}, {time.Second, time.Millisecond},
		{500 * time.Millisecond, 30 * time.Second}, {time.Hour, 2 * time.Hour},
	} {
		for attempt := range 70 {
			d := jitteredBackoff(tc.minW, tc.maxW, attempt)
			if d < tc.minW || d > max(tc.minW, tc.maxW) {
				t.Fatalf("jitteredBackoff(%s, %s, %d) = %s", tc.minW, tc.maxW, attempt, d)
			}
			if attempt == 0 && d > 2*tc.minW {
				t.Errorf("first retry %s exceeds 2*min", d)
			}
		}
	}
}

func TestCheckRetry(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if retry, err := checkRetry(cancelled, &http.Response{StatusCode: 503}, nil); retry || !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v %v", retry, err)
	}
	for err, want := range map[error]bool{
		&url.Error{Op: "Get", URL: "u", Err: io.EOF}:                                                                   true,
		&url.Error{Op: "Get", URL: "u", Err: errors.New("connection reset by peer")}:                                   true,
		&url.Error{Op: "Get", URL: "u", Err: errors.New("unsupported protocol scheme \"\"")}:                           false,
		&url.Error{Op: "Get", URL: "u", Err: errors.New("tls: failed to verify certificate: x509: unknown authority")}: false,
		&url.Error{Op: "Get", URL: "u", Err: errors.New("stopped after 10 redirects")}:                                 false,
		fmt.Errorf("dial: %w", io.ErrUnexpectedEOF):                                                                    true,
	} {
		if retry, cerr := checkRetry(ctx, nil, err); retry != want || cerr != nil {
			t.Errorf("%v: retry %v (%v), want %v", err, retry, cerr, want)
		}
	}
	for code, want := range map[int]bool{200: false, 301: false, 400: false, 401: false, 404: false, 409: false, 423: true, 429: true, 500: true, 501: false, 502: true, 503: true, 504: true, 599: true} {
		if RetryableStatus(code) != want {
			t.Errorf("RetryableStatus(%d) = %v", code, !want)
		}
	}
}
