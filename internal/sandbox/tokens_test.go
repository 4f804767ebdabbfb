package sandbox

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

const webexTokenForm = "grant_type=refresh_token&client_id=" + DefaultWebexClientID + "&client_secret=" + DefaultWebexClientSecret +
	"&refresh_token=" + DefaultWebexRefreshToken

// webexToken redeems the default refresh token.
func (e *env) webexToken(form string) resp {
	e.t.Helper()
	return e.do(http.MethodPost, "/webex/v1/access_token", form, "Content-Type", "application/x-www-form-urlencoded", "Authorization", "")
}

// The Webex token endpoint answers with the documented fields; the token it
// issues works, carries its label in the log, and is revoked after
// RevokeTokensAfter requests.
func TestWebexAccessToken(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{RevokeTokensAfter: 2, TokenLifetime: time.Hour})
	var tok struct {
		AccessToken           string `json:"access_token"`
		ExpiresIn             int    `json:"expires_in"`
		RefreshToken          string `json:"refresh_token"`
		RefreshTokenExpiresIn int    `json:"refresh_token_expires_in"`
		TokenType             string `json:"token_type"`
	}
	e.webexToken(webexTokenForm).want(t, http.StatusOK).json(t, &tok)
	if tok.AccessToken == "" || tok.ExpiresIn != 3600 || tok.RefreshToken != DefaultWebexRefreshToken || tok.RefreshTokenExpiresIn != 7776000 || tok.TokenType != "Bearer" {
		t.Fatalf("token answer %+v", tok)
	}
	path := adminsPath(e.demo.AcmeOrgID)
	for range 2 {
		e.do(http.MethodGet, path, "", "Authorization", "Bearer "+tok.AccessToken).want(t, http.StatusOK)
	}
	e.do(http.MethodGet, path, "", "Authorization", "Bearer "+tok.AccessToken).want(t, http.StatusUnauthorized).webexErr(t)
	var labels []string
	for _, l := range e.s.Log() {
		labels = append(labels, l.Token)
	}
	if got := strings.Join(labels, ","); got != "issued-1,issued-1,issued-1,issued-1" || e.s.Webex().TokensIssued() != 1 {
		t.Errorf("log token labels %q, issued %d", got, e.s.Webex().TokensIssued())
	}

	bad := []struct{ form, why string }{
		{strings.Replace(webexTokenForm, "client_secret="+DefaultWebexClientSecret, "client_secret=nope", 1), "wrong secret"},
		{strings.Replace(webexTokenForm, "refresh_token="+DefaultWebexRefreshToken, "refresh_token=nope", 1), "unknown refresh token"},
		{strings.Replace(webexTokenForm, "grant_type=refresh_token", "grant_type=client_credentials", 1), "other grant"},
	}
	for _, b := range bad {
		if r := e.webexToken(b.form); r.status != http.StatusUnauthorized && r.status != http.StatusBadRequest {
			t.Errorf("%s: status %d", b.why, r.status)
		} else {
			r.webexErr(t)
		}
	}
}

// Issued tokens expire after TokenLifetime.
func TestIssuedTokenExpires(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{TokenLifetime: time.Second})
	var tok struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int    `json:"expires_in"`
	}
	e.webexToken(webexTokenForm).want(t, http.StatusOK).json(t, &tok)
	if tok.ExpiresIn != 1 {
		t.Errorf("expires_in %d", tok.ExpiresIn)
	}
	e.do(http.MethodGet, adminsPath(e.demo.AcmeOrgID), "", "Authorization", "Bearer "+tok.AccessToken).want(t, http.StatusOK)
	time.Sleep(1100 * time.Millisecond)
	e.do(http.MethodGet, adminsPath(e.demo.AcmeOrgID), "", "Authorization", "Bearer "+tok.AccessToken).want(t, http.StatusUnauthorized)
}

// Each token endpoint can hang, drop the connection, and answer 429 or 503
// with Retry-After; faults count down, then the endpoint answers.
func TestTokenFaults(t *testing.T) {
	t.Parallel()
	entra := "/entra/4e806121-ff28-4286-ab4e-3be0a08f9ce0/oauth2/v2.0/token"
	entraForm := url.Values{"grant_type": {"client_credentials"}, "client_id": {DefaultCloudCockpitClientID},
		"client_secret": {DefaultCloudCockpitClientSecret}, "scope": {CloudCockpitScope}}.Encode()
	auth0Form := url.Values{"grant_type": {"client_credentials"}, "client_id": {DefaultBlueXPClientID},
		"client_secret": {DefaultBlueXPClientSecret}, "audience": {BlueXPAudience}}.Encode()
	for _, ep := range []struct{ name, path, form string }{
		{"auth0", BlueXPTokenPath, auth0Form},
		{"entra", entra, entraForm},
		{"webex", "/webex/v1/access_token", webexTokenForm},
	} {
		t.Run(ep.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, Options{TokenFaults: TokenFaults{Reset: 1, RateLimited: 1, Unavailable: 1, RetryAfter: 1500 * time.Millisecond}})
			post := func() (resp, error) {
				return e.try(http.MethodPost, ep.path, ep.form, "Content-Type", "application/x-www-form-urlencoded", "Authorization", "")
			}
			if _, err := post(); err == nil {
				t.Error("reset: got an answer")
			}
			for _, status := range []int{http.StatusTooManyRequests, http.StatusServiceUnavailable} {
				r, err := post()
				if err != nil || r.status != status || r.header.Get("Retry-After") != "2" {
					t.Errorf("got %v %v, Retry-After %q; want %d with Retry-After 2", r.status, err, r.header.Get("Retry-After"), status)
				}
			}
			if r, err := post(); err != nil || r.status != http.StatusOK {
				t.Errorf("after the faults: %v %v %s", r.status, err, r.body)
			}
			var faults []string
			for _, l := range e.s.Log() {
				faults = append(faults, l.Fault)
			}
			if got := strings.Join(faults, ","); got != "token-reset,token-429,token-503," {
				t.Errorf("logged faults %q: %+v", got, e.s.Log())
			}

			// A hang lasts until the client gives up.
			e.s.SetTokenFaults(TokenFaults{Hang: -1})
			ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
			defer cancel()
			req, _ := http.NewRequestWithContext(ctx, http.MethodPost, e.ts.URL+ep.path, strings.NewReader(ep.form))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if res, err := e.hc.Do(req); err == nil {
				res.Body.Close()
				t.Errorf("hang: got %d", res.StatusCode)
			}
		})
	}
}
