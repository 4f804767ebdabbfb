package sandbox

import (
	"encoding/base64"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/webexid"
)

func TestWebexAuth(t *testing.T) {
	e := newEnv(t, Options{})
	e.s.Webex().AddToken("reader", ScopeOrganizationsRead)
	path := adminsPath(e.demo.AcmeOrgID)

	for name, auth := range map[string]string{"missing": "", "unknown": "Bearer nope", "not bearer": "Basic " + DefaultWebexToken} {
		r := e.do("GET", path, "", "Authorization", auth).want(t, 401)
		if b := r.webexErr(t); !strings.Contains(b.Message, "valid access token") {
			t.Errorf("%s: message %q", name, b.Message)
		}
	}
	e.do("GET", path, "", "Authorization", "Bearer reader").want(t, 200)
	r := e.do("POST", assignPath(e.demo.AcmeOrgID, e.demo.AliceID), "", "Authorization", "Bearer reader").want(t, 403)
	if b := r.webexErr(t); !strings.Contains(b.Message, ScopeOrganizationsWrite) {
		t.Errorf("403 message %q does not name the scope", b.Message)
	}
	if got := e.s.Webex().Assignments(e.demo.AcmeOrgID); len(got) != 0 {
		t.Errorf("a 403 assigned: %v", got)
	}
}

func TestWebexTrackingID(t *testing.T) {
	e := newEnv(t, Options{})
	r := e.do("GET", adminsPath(e.demo.AcmeOrgID), "", "TrackingID", "PROVIDER_abc")
	if got := r.header.Get("TrackingID"); got != "PROVIDER_abc" {
		t.Errorf("echoed TrackingID %q", got)
	}
	r = e.do("GET", adminsPath("bad"), "").want(t, 400)
	if b := r.webexErr(t); !strings.HasPrefix(b.TrackingID, "SANDBOX_") {
		t.Errorf("generated trackingId %q", b.TrackingID)
	}
	log := e.s.Log()
	if len(log) != 2 || log[0].TrackingID != "PROVIDER_abc" || log[1].TrackingID != r.header.Get("TrackingID") {
		t.Errorf("log tracking ids: %+v", log)
	}
}

func TestWebexAssignLifecycle(t *testing.T) {
	e := newEnv(t, Options{})
	org, alice := e.demo.AcmeOrgID, e.demo.AliceID

	r := e.do("POST", assignPath(org, alice), "").want(t, 200)
	if r.body != "" {
		t.Errorf("assign body %q", r.body)
	}
	if b := e.do("POST", assignPath(org, alice), "").want(t, 409).webexErr(t); !strings.Contains(b.Message, "already assigned") {
		t.Errorf("409 message %q", b.Message)
	}
	if got := e.s.Webex().Assignments(org); !slices.Equal(got, []string{alice}) {
		t.Errorf("Assignments = %v", got)
	}

	var list webexItems[webexAdminItem]
	e.do("GET", adminsPath(org), "").want(t, 200).json(t, &list)
	want := webexAdminItem{ID: alice, DisplayName: "Alice Anders", FirstName: "Alice", LastName: "Anders",
		Emails: []string{"alice@partner.example.com"}, RoleInCustomerOrg: "id_full_admin"}
	if len(list.Items) != 1 || !equalAdmin(list.Items[0], want) {
		t.Errorf("partnerAdmins = %+v", list.Items)
	}

	var managed webexItems[webexManagedOrg]
	e.do("GET", "/webex/v1/partner/organizations?managedBy="+url.QueryEscape(alice), "").want(t, 200).json(t, &managed)
	if len(managed.Items) != 1 || managed.Items[0].OrgID != org || !isRoleID(managed.Items[0].Role) {
		t.Errorf("managedBy = %+v", managed.Items)
	}

	r = e.do("DELETE", unassignPath(org, alice), "").want(t, 200)
	if r.body != "" {
		t.Errorf("unassign body %q", r.body)
	}
	e.do("DELETE", unassignPath(org, alice), "").want(t, 404).webexErr(t)
	e.do("GET", adminsPath(org), "").want(t, 200).json(t, &list)
	if len(list.Items) != 0 || list.Items == nil {
		t.Errorf("after unassign: %+v (want empty, non-null items)", list.Items)
	}

	entries := e.s.Log()
	if len(entries) != 7 || entries[0].Route != "POST /v1/partner/organizations/{orgId}/partnerAdmin/{personId}/assign" ||
		!entries[0].Acted || entries[1].Acted || entries[1].Status != 409 || entries[0].Vendor != "webex" {
		t.Errorf("log = %+v", entries)
	}
}

