package sandbox

import (
	"encoding/json"
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
	if status, _ = post("application/json", `{"grant_type":"refresh_token","refresh_token":"nope","client_id":"`+BlueXPRefreshClientID+`"}`); status != 401 {
		t.Fatalf("bad refresh token: %d, want 401", status)
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
