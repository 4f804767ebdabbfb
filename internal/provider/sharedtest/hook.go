package sharedtest

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
)

// RequestHook runs a test's function before the sandbox serves each vendor
// request, so the test can change the vendor's state at a chosen moment of
// one terraform command (between its reads and its writes), as a person
// in the console might.
type RequestHook struct {
	mu sync.Mutex
	fn func(*http.Request)
}

// Set installs fn (nil removes it). fn runs on the server's goroutine,
// before the request is served; requests are not serialised around it.
func (h *RequestHook) Set(fn func(*http.Request)) {
	h.mu.Lock()
	h.fn = fn
	h.mu.Unlock()
}

func (h *RequestHook) run(r *http.Request) {
	h.mu.Lock()
	fn := h.fn
	h.mu.Unlock()
	if fn != nil {
		fn(r)
	}
}

// NewHookedAccEnv is NewAccEnv whose sandbox is served through a
// RequestHook. It needs the sandbox (skips against a real tenant).
func NewHookedAccEnv(t *testing.T, opts sandbox.Options) (*AccEnv, *RequestHook) {
	t.Helper()
	if RealTenant() {
		t.Skip("needs the sandbox: it changes vendor state during a terraform command")
	}
	sb := sandbox.New(opts)
	h := &RequestHook{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.run(r)
		sb.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return &AccEnv{T: t, Sandbox: sb, URL: srv.URL}, h
}
