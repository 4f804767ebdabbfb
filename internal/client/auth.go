package client

import (
	"errors"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"
)

// TokenExpiryMargin is how long before expiry a cached token is renewed, so a
// request never leaves with a token that expires in flight.
const TokenExpiryMargin = 2 * time.Minute

// StaticToken is a token source for a configured access token.
func StaticToken(accessToken string) oauth2.TokenSource {
	return oauth2.StaticTokenSource(&oauth2.Token{AccessToken: accessToken, TokenType: "Bearer"})
}

// RefreshableTokenSource caches a token from a flow (client credentials,
// refresh token), renews it before expiry, and can be told to forget it when
// the vendor answers 401, so the next request fetches a fresh one.
type RefreshableTokenSource struct {
	newSource func() oauth2.TokenSource

	mu     sync.Mutex
	cached oauth2.TokenSource
}

// NewRefreshableTokenSource wraps newSource, which must return a source that
// fetches a new token each time its Token is called.
func NewRefreshableTokenSource(newSource func() oauth2.TokenSource) *RefreshableTokenSource {
	return &RefreshableTokenSource{newSource: newSource}
}

// Token returns the cached token or fetches one.
func (r *RefreshableTokenSource) Token() (*oauth2.Token, error) {
	r.mu.Lock()
	if r.cached == nil {
		r.cached = oauth2.ReuseTokenSourceWithExpiry(nil, r.newSource(), TokenExpiryMargin)
	}
	ts := r.cached
	r.mu.Unlock()
	return ts.Token()
}

// Invalidate forgets the cached token.
func (r *RefreshableTokenSource) Invalidate() {
	r.mu.Lock()
	r.cached = nil
	r.mu.Unlock()
}

// redactTokenError keeps a token endpoint's error readable but drops the raw
// response body, which may echo submitted form values.
func redactTokenError(err error) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		msg := "token endpoint answered"
		if re.Response != nil {
			msg += " " + re.Response.Status
		}
		if re.ErrorCode != "" {
			msg += ": " + re.ErrorCode
		}
		if re.ErrorDescription != "" {
			msg += ": " + re.ErrorDescription
		}
		return errors.New(msg)
	}
	return err
}

// mask replaces every secret in s with "***". Pass secrets longest first (as
// withSecrets keeps them), so a secret containing another is not left half
// visible.
func mask(s string, secrets []string) string {
	for _, secret := range secrets {
		if secret != "" {
			s = strings.ReplaceAll(s, secret, "***")
		}
	}
	return s
}

// maskError hides secrets in err's text while keeping its chain for
// errors.Is and errors.As.
func maskError(err error, secrets []string) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if masked := mask(msg, secrets); masked != msg {
		return &maskedError{msg: masked, err: err}
	}
	return err
}

type maskedError struct {
	msg string
	err error
}

func (e *maskedError) Error() string { return e.msg }
func (e *maskedError) Unwrap() error { return e.err }
