package sandbox

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestBlueXPTokenEndpointAcceptsJSONAndForm(t *testing.T) {
	e := newEnv(t, Options{})
	post := func(ct, body string) (int, map[string]any) {
		r := e.postToken(BlueXPTokenPath, ct, body)
		return r.status, r.object()
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
	r := newEnv(t, Options{}).do(http.MethodGet, BlueXPBasePath+"/partnerships/x/resourceadmins", "", "Authorization", "")
	if p := r.object(); r.status != 401 || p["status"] != "401" || p["correlationId"] == "" ||
		r.header.Get("Content-Type") != "application/problem+json" {
		t.Fatalf("got %d %v", r.status, p)
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

// Each documented reading: the user object never has an email; auth0Id is
// prefixed or bare; the continue token sits at the top level or in metadata.
func TestBlueXPUserShapeAndContinueReadings(t *testing.T) {
	for name, opts := range map[string]Options{
		"default":          {PageSize: 2},
		"bare and in meta": {PageSize: 2, BlueXPBareAuth0IDs: true, BlueXPContinueInMetadata: true},
	} {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, opts)
			st := e.s.BlueXP()
			pid := st.AddPartnership("", "p")
			for range 3 {
				if err := st.AddMember(pid, st.AddUser(BlueXPUser{Name: "u", Email: "u@example.com", Auth0ID: "auth0|5a09"})); err != nil {
					t.Fatal(err)
				}
			}
			r := e.bluexpGet("/partnerships/" + pid + "/resourceadmins")
			page := r.object()
			items, _ := page["items"].([]any)
			if r.status != 200 || len(items) != 2 {
				t.Fatalf("%d %v", r.status, page)
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
	e := newEnv(t, Options{})
	pid := e.s.BlueXP().AddPartnership("", "p")
	e.s.BlueXP().SetForbidden(pid, true)
	r := e.bluexpGet("/partnerships/" + pid + "/resourceadmins")
	if p := r.object(); r.status != 403 || p["title"] != "Operation not permitted" || !strings.HasSuffix(fmt.Sprint(p["type"]), "/problems/11") {
		t.Fatalf("%d %v", r.status, p)
	}
}

// A partnership id (a UUID) is matched in any case, by the API and by the
// out-of-band methods alike.
func TestBlueXPPartnershipIDInAnyCase(t *testing.T) {
	st := New(Options{}).BlueXP()
	pid := st.AddPartnership("", "p")
	user := st.AddUser(BlueXPUser{Name: "u"})
	upper := strings.ToUpper(pid)
	if err := st.AddMember(upper, user); err != nil {
		t.Fatal(err)
	}
	if m := st.Members(upper); len(m) != 1 {
		t.Fatalf("members of %s: %v", upper, m)
	}
	if _, e := st.get(BlueXPResourceAdmins, upper, user); e != nil {
		t.Fatalf("API read of %s: %v", upper, e)
	}
	if err := st.RemoveMember(upper, user); err != nil || len(st.Members(pid)) != 0 {
		t.Fatalf("remove: %v, members left %v", err, st.Members(pid))
	}
}