func equalAdmin(a, b webexAdminItem) bool {
	return a.ID == b.ID && a.DisplayName == b.DisplayName && a.FirstName == b.FirstName &&
		a.LastName == b.LastName && slices.Equal(a.Emails, b.Emails) && a.RoleInCustomerOrg == b.RoleInCustomerOrg
}

func isRoleID(s string) bool {
	_, err := webexid.ParseType(s, webexid.TypeRole)
	return err == nil
}

func TestWebexAssignErrors(t *testing.T) {
	e := newEnv(t, Options{})
	d := e.demo
	unknownOrg := webexid.Encode("us", webexid.TypeOrganization, newUUID())
	unknownPerson := webexid.Encode("us", webexid.TypePeople, newUUID())
	cases := []struct {
		name, org, person string
		status            int
		msg               string
	}{
		{"malformed org", "not-an-id", d.AliceID, 400, "Invalid ID"},
		{"person id as org", d.AliceID, d.AliceID, 400, "Invalid ID"},
		{"malformed person", d.AcmeOrgID, "x", 400, "Invalid ID"},
		{"unknown org", unknownOrg, d.AliceID, 404, "not found"},
		{"unknown person", d.AcmeOrgID, unknownPerson, 404, "not found"},
		{"no partner role", d.AcmeOrgID, d.CarolID, 400, "not a partner administrator"},
		{"full admin", d.AcmeOrgID, d.FionaID, 400, "already has access to all customers"},
	}
	for _, c := range cases {
		b := e.do("POST", assignPath(c.org, c.person), "").want(t, c.status).webexErr(t)
		if !strings.Contains(b.Message, c.msg) {
			t.Errorf("%s: message %q, want it to contain %q", c.name, b.Message, c.msg)
		}
	}
	e.do("DELETE", unassignPath(unknownOrg, d.AliceID), "").want(t, 404).webexErr(t)
	e.do("GET", adminsPath(unknownOrg), "").want(t, 404).webexErr(t)
	e.do("GET", adminsPath("%2E%2E"), "").want(t, 400).webexErr(t)

	// Routing errors are JSON too.
	e.do("GET", "/webex/v1/nothing-here", "").want(t, 404).webexErr(t)
	r := e.do("PATCH", assignPath(d.AcmeOrgID, d.AliceID), "").want(t, 405)
	r.webexErr(t)
	if !strings.Contains(r.header.Get("Allow"), "POST") {
		t.Errorf("Allow %q", r.header.Get("Allow"))
	}
}

func TestWebexManagedBy(t *testing.T) {
	e := newEnv(t, Options{})
	d := e.demo
	e.do("GET", "/webex/v1/partner/organizations", "").want(t, 400).webexErr(t)
	b := e.do("GET", "/webex/v1/partner/organizations?managedBy="+d.FionaID, "").want(t, 400).webexErr(t)
	if !strings.Contains(b.Message, "already has access to all customers") {
		t.Errorf("full admin message %q", b.Message)
	}
	e.do("GET", "/webex/v1/partner/organizations?managedBy="+webexid.Encode("us", webexid.TypePeople, newUUID()), "").want(t, 404)
	e.do("GET", "/webex/v1/partner/organizations?managedBy="+d.AcmeOrgID, "").want(t, 400)
}

