package client

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
)

// A 404 is the vendor's word that an object is gone only when two things
// hold: the body is the vendor's own error shape (a proxy, gateway or wrong
// host answers with something else), and the base URL is known to reach the
// vendor's API, because a vendor also answers an unknown path with its usual
// error body (Webex documents 404 for "the URI requested is invalid"). The
// second is proven by a documented endpoint at the same root answering 2xx
// (Options.RootCheck), once per Client. Anything less leaves the 404 marked
// Unproven, which IsNotFound refuses: a Read keeps state and fails, a
// destroy fails instead of reporting "0 destroyed" while the grant remains.

// rootProof remembers whether the API root was verified. Only a success is
// kept; a failed check runs again at the next 404.
type rootProof struct {
	mu     sync.Mutex
	ok     bool
	flight *flight[struct{}] // the check in flight
}

// judgeNotFound marks a 404 or 410 Unproven unless it proves absence.
func (c *Client) judgeNotFound(ctx context.Context, e *APIError, body []byte) {
	if c.opts.RootCheck == nil || (e.StatusCode != http.StatusNotFound && e.StatusCode != http.StatusGone) {
		return
	}
	if c.opts.VendorErrorBody != nil && !c.opts.VendorErrorBody(e.StatusCode, body) {
		e.Unproven = fmt.Sprintf("the answer is not %s's error body, so it may come from a proxy, a gateway or another service rather than "+
			"%s's API; %s", c.opts.Vendor, c.opts.Vendor, c.baseURLAdvice())
		return
	}
	if err := c.verifyRoot(ctx); err != nil {
		e.Unproven = fmt.Sprintf("%s %s, a documented endpoint at the same API root, also failed (%v); %s",
			c.opts.RootCheck.Method, redactURL(c.rootCheckURL()), err, c.baseURLAdvice())
	}
}

func (c *Client) baseURLAdvice() string {
	s := fmt.Sprintf("the base URL %s is probably wrong", redactURL(c.base))
	if c.opts.BaseURLSetting != "" {
		s += "; check " + c.opts.BaseURLSetting
	}
	return s
}

func (c *Client) rootCheckURL() *url.URL {
	u, err := c.resolve(*c.opts.RootCheck)
	if err != nil {
		return c.base
	}
	return u
}

// verifyRoot runs Options.RootCheck unless it already succeeded. Concurrent
// callers share one check in flight (see flight).
func (c *Client) verifyRoot(ctx context.Context) error {
	p := &c.root
	p.mu.Lock()
	if p.ok {
		p.mu.Unlock()
		return nil
	}
	f := p.flight
	if f == nil {
		f = fly(ctx, &p.mu, func(ctx context.Context) (struct{}, error) { return struct{}{}, c.checkRoot(ctx) },
			func(_ struct{}, err error) {
				if err == nil {
					p.ok = true
				}
				if p.flight == f {
					p.flight = nil
				}
			})
		p.flight = f
	}
	_, err := f.wait(ctx, func() {
		if p.flight == f {
			p.flight = nil
		}
	})
	return err
}

func (c *Client) checkRoot(ctx context.Context) error {
	req := *c.opts.RootCheck
	req.rootCheck = true
	req.CacheParent = ""
	if req.Operation == "" {
		req.Operation = "verify API root"
	}
	target, err := c.resolve(req)
	if err != nil {
		return err
	}
	_, _, err = c.exchange(ctx, req, target, nil, nil)
	return err
}

// ParseBaseURLWithoutV1 is ParseBaseURL for a vendor whose every path starts
// with /v1: a base URL that ends in /v1 (as vendors' docs often write the
// root) would call /v1/v1/… and get 404 for everything. It is refused, not
// trimmed, so the configuration says what is really called, and the message
// gives the corrected URL.
func ParseBaseURLWithoutV1(raw, vendor string) error {
	u, err := ParseBaseURL(raw)
	if err != nil {
		return err
	}
	p := strings.TrimRight(u.Path, "/")
	if strings.HasSuffix(strings.ToLower(p), "/v1") {
		fixed := *u
		fixed.Path = p[:len(p)-len("/v1")]
		fixed.RawPath = ""
		return fmt.Errorf("base URL %q ends in /v1, but the provider adds /v1 to every %s path itself: use %q", raw, vendor, fixed.String())
	}
	return nil
}
