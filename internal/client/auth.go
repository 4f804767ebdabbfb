package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// TokenExpiryMargin is how long before expiry a cached token is renewed, so a
// request never leaves with a token that expires in flight. Short-lived
// tokens are renewed after three quarters of their lifetime instead.
const TokenExpiryMargin = 2 * time.Minute

// StaticToken is a token source for a configured access token.
func StaticToken(accessToken string) oauth2.TokenSource {
	return oauth2.StaticTokenSource(&oauth2.Token{AccessToken: accessToken, TokenType: "Bearer"})
}

// TokenFlow is how a vendor obtains access tokens from its token endpoint
// (client credentials, a refresh token).
type TokenFlow struct {
	// Endpoint is the token URL; errors name it (without query or
	// credentials), so a failure there is never mistaken for the API's.
	Endpoint string
	// Credential says what to check when the endpoint refuses or fails,
	// e.g. "the BlueXP service account (bluexp.client_id and …)".
	Credential string
	// Refused, when set, replaces Credential when the endpoint refuses the
	// client itself (a 401, invalid_client or unauthorized_client): it names
	// the secret's attribute and environment variable, as a 401 hint does.
	Refused string
	// Fetch asks the endpoint for a new token. ctx is the operation's
	// context and carries, as oauth2.HTTPClient, the Client's retrying HTTP
	// client: pass it to oauth2 (Config.Exchange, TokenSource(ctx, …)).
	Fetch func(ctx context.Context) (*oauth2.Token, error)
}

// RefreshableTokenSource caches a token from a TokenFlow and shares it among
// concurrent requests. A token is fetched with the context of the request
// that needs it (so its deadline and cancellation apply), through the
// Client's retry policy, and renewed before expiry. After a 401, Refresh
// fetches a new one; concurrent callers share one fetch.
type RefreshableTokenSource struct {
	flow TokenFlow
	now  func() time.Time

	mu      sync.Mutex
	tok     *oauth2.Token
	renewAt time.Time
	flight  *flight[*oauth2.Token]
	// refreshTokens are the refresh tokens the endpoint handed out: one
	// that rotates them gives secrets the configuration never named.
	refreshTokens []string
	// vendor and hc (the retrying client for token requests) are set by New.
	vendor string
	hc     *http.Client
}

// NewRefreshableTokenSource returns a source that fetches tokens with flow.
func NewRefreshableTokenSource(flow TokenFlow) *RefreshableTokenSource {
	return &RefreshableTokenSource{flow: flow, now: time.Now}
}

// Endpoint returns the token URL, redacted.
func (r *RefreshableTokenSource) Endpoint() string { return redactRawURL(r.flow.Endpoint) }

// Token implements oauth2.TokenSource without a deadline; the Client uses
// TokenContext.
func (r *RefreshableTokenSource) Token() (*oauth2.Token, error) {
	return r.TokenContext(context.Background())
}

// TokenContext returns the cached token, or fetches one bounded by ctx.
func (r *RefreshableTokenSource) TokenContext(ctx context.Context) (*oauth2.Token, error) {
	r.mu.Lock()
	if r.tok != nil && r.now().Before(r.renewAt) {
		tok := r.tok
		r.mu.Unlock()
		return tok, nil
	}
	return r.join(ctx)
}

// Refresh is called after the vendor refused stale with a 401. If another
// request already replaced stale, that token is returned; otherwise one new
// token is fetched, however many requests ask at once.
func (r *RefreshableTokenSource) Refresh(ctx context.Context, stale string) (*oauth2.Token, error) {
	r.mu.Lock()
	if r.tok != nil && r.tok.AccessToken != stale && r.now().Before(r.renewAt) {
		tok := r.tok
		r.mu.Unlock()
		return tok, nil
	}
	if r.tok != nil && r.tok.AccessToken == stale {
		r.tok = nil
	}
	return r.join(ctx)
}

// join waits for the fetch in flight, starting one if there is none. It is
// called with r.mu held and releases it. The fetch is shared: a caller that
// gives up does not fail the others (see flight).
func (r *RefreshableTokenSource) join(ctx context.Context) (*oauth2.Token, error) {
	f := r.flight
	if f == nil {
		start := r.now()
		f = fly(ctx, &r.mu, r.fetch, func(tok *oauth2.Token, err error) {
			if err == nil {
				r.tok, r.renewAt = tok, renewTime(start, tok.Expiry)
				if tok.RefreshToken != "" && !slices.Contains(r.refreshTokens, tok.RefreshToken) {
					r.refreshTokens = append(r.refreshTokens, tok.RefreshToken)
				}
			}
			if r.flight == f {
				r.flight = nil
			}
		})
		r.flight = f
	}
	return f.wait(ctx, func() {
		if r.flight == f {
			r.flight = nil // a later caller starts afresh
		}
	})
}

// fetch asks the token endpoint for a token, through the Client's retrying
// HTTP client.
func (r *RefreshableTokenSource) fetch(ctx context.Context) (*oauth2.Token, error) {
	r.mu.Lock()
	hc, vendor := r.hc, r.vendor
	// The refresh token this fetch sends may be one the endpoint rotated,
	// which the configured secrets do not name.
	ctx = withSecrets(ctx, r.refreshTokens...)
	r.mu.Unlock()
	ctx = tflog.SetField(ctx, "partneradmin_request", map[string]any{
		"vendor": vendor, "operation": "fetch access token", "method": http.MethodPost, "url": r.Endpoint(),
	})
	if hc != nil {
		ctx = context.WithValue(ctx, oauth2.HTTPClient, hc)
	}
	// Token requests are not the API call: keep their attempts out of its
	// record of lost attempts.
	ctx = context.WithValue(ctx, attemptLogKey{}, (*attemptLog)(nil))
	tok, err := r.flow.Fetch(ctx)
	if err == nil && (tok == nil || tok.AccessToken == "") {
		return nil, errors.New("the answer holds no access_token")
	}
	return tok, err
}

