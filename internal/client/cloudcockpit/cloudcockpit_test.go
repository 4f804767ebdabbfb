package cloudcockpit

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/client"
)

func TestRequestsCarryTenantAndFreshCorrelationID(t *testing.T) {
	var mu sync.Mutex
	var ids []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		ids = append(ids, r.Header.Get("X-Correlation-Id"))
		mu.Unlock()
		if r.Header.Get("X-Tenant") != "portal.example.com" || r.Header.Get("Authorization") != "Bearer tok" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		if r.URL.Query().Get("providerInstanceId") != "pi" || r.URL.Path != "/v1/Customers/delegated-admin-relationships/rel/access-assignments" {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		if r.Method == http.MethodPost {
			if r.ContentLength > 0 {
				w.WriteHeader(http.StatusBadRequest)
			}
			return
		}
		_, _ = w.Write([]byte(`[{"id":"a1","status":{"name":"Active"},"accessContainer":{"accessContainerId":"g1"},"accessDetails":{"unifiedRoles":[{"roleDefinitionId":"r1"},{"roleDefinitionId":"r2"}]}}]`))
	}))
	defer srv.Close()
	c, err := New(Config{BaseURL: srv.URL, Tenant: "portal.example.com", AccessToken: "tok"})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := c.CreateAccessAssignment(ctx, "pi", "rel"); err != nil {
		t.Fatal(err)
	}
	list, err := c.ListAccessAssignments(ctx, "pi", "rel")
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || !StatusIs(list[0].Status.Name, StatusActive) || strings.Join(list[0].RoleDefinitionIDs(), ",") != "r1,r2" {
		t.Fatalf("list = %+v", list)
	}
	if _, err := c.ListAccessAssignments(ctx, "pi", "rel"); err != nil {
		t.Fatal(err)
	}
	if len(ids) != 3 || ids[0] == "" || ids[0] == ids[1] || ids[1] == ids[2] {
		t.Fatalf("correlation ids = %q, want three distinct", ids)
	}
}

