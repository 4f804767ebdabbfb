package sandbox

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

const ccPath = "/cloudcockpit/v1/Customers/delegated-admin-relationships/rel-1/access-assignments?providerInstanceId=pi-1"

func ccHeaders(token string) []string {
	return []string{"Authorization", "Bearer " + token, "X-Tenant", DefaultCloudCockpitTenant, "X-Correlation-Id", "corr-1"}
}

func TestCloudCockpitAssignmentLifecycle(t *testing.T) {
	e := newEnv(t, Options{CloudCockpitActivationDelay: 300 * time.Millisecond})
	cc := e.s.CloudCockpit()
	cc.AddRelationship("pi-1", "rel-1", RelationshipActive)

	if r := e.do("POST", ccPath, "", "Authorization", "Bearer "+DefaultCloudCockpitToken); r.status != http.StatusUnauthorized {
		t.Fatalf("without X-Tenant: %d", r.status)
	}
	if r := e.do("POST", ccPath, "", ccHeaders("nope")...); r.status != http.StatusUnauthorized {
		t.Fatalf("bad token: %d", r.status)
	}
	if r := e.do("POST", ccPath, "", ccHeaders(DefaultCloudCockpitToken)...); r.status != http.StatusOK {
		t.Fatalf("create: %d %s", r.status, r.body)
	}
	r := e.do("POST", ccPath, "", ccHeaders(DefaultCloudCockpitToken)...)
	var body ccErrorBody
	if r.status != http.StatusBadRequest || json.Unmarshal([]byte(r.body), &body) != nil || body.CorrelationID != "corr-1" || len(body.Errors) != 1 {
		t.Fatalf("second create: %d %s", r.status, r.body)
	}
	status := func() string {
		r := e.do("GET", ccPath, "", ccHeaders(DefaultCloudCockpitToken)...)
		var list []ccAssignmentJSON
		if err := json.Unmarshal([]byte(r.body), &list); err != nil || len(list) != 1 {
			t.Fatalf("list: %d %s", r.status, r.body)
		}
		return list[0].Status.Name
	}
	if s := status(); s != "pending" {
		t.Fatalf("status = %s, want pending", s)
	}
	time.Sleep(350 * time.Millisecond)
	if s := status(); s != "active" {
		t.Fatalf("status = %s, want active", s)
	}
}

func TestCloudCockpitInactiveRelationshipAndFailure(t *testing.T) {
	e := newEnv(t, Options{})
	cc := e.s.CloudCockpit()
	cc.AddRelationship("pi-1", "rel-1", RelationshipApproved)
	r := e.do("POST", ccPath, "", ccHeaders(DefaultCloudCockpitToken)...)
	if r.status != http.StatusBadRequest || !strings.Contains(r.body, "is approved") {
		t.Fatalf("approved relationship: %d %s", r.status, r.body)
	}
	cc.AddRelationship("pi-1", "rel-1", RelationshipActive)
	cc.FailAssignments("pi-1", "rel-1")
	if r := e.do("POST", ccPath, "", ccHeaders(DefaultCloudCockpitToken)...); r.status != http.StatusOK {
		t.Fatalf("create: %d", r.status)
	}
	if got := cc.Assignments("pi-1", "rel-1"); len(got) != 1 || got[0] != "error" {
		t.Fatalf("assignments = %v", got)
	}
}

func TestCloudCockpitEntraToken(t *testing.T) {
	e := newEnv(t, Options{})
	form := url.Values{"client_id": {DefaultCloudCockpitClientID}, "client_secret": {DefaultCloudCockpitClientSecret},
		"scope": {CloudCockpitScope}, "grant_type": {"client_credentials"}}
	post := func(f url.Values) (int, map[string]any) {
		r := e.postToken("/entra/tenant-1/oauth2/v2.0/token", "application/x-www-form-urlencoded", f.Encode())
		return r.status, r.object()
	}
	code, out := post(form)
	tok, _ := out["access_token"].(string)
	if code != http.StatusOK || tok == "" {
		t.Fatalf("token: %d %v", code, out)
	}
	if r := e.do("PUT", "/_sandbox/cloudcockpit/relationships", `{"providerInstanceId":"pi-1","relationshipId":"rel-1","status":"active"}`); r.status != http.StatusOK {
		t.Fatalf("admin seed: %d %s", r.status, r.body)
	}
	if r := e.do("GET", ccPath, "", ccHeaders(tok)...); r.status != http.StatusOK {
		t.Fatalf("list with minted token: %d", r.status)
	}
	form.Set("client_secret", "wrong")
	if code, out := post(form); code != http.StatusUnauthorized || out["error"] != "invalid_client" {
		t.Fatalf("bad secret: %d %v", code, out)
	}
	if n := e.s.CloudCockpit().TokensIssued(); n != 1 {
		t.Fatalf("tokens issued = %d", n)
	}
}