func TestWebexRevoke(t *testing.T) {
	e := newEnv(t, Options{})
	d := e.demo
	for _, org := range []string{d.AcmeOrgID, d.GlobexOrgID} {
		if err := e.s.Webex().Assign(org, d.BobID); err != nil {
			t.Fatal(err)
		}
	}
	e.do("DELETE", "/webex/v1/partner/organizations/partnerAdmin/"+d.BobID, "").want(t, 204)
	if a, b := e.s.Webex().Assignments(d.AcmeOrgID), e.s.Webex().Assignments(d.GlobexOrgID); len(a)+len(b) != 0 {
		t.Errorf("after revoke: %v %v", a, b)
	}
	st := e.s.Stats()
	if st.Routes["webex DELETE /v1/partner/organizations/partnerAdmin/{personId}"] != 1 {
		t.Errorf("stats routes %v", st.Routes)
	}
}

func TestWebexPagination(t *testing.T) {
	e := newEnv(t, Options{PageSize: 2, WebexPagedPartnerLists: true})
	st := e.s.Webex()
	org := st.AddOrg("Paged")
	var want []string
	for i := range 5 {
		p := st.AddPerson(Person{DisplayName: "P" + string(rune('a'+i)), PartnerRole: RolePartnerAdmin})
		if err := st.Assign(org, p); err != nil {
			t.Fatal(err)
		}
		if err := st.Assign(e.demo.AcmeOrgID, p); err != nil && i == 0 {
			t.Fatal(err)
		}
		want = append(want, p)
	}
	var got []string
	next := e.ts.URL + adminsPath(org)
	pages := 0
	linkRE := regexp.MustCompile(`^<([^>]+)>; rel="next"$`)
	for next != "" {
		pages++
		r := e.do("GET", strings.TrimPrefix(next, e.ts.URL), "").want(t, 200)
		var list webexItems[webexAdminItem]
		r.json(t, &list)
		for _, it := range list.Items {
			got = append(got, it.ID)
		}
		next = ""
		if link := r.header.Get("Link"); link != "" {
			m := linkRE.FindStringSubmatch(link)
			if m == nil || !strings.HasPrefix(m[1], e.ts.URL+"/webex/v1/") {
				t.Fatalf("Link %q is not an absolute next link under /webex", link)
			}
			next = m[1]
		}
	}
	if pages != 3 || !slices.Equal(got, want) {
		t.Errorf("%d pages, ids %v, want 3 pages of %v", pages, got, want)
	}
	e.do("GET", adminsPath(org)+"?start=-1", "").want(t, 400).webexErr(t)
	e.do("GET", adminsPath(org)+"?max=1", "").want(t, 200)

	// The managedBy list pages the same way and keeps managedBy in the next link.
	p := st.AddPerson(Person{PartnerRole: RolePartnerAdmin})
	for range 3 {
		if err := st.Assign(st.AddOrg("x"), p); err != nil {
			t.Fatal(err)
		}
	}
	r := e.do("GET", "/webex/v1/partner/organizations?managedBy="+url.QueryEscape(p), "").want(t, 200)
	link := r.header.Get("Link")
	if !strings.Contains(link, "managedBy=") || !strings.Contains(link, "start=2") {
		t.Errorf("managedBy Link %q", link)
	}
}

// Cisco documents no paging for the partner lists: by default each answers
// whole, with no Link, however small PageSize is.
func TestWebexPartnerListsWholeByDefault(t *testing.T) {
	e := newEnv(t, Options{PageSize: 1})
	st := e.s.Webex()
	org := st.AddOrg("Whole")
	p := st.AddPerson(Person{PartnerRole: RolePartnerAdmin})
	for range 3 {
		if err := st.Assign(org, st.AddPerson(Person{PartnerRole: RolePartnerAdmin})); err != nil {
			t.Fatal(err)
		}
		if err := st.Assign(st.AddOrg("x"), p); err != nil {
			t.Fatal(err)
		}
	}
	for _, path := range []string{adminsPath(org), "/webex/v1/partner/organizations?managedBy=" + url.QueryEscape(p)} {
		r := e.do("GET", path, "").want(t, 200)
		var list webexItems[webexAdminItem]
		r.json(t, &list)
		if len(list.Items) != 3 || r.header.Get("Link") != "" {
			t.Errorf("%s: %d items, Link %q; want 3 and no Link", path, len(list.Items), r.header.Get("Link"))
		}
	}
}

