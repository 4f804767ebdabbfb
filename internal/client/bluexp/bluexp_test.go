package bluexp_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/client"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/client/bluexp"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
)

func newSandbox(t *testing.T) (*sandbox.Server, string) {
	t.Helper()
	sb := sandbox.New(sandbox.Options{PageSize: 3})
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	return sb, srv.URL
}

// newPartnership is a partnership with n ResourceAdmins, in a sandbox with
// opts, and a client for it asking for opts.PageSize per page and trying
// each request once.
func newPartnership(t *testing.T, opts sandbox.Options, n int) (sb *sandbox.Server, c *bluexp.Client, pid string, users []string) {
	t.Helper()
	sb = sandbox.New(opts)
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	st := sb.BlueXP()
	pid = st.AddPartnership("", "p")
	for range n {
		id := st.AddUser(sandbox.BlueXPUser{Name: "u"})
		if err := st.AddMember(pid, id); err != nil {
			t.Fatal(err)
		}
		users = append(users, id)
	}
	c, err := bluexp.New(bluexp.Config{BaseURL: srv.URL + sandbox.BlueXPBasePath, AccessToken: sandbox.DefaultBlueXPToken, PageSize: opts.PageSize, MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	return sb, c, pid, users
}

// listRequests counts the list pages the sandbox served.
func listRequests(sb *sandbox.Server) int {
	return sb.Stats().Routes["bluexp GET /v1/management/partnerships/{partnershipId}/resourceadmins"]
}

func TestListPagesWithContinue(t *testing.T) {
	sb, c, pid, _ := newPartnership(t, sandbox.Options{PageSize: 3}, 7)
	users, err := c.ListResourceAdmins(context.Background(), pid)
	if err != nil {
		t.Fatal(err)
	}
	if len(users) != 7 {
		t.Fatalf("got %d users, want 7", len(users))
	}
	if n := listRequests(sb); n != 3 {
		t.Fatalf("list requests = %d, want 3", n)
	}
	// A second list is served from the read cache.
	if _, err := c.ListResourceAdmins(context.Background(), pid); err != nil {
		t.Fatal(err)
	}
	if n := sb.Stats().Requests; n != 3 {
		t.Fatalf("requests = %d, want 3 (cached)", n)
	}
}

// A consumer that stops early costs only the pages it read, not all.
func TestResourceAdminsStopsWithTheConsumer(t *testing.T) {
	sb, c, pid, _ := newPartnership(t, sandbox.Options{PageSize: 3}, 7)
	seen := 0
	for _, err := range c.ResourceAdmins(context.Background(), pid) {
		if err != nil {
			t.Fatal(err)
		}
		seen++
		if seen == 4 { // the first item of the second page
			break
		}
	}
	if n := listRequests(sb); n != 2 {
		t.Fatalf("list requests = %d, want 2 (stopped on the second page of 3)", n)
	}
}

func TestProblemDecoding(t *testing.T) {
	_, c, pid, users := newPartnership(t, sandbox.Options{}, 1)
	id := users[0]
	err := c.AddResourceAdmins(context.Background(), pid, "", []bluexp.UserRef{{UserID: id}})
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) || !client.IsConflict(err) {
		t.Fatalf("err = %v, want a 409 APIError", err)
	}
	if !strings.Contains(apiErr.Message, "JSON resource conflict") || len(apiErr.Details) != 1 ||
		!strings.HasSuffix(apiErr.Code, "/problems/10") || apiErr.RequestID == "" {
		t.Fatalf("decoded %+v", apiErr)
	}
	// invalidParams name users by their place in the request body; the
	// error names them by what they were sent with.
	err = c.AddResourceAdmins(context.Background(), pid, "", []bluexp.UserRef{{UserID: id}, {AADID: "0f8fad5b-d9cb-469f-a165-70867728950e"}, {EmailID: "nobody@example.com"}})
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 {
		t.Fatalf("err = %#v, want a 400 with invalidParams", err)
	}
	if want := []string{"AAD ID 0f8fad5b-d9cb-469f-a165-70867728950e: no such user", "email nobody@example.com: no such user"}; !slices.Equal(apiErr.Details, want) {
		t.Fatalf("details = %q, want %q", apiErr.Details, want)
	}
	if _, err := c.GetResourceAdmin(context.Background(), pid, "00000000-0000-4000-8000-000000000000"); !client.IsNotFound(err) {
		t.Fatalf("get of a non-member: %v, want 404", err)
	}
}

func TestTokenFlowsRefreshOn401(t *testing.T) {
	for name, cfg := range map[string]bluexp.Config{
		"client_credentials": {ClientID: sandbox.DefaultBlueXPClientID, ClientSecret: sandbox.DefaultBlueXPClientSecret},
		"refresh_token":      {RefreshToken: sandbox.DefaultBlueXPRefreshToken},
	} {
		t.Run(name, func(t *testing.T) {
			sb, url := newSandbox(t)
			st := sb.BlueXP()
			pid := st.AddPartnership("", "p")
			cfg.BaseURL, cfg.TokenURL = url+sandbox.BlueXPBasePath, url+sandbox.BlueXPTokenPath
			c, err := bluexp.New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			for range 3 {
				if _, err := c.ListResourceAdminsUncached(ctx, pid); err != nil {
					t.Fatal(err)
				}
			}
			if n := st.TokensIssued(); n != 1 {
				t.Fatalf("tokens issued = %d, want 1 (cached)", n)
			}
			st.RevokeTokens()
			if _, err := c.ListResourceAdminsUncached(ctx, pid); err != nil {
				t.Fatalf("after revocation: %v", err)
			}
			if n := st.TokensIssued(); n != 2 {
				t.Fatalf("tokens issued = %d, want 2", n)
			}
		})
	}
}

// Refused credentials are reported with the status and the OAuth error
// code the token endpoint answers (RFC 6749 section 5.2), never the secret.
func TestBadCredentialsFail(t *testing.T) {
	_, url := newSandbox(t)
	for _, c := range []struct {
		name   string
		cfg    bluexp.Config
		secret string
		want   []string
	}{
		{"bad client secret", bluexp.Config{ClientID: sandbox.DefaultBlueXPClientID, ClientSecret: "wrong-secret"}, "wrong-secret",
			[]string{"answered 401 Unauthorized: invalid_client: The token request was refused. The token endpoint refused the BlueXP service account: check " +
				"bluexp.client_secret (BLUEXP_CLIENT_SECRET), which may be incorrect or reset in the BlueXP console, and bluexp.client_id (BLUEXP_CLIENT_ID)"}},
		{"bad refresh token", bluexp.Config{RefreshToken: "revoked-refresh"}, "revoked-refresh",
			[]string{"400", "invalid_grant", "Check the BlueXP refresh token (bluexp.refresh_token or BLUEXP_REFRESH_TOKEN)"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := c.cfg
			cfg.BaseURL, cfg.TokenURL, cfg.MaxRetries = url+sandbox.BlueXPBasePath, url+sandbox.BlueXPTokenPath, -1
			cl, err := bluexp.New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			_, err = cl.ListResourceAdminsUncached(context.Background(), "p")
			var authErr *client.AuthError
			if !errors.As(err, &authErr) || strings.Contains(err.Error(), c.secret) {
				t.Fatalf("err = %v, want an AuthError without the secret", err)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("err = %v, want it to name %q", err, w)
				}
			}
		})
	}
}