// issuedSecrets returns the refresh tokens the endpoint handed out, to be
// masked like the configured secrets.
func (r *RefreshableTokenSource) issuedSecrets() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.refreshTokens)
}

// renewTime is when a token fetched at start and expiring at expiry should
// be replaced: TokenExpiryMargin before expiry, or after three quarters of
// its lifetime when that is shorter. A token without expiry is kept until a
// 401.
func renewTime(start, expiry time.Time) time.Time {
	if expiry.IsZero() {
		return time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return expiry.Add(-min(TokenExpiryMargin, expiry.Sub(start)/4))
}

// tokenError is the AuthError for a failed token fetch. It names the
// endpoint and the credential, and never carries the endpoint's raw body
// (which may echo submitted form values) nor a configured secret.
func (r *RefreshableTokenSource) tokenError(vendor string, err error, secrets []string) *AuthError {
	e := &AuthError{
		Vendor:     vendor,
		Endpoint:   r.Endpoint(),
		Credential: r.flow.Credential,
		Err:        maskError(redactTokenError(err, secrets), secrets),
	}
	if r.flow.Refused != "" && clientRefused(err) {
		e.Credential, e.Refused = r.flow.Refused, true
	}
	return e
}

// clientRefused reports a token endpoint's answer that refuses the client
// (its ID or secret) rather than failing: RFC 6749 5.2's invalid_client
// (401, or 400 from some servers), Entra's unauthorized_client for an
// unknown application, or any 401.
func clientRefused(err error) bool {
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) {
		return false
	}
	return re.ErrorCode == "invalid_client" || re.ErrorCode == "unauthorized_client" ||
		(re.Response != nil && re.Response.StatusCode == http.StatusUnauthorized)
}

// redactTokenError keeps a token endpoint's error readable but drops the raw
// response body, which may echo submitted form values; a Webex-style
// "message" is kept, masked and bounded. A transport failure loses the
// *url.Error wrapper, whose URL the AuthError already names.
func redactTokenError(err error, secrets []string) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		msg := "answered"
		if re.Response != nil {
			msg += " " + re.Response.Status
		}
		if re.ErrorCode != "" {
			msg += ": " + re.ErrorCode
		}
		if re.ErrorDescription != "" {
			msg += ": " + re.ErrorDescription
		}
		if re.ErrorCode == "" && re.ErrorDescription == "" {
			var vendorBody struct {
				Message    string `json:"message"`
				TrackingID string `json:"trackingId"`
			}
			if json.Unmarshal(re.Body, &vendorBody) == nil && vendorBody.Message != "" {
				msg += ": " + truncate(mask(vendorBody.Message, secrets), 300)
				if vendorBody.TrackingID != "" {
					msg += " [tracking id " + mask(vendorBody.TrackingID, secrets) + "]"
				}
			}
		}
		return errors.New(msg)
	}
	var uerr *url.Error
	if errors.As(err, &uerr) {
		return uerr.Err
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

// ClientCredentialsSource is a token source for the client-credentials
// grant of cc; credential says what to check when the endpoint refuses. The
// token URL is held to ParseBaseURL's rules, as the client secret goes there.
func ClientCredentialsSource(cc *clientcredentials.Config, credential string) (*RefreshableTokenSource, error) {
	if _, err := ParseBaseURL(cc.TokenURL); err != nil {
		return nil, fmt.Errorf("token URL: %w", err)
	}
	return NewRefreshableTokenSource(TokenFlow{Endpoint: cc.TokenURL, Credential: credential, Fetch: cc.Token}), nil
}

// OnRefused sets TokenFlow.Refused, what to check when the endpoint refuses
// the client itself, and returns r.
func (r *RefreshableTokenSource) OnRefused(hint string) *RefreshableTokenSource {
	r.flow.Refused = hint
	return r
}

// RefreshTokenSource is a token source for the refresh-token grant of cfg
// (client id and secret, if any, in cfg), starting from refreshToken;
// credential says what to check when the endpoint refuses. The token URL is
// held to ParseBaseURL's rules.
func RefreshTokenSource(cfg *oauth2.Config, refreshToken, credential string) (*RefreshableTokenSource, error) {
	if _, err := ParseBaseURL(cfg.Endpoint.TokenURL); err != nil {
		return nil, fmt.Errorf("token URL: %w", err)
	}
	return NewRefreshableTokenSource(TokenFlow{Endpoint: cfg.Endpoint.TokenURL, Credential: credential, Fetch: refreshTokenFlow(cfg, refreshToken)}), nil
}

// refreshTokenFlow fetches access tokens with the refresh-token grant of
// cfg. When the endpoint rotates the refresh token, the new one is used
// from then on (and masked: see RefreshableTokenSource.issuedSecrets).
func refreshTokenFlow(cfg *oauth2.Config, refreshToken string) func(ctx context.Context) (*oauth2.Token, error) {
	var mu sync.Mutex
	current := refreshToken
	return func(ctx context.Context) (*oauth2.Token, error) {
		mu.Lock()
		defer mu.Unlock()
		tok, err := cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: current}).Token()
		if err != nil {
			return nil, err
		}
		if tok.RefreshToken != "" {
			current = tok.RefreshToken
		}
		return tok, nil
	}
}
