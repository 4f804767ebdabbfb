package client

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
)

// 401 and 403 answers carry the vendor's hint; a request's own 403 hint
// (the scope its operation needs) wins over the vendor-wide one.
func TestAuthHints(t *testing.T) {
	status := http.StatusUnauthorized
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(status) }))
	defer srv.Close()
	c, err := New(Options{Vendor: "V", BaseURL: srv.URL, MaxRetries: -1, UnauthorizedHint: "check the token", ForbiddenHint: "needs a role"})
	if err != nil {
		t.Fatal(err)
	}
	hint := func(req Request) string {
		t.Helper()
		req.Method = http.MethodGet
		_, err := c.Do(context.Background(), req, nil)
		apiErr, ok := err.(*APIError)
		if !ok {
			t.Fatalf("err = %v, want *APIError", err)
		}
		return apiErr.Hint
	}
	if got := hint(Request{ForbiddenHint: "needs a scope"}); got != "check the token" {
		t.Errorf("401 hint = %q", got)
	}
	status = http.StatusForbidden
	if got := hint(Request{}); got != "needs a role" {
		t.Errorf("403 hint = %q, want the vendor's", got)
	}
	if got := hint(Request{ForbiddenHint: "needs a scope"}); got != "needs a scope" {
		t.Errorf("403 hint = %q, want the request's", got)
	}
	status = http.StatusNotFound
	if got := hint(Request{ForbiddenHint: "needs a scope"}); got != "" {
		t.Errorf("404 hint = %q, want none", got)
	}
}