// The continue token is read at the top level or inside metadata (NetApp
// documents both places): pages of 2 reach every member either way.
func TestListPagesUnderEachContinueReading(t *testing.T) {
	for name, inMeta := range map[string]bool{"top level": false, "in metadata": true} {
		t.Run(name, func(t *testing.T) {
			sb, c, pid, _ := newPartnership(t, sandbox.Options{PageSize: 2, BlueXPContinueInMetadata: inMeta}, 5)
			users, err := c.ListResourceAdminsUncached(context.Background(), pid)
			if err != nil {
				t.Fatal(err)
			}
			if len(users) != 5 {
				t.Fatalf("got %d users, want 5", len(users))
			}
			if n := listRequests(sb); n != 3 {
				t.Fatalf("list requests = %d, want 3", n)
			}
		})
	}
}

func TestSameAuth0ID(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"auth0|5a09", "auth0|5a09", true},
		{"auth0|5a09", "5a09", true},
		{"KBX6", "waad|KBX6", true},
		{"auth0|KBX6", "waad|KBX6", false}, // a connection is part of the identity
		{"auth0|5a09", "auth0|5A09", false},
		{"5a09", "5a0", false},
		{"", "", false},
		{"auth0|", "", false},
	} {
		if got := bluexp.SameAuth0ID(c.a, c.b); got != c.want {
			t.Errorf("SameAuth0ID(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
		if got := bluexp.SameAuth0ID(c.b, c.a); got != c.want {
			t.Errorf("SameAuth0ID(%q, %q) = %v, want %v", c.b, c.a, got, c.want)
		}
	}
}