func TestErrorBodyDecoded(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"statusCode":400,"type":"ValidationError","description":"The relationship must be active.","correlationId":"corr-1",
			"errors":[{"propertyName":"relationshipId","description":["is approved","not active"]}]}`))
	}))
	defer srv.Close()
	c, err := New(Config{BaseURL: srv.URL, Tenant: "t", AccessToken: "tok", MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	err = c.CreateAccessAssignment(context.Background(), "pi", "rel")
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v", err)
	}
	d := apiErr.Detail()
	for _, want := range []string{"HTTP 400", "The relationship must be active.", "relationshipId: is approved not active", "corr-1", "ValidationError"} {
		if !strings.Contains(d, want) {
			t.Errorf("detail lacks %q:\n%s", want, d)
		}
	}
}

func TestUnauthorizedHint(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusUnauthorized) }))
	defer srv.Close()
	c, _ := New(Config{BaseURL: srv.URL, Tenant: "t", AccessToken: "tok"})
	_, err := c.ListAccessAssignments(context.Background(), "pi", "rel")
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) || !strings.Contains(apiErr.Hint, "CLOUDCOCKPIT_TENANT") {
		t.Fatalf("err = %v", err)
	}
}

func TestClientCredentialsFormBodyAndCaching(t *testing.T) {
	var tokenCalls int
	mux := http.NewServeMux()
	mux.HandleFunc("POST /token", func(w http.ResponseWriter, r *http.Request) {
		tokenCalls++
		_ = r.ParseForm()
		f := r.PostForm
		if f.Get("client_id") != "id" || f.Get("client_secret") != "s3cret" || f.Get("grant_type") != "client_credentials" || f.Get("scope") != DefaultScope {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"error":"invalid_client"}`))
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"token_type":"Bearer","expires_in":3599,"access_token":"minted"}`))
	})
	mux.HandleFunc("GET /v1/", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer minted" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		_, _ = w.Write([]byte(`[]`))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	c, err := New(Config{BaseURL: srv.URL, TokenURL: srv.URL + "/token", Tenant: "t", ClientID: "id", ClientSecret: "s3cret"})
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if _, err := c.ListAccessAssignments(context.Background(), "pi", "rel"); err != nil {
			t.Fatal(err)
		}
	}
	if tokenCalls != 1 {
		t.Fatalf("token endpoint called %d times, want 1 (cached)", tokenCalls)
	}

	bad, _ := New(Config{BaseURL: srv.URL, TokenURL: srv.URL + "/token", Tenant: "t", ClientID: "id", ClientSecret: "wrong"})
	_, err = bad.ListAccessAssignments(context.Background(), "pi", "rel")
	var authErr *client.AuthError
	if !errors.As(err, &authErr) || strings.Contains(err.Error(), "wrong") {
		t.Fatalf("err = %v, want an AuthError without the secret", err)
	}
	// The refusal names the secret's attribute and environment variable.
	want := "answered 401 Unauthorized. Microsoft Entra refused the CloudCockpit API Access: check " +
		"cloudcockpit.client_secret (CLOUDCOCKPIT_CLIENT_SECRET), which may be incorrect or expired, and cloudcockpit.client_id " +
		"(CLOUDCOCKPIT_CLIENT_ID), which must belong to the tenant of cloudcockpit.token_url (CLOUDCOCKPIT_TOKEN_URL)"
	if !strings.HasSuffix(err.Error(), want) {
		t.Errorf("err = %v\nwant it to end with %s", err, want)
	}
}

func TestNewRequiresTenantAndCredentials(t *testing.T) {
	if _, err := New(Config{AccessToken: "x"}); err == nil {
		t.Error("no tenant accepted")
	}
	if _, err := New(Config{Tenant: "t"}); err == nil {
		t.Error("no credentials accepted")
	}
	if _, err := New(Config{Tenant: "t", ClientID: "a", ClientSecret: "b", TokenURL: "http://login.example.com/token"}); err == nil {
		t.Error("plain-http token URL accepted")
	}
}

// Relationship IDs are documented only as strings: anything that stays one
// harmless path segment is accepted, the rest is refused before a request.
func TestCheckRelationshipID(t *testing.T) {
	for _, ok := range []string{
		"0f8fad5b-d9cb-469f-a165-70867728950e",
		"0f8fad5b-d9cb-469f-a165-70867728950e-7a6b5c4d-3e2f-1a0b-9c8d-7e6f5a4b3c2d",
		"Contoso_GDAP-2024.1",
		"関係-1",
		"a..b",
	} {
		if err := CheckRelationshipID(ok); err != nil {
			t.Errorf("%q refused: %v", ok, err)
		}
	}
	for _, bad := range []string{"", ".", "..", "../x", "a/b", `a\b`, "a?b", "a#b", "a%2Fb", " a", "a ", "a\tb", "a\x00b", "a\u0085b", "a\xffb", strings.Repeat("a", 257)} {
		if err := CheckRelationshipID(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	var requests int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { requests++ }))
	defer srv.Close()
	c, err := New(Config{BaseURL: srv.URL, Tenant: "t", AccessToken: "tok"})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.CreateAccessAssignment(context.Background(), "pi", "../../v1/Providers"); err == nil {
		t.Error("create with a traversal accepted")
	}
	if _, err := c.ListAccessAssignments(context.Background(), "pi", ".."); err == nil {
		t.Error("list with a dot segment accepted")
	}
	if requests != 0 {
		t.Fatalf("%d requests sent for invalid relationship IDs", requests)
	}
}

func TestIsRelationshipRefused(t *testing.T) {
	status := http.StatusBadRequest
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(status) }))
	defer srv.Close()
	c, err := New(Config{BaseURL: srv.URL, Tenant: "t", AccessToken: "tok", MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	for code, want := range map[int]bool{http.StatusBadRequest: true, http.StatusForbidden: false, http.StatusNotFound: false, http.StatusUnauthorized: false} {
		status = code
		err := c.CreateAccessAssignment(context.Background(), "pi", "rel")
		if got := IsRelationshipRefused(err); got != want {
			t.Errorf("HTTP %d: IsRelationshipRefused = %v, want %v (%v)", code, got, want, err)
		}
	}
	if IsRelationshipRefused(nil) || IsRelationshipRefused(errors.New("HTTP 400")) {
		t.Error("a nil or non-API error is not a refusal")
	}
}
