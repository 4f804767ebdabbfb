package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

func TestBlueXPTokenEndpointAcceptsJSONAndForm(t *testing.T) {
	sb := New(Options{})
	srv := httptest.NewServer(sb)
	defer srv.Close()
	post := func(ct, body string) (int, map[string]any) {
		resp, err := http.Post(srv.URL+BlueXPTokenPath, ct, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&out)
		return resp.StatusCode, out
	}
	status, out := post("application/json", `{"grant_type":"client_credentials","client_id":"`+DefaultBlueXPClientID+
		`","client_secret":"`+DefaultBlueXPClientSecret+`","audience":"`+BlueXPAudience+`"}`)
	if status != 200 || out["access_token"] == "" || out["expires_in"] != float64(86400) {
		t.Fatalf("JSON client_credentials: %d %v", status, out)
	}
	form := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {DefaultBlueXPRefreshToken}, "client_id": {BlueXPRefreshClientID}}
	if status, out = post("application/x-www-form-urlencoded", form.Encode()); status != 200 {
		t.Fatalf("form refresh_token: %d %v", status, out)
	}
	if status, _ = post("application/json", `{"grant_type":"client_credentials","client_id":"`+DefaultBlueXPClientID+
		`","client_secret":"`+DefaultBlueXPClientSecret+`"}`); status != 400 {
		t.Fatalf("missing audience: %d, want 400", status)
	}
	// RFC 6749 section 5.2: a bad refresh token is 400 invalid_grant, a
	// bad client secret 401 invalid_client.
	if status, out = post("application/json", `{"grant_type":"refresh_token","refresh_token":"nope","client_id":"`+BlueXPRefreshClientID+`"}`); status != 400 || out["error"] != "invalid_grant" {
		t.Fatalf("bad refresh token: %d %v, want 400 invalid_grant", status, out)
	}
	if status, out = post("application/json", `{"grant_type":"client_credentials","client_id":"`+DefaultBlueXPClientID+
		`","client_secret":"wrong","audience":"`+BlueXPAudience+`"}`); status != 401 || out["error"] != "invalid_client" {
		t.Fatalf("bad client secret: %d %v, want 401 invalid_client", status, out)
	}
}

func TestBlueXPProblemStatusIsAString(t *testing.T) {
	sb := New(Options{})
	srv := httptest.NewServer(sb)
	defer srv.Close()
	resp, err := http.Get(srv.URL + BlueXPBasePath + "/partnerships/x/resourceadmins")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var p map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&p)
	if resp.StatusCode != 401 || p["status"] != "401" || p["correlationId"] == "" ||
		resp.Header.Get("Content-Type") != "application/problem+json" {
		t.Fatalf("got %d %v", resp.StatusCode, p)
	}
}

// bxpDocumentedUserFields are the fields of NetApp's user object
// (tenancyv4/get-partnerships-resourceadmins.adoc, get-users-.adoc). There
// is no email: a sandbox that sent one would let a client match on it.
var bxpDocumentedUserFields = map[string]bool{
	"aadId": true, "auth0Id": true, "description": true, "editable": true, "id": true, "isSystem": true,
	"legacyId": true, "links": true, "metadata": true, "name": true, "ownerOrganizationId": true, "partner": true,
	"serviceAccount": true, "state": true, "tags": true, "type": true, "userType": true, "version": true,
}

func bxpGet(t *testing.T, url string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("Authorization", "Bearer "+DefaultBlueXPToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

// Each documented reading: the user object never has an email; auth0Id is
// prefixed or bare; the continue token sits at the top level or in metadata.
func TestBlueXPUserShapeAndContinueReadings(t *testing.T) {
	for name, opts := range map[string]Options{
		"default":          {PageSize: 2},
		"bare and in meta": {PageSize: 2, BlueXPBareAuth0IDs: true, BlueXPContinueInMetadata: true},
	} {
		t.Run(name, func(t *testing.T) {
			sb := New(opts)
			srv := httptest.NewServer(sb)
			defer srv.Close()
			st := sb.BlueXP()
			pid := st.AddPartnership("", "p")
			for range 3 {
				if err := st.AddMember(pid, st.AddUser(BlueXPUser{Name: "u", Email: "u@example.com", Auth0ID: "auth0|5a09"})); err != nil {
					t.Fatal(err)
				}
			}
			status, page := bxpGet(t, srv.URL+BlueXPBasePath+"/partnerships/"+pid+"/resourceadmins")
			items, _ := page["items"].([]any)
			if status != 200 || len(items) != 2 {
				t.Fatalf("%d %v", status, page)
			}
			for _, it := range items {
				user, ok := it.(map[string]any)
				if !ok {
					t.Fatalf("user is not an object: %v", it)
				}
				for k := range user {
					if !bxpDocumentedUserFields[k] {
						t.Errorf("user field %q is not in NetApp's user object", k)
					}
				}
				wantAuth0 := "auth0|5a09"
				if opts.BlueXPBareAuth0IDs {
					wantAuth0 = "5a09"
				}
				if got := user["auth0Id"]; got != wantAuth0 {
					t.Errorf("auth0Id = %v, want %s", got, wantAuth0)
				}
			}
			top, _ := page["continue"].(string)
			meta, _ := page["metadata"].(map[string]any)["continue"].(string)
			if opts.BlueXPContinueInMetadata {
				if top != "" || meta == "" {
					t.Fatalf("continue top %q, metadata %q: want it in metadata only", top, meta)
				}
			} else if top == "" || meta != "" {
				t.Fatalf("continue top %q, metadata %q: want it at the top only", top, meta)
			}
		})
	}
}

// SetForbidden answers NetApp's documented 403.
func TestBlueXPForbidden(t *testing.T) {
	sb := New(Options{})
	srv := httptest.NewServer(sb)
	defer srv.Close()
	pid := sb.BlueXP().AddPartnership("", "p")
	sb.BlueXP().SetForbidden(pid, true)
	status, p := bxpGet(t, srv.URL+BlueXPBasePath+"/partnerships/"+pid+"/resourceadmins")
	if status != 403 || p["title"] != "Operation not permitted" || !strings.HasSuffix(fmt.Sprint(p["type"]), "/problems/11") {
		t.Fatalf("%d %v", status, p)
	}
}