func TestWebexIDForms(t *testing.T) {
	e := newEnv(t, Options{WebexRegionalIDs: true})
	d := e.demo
	orgUUID, personUUID := DemoAcmeOrgUUID, DemoAliceUUID
	forms := func(typ, uuid string) []string {
		raw := "ciscospark://us/" + typ + "/" + uuid
		regional := "ciscospark://urn:TEAM:eu-central-1_k/" + typ + "/" + strings.ToUpper(uuid)
		return []string{
			base64.StdEncoding.EncodeToString([]byte(raw)),         // padded
			base64.RawURLEncoding.EncodeToString([]byte(raw)),      // URL-safe
			base64.RawStdEncoding.EncodeToString([]byte(regional)), // regional, upper-case uuid
			url.PathEscape(base64.StdEncoding.EncodeToString([]byte(regional))),
		}
	}
	orgs, people := forms("ORGANIZATION", orgUUID), forms("PEOPLE", personUUID)
	for i := range orgs {
		e.do("POST", assignPath(orgs[i], people[i]), "").want(t, 200)
		e.do("POST", assignPath(orgs[(i+1)%len(orgs)], people[(i+2)%len(people)]), "").want(t, 409)
		var list webexItems[webexAdminItem]
		e.do("GET", adminsPath(orgs[(i+3)%len(orgs)]), "").want(t, 200).json(t, &list)
		if len(list.Items) != 1 {
			t.Fatalf("form %d: %+v", i, list.Items)
		}
		// Responses use the regional padded form, which names the same person.
		id := list.Items[0].ID
		if !strings.HasSuffix(id, "=") && len(id)%4 != 0 || !webexid.Equal(id, d.AliceID) || id == d.AliceID {
			t.Errorf("response id %q is not a regional form of %q", id, d.AliceID)
		}
		if dec, _ := base64.StdEncoding.DecodeString(id); !strings.Contains(string(dec), "urn:TEAM:") {
			t.Errorf("response id decodes to %q", dec)
		}
		e.do("DELETE", unassignPath(orgs[(i+2)%len(orgs)], people[(i+1)%len(people)]), "").want(t, 200)
	}
	// Admin methods accept any form too.
	if err := e.s.Webex().Assign(orgs[1], people[2]); err != nil {
		t.Fatal(err)
	}
	if got := e.s.Webex().Assignments(orgs[3]); !slices.Equal(got, []string{d.AliceID}) {
		t.Errorf("Assignments = %v", got)
	}
}

func TestWebexVisibilityDelay(t *testing.T) {
	const delay = 150 * time.Millisecond
	e := newEnv(t, Options{VisibilityDelay: delay})
	d := e.demo
	count := func() int {
		var list webexItems[webexAdminItem]
		e.do("GET", adminsPath(d.AcmeOrgID), "").want(t, 200).json(t, &list)
		return len(list.Items)
	}
	start := time.Now()
	e.do("POST", assignPath(d.AcmeOrgID, d.AliceID), "").want(t, 200)
	e.do("POST", assignPath(d.AcmeOrgID, d.AliceID), "").want(t, 409) // recorded at once
	if n := count(); n != 0 && time.Since(start) < delay {
		t.Fatalf("assignment visible before the delay")
	}
	if len(e.s.Webex().Assignments(d.AcmeOrgID)) != 1 {
		t.Error("Assignments must ignore the delay")
	}
	e.do("PUT", eaPath(d.AliceID), `{"type":"EXECUTIVE_ASSISTANT"}`).want(t, 204)
	var ea webexEA
	e.do("GET", eaPath(d.AliceID), "").want(t, 200).json(t, &ea)
	if ea.Type != EATypeExecutive && time.Since(start) < delay {
		t.Errorf("EA type %q visible before the delay", ea.Type)
	}
	time.Sleep(delay)
	if n := count(); n != 1 {
		t.Errorf("after the delay: %d admins", n)
	}
	e.do("GET", eaPath(d.AliceID), "").want(t, 200).json(t, &ea)
	if ea.Type != EATypeExecutiveAssistant {
		t.Errorf("after the delay: EA type %q", ea.Type)
	}

	// An admin write is visible at once and wins over an API write in flight.
	e.do("DELETE", unassignPath(d.AcmeOrgID, d.AliceID), "").want(t, 200)
	if err := e.s.Webex().Assign(d.AcmeOrgID, d.AliceID); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 1 {
		t.Errorf("admin re-assign: %d admins", n)
	}
	time.Sleep(delay)
	if n := count(); n != 1 {
		t.Errorf("admin re-assign after delay: %d admins", n)
	}
}

