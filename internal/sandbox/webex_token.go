package sandbox

import (
	"mime"
	"net/http"
	"sync"
	"time"
)

// Webex integration credentials New registers, for POST /v1/access_token.
const (
	DefaultWebexClientID     = "sandbox-webex-client"
	DefaultWebexClientSecret = "sandbox-webex-secret"
	DefaultWebexRefreshToken = "sandbox-webex-refresh-token"
)

// Lifetimes Webex documents for integration tokens: 14 days for an access
// token, 90 days for a refresh token.
const (
	webexAccessTokenLifetime  = 1209600 * time.Second
	webexRefreshTokenLifetime = 7776000 * time.Second
)

// webexAuth is the integration side of the Webex store: client ids and
// secrets, and the refresh tokens each may use.
type webexAuth struct {
	mu      sync.Mutex
	clients map[string]string          // client id → secret
	refresh map[string]map[string]bool // client id → refresh tokens
}

// AddIntegration registers an integration's client id and secret and a
// refresh token it may redeem at POST /v1/access_token.
func (st *WebexStore) AddIntegration(clientID, clientSecret, refreshToken string) {
	st.auth.mu.Lock()
	defer st.auth.mu.Unlock()
	if st.auth.clients == nil {
		st.auth.clients, st.auth.refresh = map[string]string{}, map[string]map[string]bool{}
	}
	st.auth.clients[clientID] = clientSecret
	if st.auth.refresh[clientID] == nil {
		st.auth.refresh[clientID] = map[string]bool{}
	}
	st.auth.refresh[clientID][refreshToken] = true
}

// TokensIssued counts access tokens POST /v1/access_token handed out.
func (st *WebexStore) TokensIssued() int { return st.tokens.issuedCount() }

// RevokeTokens revokes every access token /v1/access_token issued (static
// tokens stay), so the next API call with one answers 401.
func (st *WebexStore) RevokeTokens() { st.tokens.revokeIssued() }

// accessToken is POST /v1/access_token with grant_type=refresh_token: a form
// body with client_id, client_secret and refresh_token. The answer has the
// fields Webex documents: access_token, expires_in, refresh_token,
// refresh_token_expires_in (and token_type, as the Service App token does).
func (a *webexAPI) accessToken(w http.ResponseWriter, r *http.Request) {
	if a.server.tokenFault(w, r, func(w http.ResponseWriter, status int, msg string) {
		writeWebexError(w, r, errorf(status, "%s", msg))
	}) {
		return
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/x-www-form-urlencoded" {
		writeWebexError(w, r, errorf(http.StatusBadRequest, "The request body must be a form (application/x-www-form-urlencoded)."))
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxBodyBytes)
	if err := r.ParseForm(); err != nil {
		writeWebexError(w, r, errorf(http.StatusBadRequest, "The request body is not a valid form."))
		return
	}
	f := r.PostForm
	if f.Get("grant_type") != "refresh_token" {
		writeWebexError(w, r, errorf(http.StatusBadRequest, "Unsupported grant_type %q: the sandbox serves refresh_token.", f.Get("grant_type")))
		return
	}
	st := a.store
	st.auth.mu.Lock()
	secret, known := st.auth.clients[f.Get("client_id")]
	validRefresh := st.auth.refresh[f.Get("client_id")][f.Get("refresh_token")]
	st.auth.mu.Unlock()
	switch {
	case !known || f.Get("client_secret") == "" || secret != f.Get("client_secret"):
		writeWebexError(w, r, errorf(http.StatusUnauthorized, "The client_id or client_secret is invalid."))
		return
	case !validRefresh:
		writeWebexError(w, r, errorf(http.StatusBadRequest, "The refresh token provided is expired, revoked, malformed, or invalid."))
		return
	}
	lifetime := a.server.tokenLifetime(webexAccessTokenLifetime)
	tok, label := st.tokens.issue("webex-issued", lifetime, AllWebexScopes...)
	markActed(r)
	infoOf(r).setToken(label)
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, map[string]any{
		"access_token":             tok,
		"expires_in":               int(lifetime / time.Second),
		"refresh_token":            f.Get("refresh_token"),
		"refresh_token_expires_in": int(webexRefreshTokenLifetime / time.Second),
		"token_type":               "Bearer",
	})
}
