package sandbox

import (
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/webexid"
)

func TestAdminHTTP(t *testing.T) {
	e := newEnv(t, Options{})

	var org struct{ OrgID string }
	e.do("POST", "/_sandbox/webex/orgs", `{"name":"Initech"}`).want(t, 201).json(t, &org)
	if _, err := webexid.ParseType(org.OrgID, webexid.TypeOrganization); err != nil {
		t.Fatalf("orgId %q: %v", org.OrgID, err)
	}
	fixed := "0a11ce00-0000-4000-8000-000000000001"
	e.do("POST", "/_sandbox/webex/orgs", `{"id":"`+fixed+`","name":"Fixed"}`).want(t, 201).json(t, &org)
	if org.OrgID != webexid.Encode("us", webexid.TypeOrganization, fixed) {
		t.Errorf("fixed orgId %q", org.OrgID)
	}
	e.do("POST", "/_sandbox/webex/orgs", `{"id":"nope"}`).want(t, 400)
	e.do("POST", "/_sandbox/webex/orgs", `{"nmae":"typo"}`).want(t, 400) //nolint:misspell // a deliberate typo: unknown fields are refused

	var person struct{ PersonID string }
	e.do("POST", "/_sandbox/webex/people", `{"displayName":"Dan","partnerRole":"partner_admin","calling":true}`).want(t, 201).json(t, &person)
	e.do("POST", "/_sandbox/webex/assignments", `{"orgId":"`+org.OrgID+`","personId":"`+person.PersonID+`"}`).want(t, 204)
	e.do("POST", "/_sandbox/webex/assignments", `{"orgId":"`+org.OrgID+`","personId":"`+person.PersonID+`"}`).want(t, 409)
	if got := e.s.Webex().Assignments(org.OrgID); !slices.Equal(got, []string{person.PersonID}) {
		t.Errorf("Assignments %v", got)
	}
	e.do("PUT", "/_sandbox/webex/people/"+url.PathEscape(person.PersonID)+"/executiveAssistant", `{"type":"EXECUTIVE"}`).want(t, 204)
	if got, _ := e.s.Webex().ExecutiveAssistantType(person.PersonID); got != EATypeExecutive {
		t.Errorf("EA %q", got)
	}

	var state WebexState
	e.do("GET", "/_sandbox/webex/state", "").want(t, 200).json(t, &state)
	if len(state.Orgs) != 5 || len(state.People) != 6 || state.PartnerOrgID != e.demo.PartnerOrgID {
		t.Errorf("state %+v", state)
	}
	last := state.Orgs[len(state.Orgs)-1]
	if last.Name != "Fixed" || !slices.Equal(last.Assignments, []string{person.PersonID}) {
		t.Errorf("last org %+v", last)
	}

	q := url.Values{"orgId": {org.OrgID}, "personId": {person.PersonID}}.Encode()
	e.do("DELETE", "/_sandbox/webex/assignments?"+q, "").want(t, 204)
	e.do("DELETE", "/_sandbox/webex/assignments?"+q, "").want(t, 404)

	e.do("POST", "/_sandbox/webex/tokens", `{"token":"t2","scopes":["spark-admin:organizations_read"]}`).want(t, 204)
	e.do("GET", adminsPath(org.OrgID), "", "Authorization", "Bearer t2").want(t, 200)

	// Faults: durations as strings or milliseconds; admin requests are never faulted.
	var f Faults
	e.do("PUT", "/_sandbox/faults", `{"locked":1,"latency":"5ms","retryAfter":1000}`).want(t, 200).json(t, &f)
	if f.Locked != 1 || f.Latency != 5*time.Millisecond || f.RetryAfter != time.Second {
		t.Errorf("faults %+v", f)
	}
	e.do("PUT", "/_sandbox/faults", `{"locked":2}`).want(t, 400)
	e.do("GET", adminsPath(org.OrgID), "").want(t, 423)
	e.do("GET", "/_sandbox/faults", "").want(t, 200).json(t, &f)
	if f.Locked != 1 {
		t.Errorf("GET faults %+v", f)
	}
	e.do("PUT", "/_sandbox/faults", `{}`).want(t, 200)

	var log []LogEntry
	e.do("GET", "/_sandbox/log", "").want(t, 200).json(t, &log)
	if len(log) != 2 || log[0].Status != 200 || log[1].Fault != FaultLocked {
		t.Errorf("log %+v", log)
	}
	var st Stats
	e.do("GET", "/_sandbox/stats", "").want(t, 200).json(t, &st)
	if st.Requests != 2 || st.Faults[FaultLocked] != 1 || st.Routes["webex GET /v1/partner/organizations/{orgId}/partnerAdmins"] != 2 {
		t.Errorf("stats %+v", st)
	}
	e.do("DELETE", "/_sandbox/log", "").want(t, 204)
	if len(e.s.Log()) != 0 || e.s.Stats().Requests != 0 {
		t.Error("log not reset")
	}

	var demo DemoData
	e.do("POST", "/_sandbox/demo", "").want(t, 200).json(t, &demo)
	if demo != e.demo {
		t.Errorf("demo %+v != %+v", demo, e.demo)
	}
	e.do("GET", "/_sandbox/nothing", "").want(t, 404)
	e.do("DELETE", "/_sandbox/webex/orgs/"+url.PathEscape(org.OrgID), "").want(t, 204)
	e.do("GET", adminsPath(org.OrgID), "").want(t, 404)
}

func TestDemoIDsAreStable(t *testing.T) {
	a, b := New(Options{}).SeedDemo(), New(Options{}).SeedDemo()
	if a != b {
		t.Fatalf("demo ids differ: %+v %+v", a, b)
	}
	if a.AliceID != webexid.Encode("us", webexid.TypePeople, DemoAliceUUID) {
		t.Errorf("AliceID %q", a.AliceID)
	}
}

func TestConcurrentUse(t *testing.T) {
	e := newEnv(t, Options{VisibilityDelay: time.Millisecond, Faults: Faults{ServerError: 0.3}, RateLimit: 1000})
	done := make(chan struct{})
	for i := range 8 {
		go func() {
			defer func() { done <- struct{}{} }()
			p := e.s.Webex().AddPerson(Person{PartnerRole: RolePartnerAdmin, Calling: true})
			for range 10 {
				_, _ = e.try("POST", assignPath(e.demo.AcmeOrgID, p), "")
				_, _ = e.try("GET", adminsPath(e.demo.AcmeOrgID), "")
				_, _ = e.try("PUT", eaPath(p), `{"type":"EXECUTIVE"}`)
				_ = e.s.Webex().Unassign(e.demo.AcmeOrgID, p)
				_ = e.s.Stats()
				if i == 0 {
					e.s.SetFaults(Faults{Locked: 0.1})
				}
			}
		}()
	}
	for range 8 {
		<-done
	}
	if got := len(e.s.Log()); got != 8*10*3 {
		t.Errorf("%d log entries", got)
	}
}