func TestWebexExecutiveAssistant(t *testing.T) {
	e := newEnv(t, Options{})
	d := e.demo
	var ea webexEA
	e.do("GET", eaPath(d.AliceID), "").want(t, 200).json(t, &ea)
	if ea.Type != EATypeExecutive {
		t.Errorf("Alice %q", ea.Type)
	}
	e.do("GET", eaPath(d.BobID)+"?orgId="+d.PartnerOrgID, "").want(t, 200).json(t, &ea)
	if ea.Type != EATypeExecutiveAssistant {
		t.Errorf("Bob %q", ea.Type)
	}
	r := e.do("PUT", eaPath(d.AliceID)+"?orgId="+d.PartnerOrgID, `{"type":"UNASSIGNED"}`).want(t, 204)
	if r.body != "" {
		t.Errorf("PUT body %q", r.body)
	}
	if got, _ := e.s.Webex().ExecutiveAssistantType(d.AliceID); got != EATypeUnassigned {
		t.Errorf("after PUT: %q", got)
	}
	if err := e.s.Webex().SetExecutiveAssistantType(d.AliceID, EATypeExecutive); err != nil {
		t.Fatal(err)
	}
	e.do("GET", eaPath(d.AliceID), "").want(t, 200).json(t, &ea)
	if ea.Type != EATypeExecutive {
		t.Errorf("after admin set: %q", ea.Type)
	}
	if err := e.s.Webex().SetExecutiveAssistantType(d.AliceID, "BOSS"); err == nil {
		t.Error("admin accepted an invalid type")
	}

	unknown := webexid.Encode("us", webexid.TypePeople, newUUID())
	if b := e.do("GET", eaPath(unknown), "").want(t, 404).webexErr(t); b.Message != "Person not found." {
		t.Errorf("unknown person message %q", b.Message)
	}
	e.do("GET", eaPath(d.AliceID)+"?orgId="+d.AcmeOrgID, "").want(t, 404).webexErr(t)
	e.do("GET", eaPath(d.AliceID)+"?orgId=junk", "").want(t, 400).webexErr(t)
	e.do("GET", eaPath("junk"), "").want(t, 400).webexErr(t)
	b := e.do("GET", eaPath(d.CarolID), "").want(t, 400).webexErr(t)
	if !strings.Contains(b.Message, "not a Webex Calling user") || b.Errors[0].ErrorCode == 0 {
		t.Errorf("no-Calling error %+v", b)
	}
	e.do("PUT", eaPath(d.CarolID), `{"type":"EXECUTIVE"}`).want(t, 400)
	e.do("PUT", eaPath(d.AliceID), `{"type":"BOSS"}`).want(t, 400).webexErr(t)
	e.do("PUT", eaPath(d.AliceID), `{"type":`).want(t, 400).webexErr(t)
	e.do("PUT", eaPath(d.AliceID), `{"type":"EXECUTIVE"} {}`).want(t, 400).webexErr(t)
	e.do("PUT", eaPath(d.AliceID), `{"type":"EXECUTIVE"}`, "Content-Type", "text/plain").want(t, 415).webexErr(t)
	e.do("PUT", eaPath(d.AliceID), "", "Content-Type", "").want(t, 415).webexErr(t)
	e.do("PUT", eaPath(d.AliceID), `{"type":"EXECUTIVE"}`, "Authorization", "Bearer "+DefaultWebexToken, "Content-Type", "application/json; charset=utf-8").want(t, 204)
	e.s.Webex().AddToken("reader", ScopePeopleRead)
	e.do("PUT", eaPath(d.AliceID), `{"type":"EXECUTIVE"}`, "Authorization", "Bearer reader").want(t, 403)
}
