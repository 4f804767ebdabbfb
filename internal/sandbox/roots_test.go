package sandbox

import (
	"net/http"
	"strings"
	"testing"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/webexid"
)

// Each vendor's root endpoint answers with its documented fields.
func TestRootEndpoints(t *testing.T) {
	e := newEnv(t, Options{})

	var me map[string]any
	e.do(http.MethodGet, "/webex/v1/people/me", "").want(t, http.StatusOK).json(t, &me)
	if id, _ := me["id"].(string); id == "" {
		t.Errorf("people/me has no id: %v", me)
	} else if _, err := webexid.ParseType(id, webexid.TypePeople); err != nil {
		t.Errorf("people/me id %q: %v", id, err)
	}
	if me["orgId"] != e.s.Webex().PartnerOrgID() || me["type"] != "person" {
		t.Errorf("people/me = %v", me)
	}
	e.do(http.MethodGet, "/webex/v1/people/me", "", "Authorization", "Bearer nope").want(t, http.StatusUnauthorized).webexErr(t)

	bx := e.s.BlueXP()
	bx.AddPartnership("", "one")
	bx.AddPartnership("", "two")
	bxp := "Bearer " + DefaultBlueXPToken
	var page struct {
		Items []struct {
			ID, Name, State, Type, Version string
		}
		Count    int
		Continue string
	}
	e.do(http.MethodGet, BlueXPBasePath+"/partnerships?limit=1", "", "Authorization", bxp).want(t, http.StatusOK).json(t, &page)
	if len(page.Items) != 1 || page.Continue == "" || page.Items[0].Type != "application/vnd.netapp.bxp.partnership" || page.Items[0].Version != "1.0" {
		t.Errorf("first page = %+v", page)
	}
	first := page.Items[0].ID
	e.do(http.MethodGet, BlueXPBasePath+"/partnerships?limit=1&continue="+page.Continue, "", "Authorization", bxp).want(t, http.StatusOK).json(t, &page)
	if len(page.Items) != 1 || page.Items[0].ID == first {
		t.Errorf("second page = %+v", page)
	}
	e.do(http.MethodGet, BlueXPBasePath+"/partnerships", "", "Authorization", "Bearer nope").want(t, http.StatusUnauthorized)

	cc := e.s.CloudCockpit()
	cc.AddRelationship("0f8fad5b-d9cb-469f-a165-70867728950e", "r1", RelationshipActive)
	cc.AddRelationship("0f8fad5b-d9cb-469f-a165-70867728950e", "r2", RelationshipActive)
	hdr := []string{"Authorization", "Bearer " + DefaultCloudCockpitToken, "X-Tenant", DefaultCloudCockpitTenant}
	var inst struct {
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
		TotalCount int `json:"totalCount"`
		TotalPages int `json:"totalPages"`
	}
	e.do(http.MethodGet, "/cloudcockpit/v1/Providers/Instances?pageNumber=1&pageSize=1", "", hdr...).want(t, http.StatusOK).json(t, &inst)
	if inst.TotalCount < 1 || len(inst.Items) != 1 || inst.Items[0].ID == "" {
		t.Errorf("provider instances = %+v", inst)
	}
	e.do(http.MethodGet, "/cloudcockpit/v1/Providers/Instances?pageSize=0", "", hdr...).want(t, http.StatusBadRequest)
	e.do(http.MethodGet, "/cloudcockpit/v1/Providers/Instances", "", "Authorization", "Bearer "+DefaultCloudCockpitToken, "X-Tenant", "other").
		want(t, http.StatusUnauthorized)
}

// Unknown paths answer the vendor's error body, or with UnknownPathsBare a
// gateway's 404 with no body; known routes are unaffected.
func TestUnknownPaths(t *testing.T) {
	e := newEnv(t, Options{UnknownPaths: UnknownPathsBare})
	r := e.do(http.MethodGet, "/webex/v2/v1/people/me", "").want(t, http.StatusNotFound)
	if r.body != "" {
		t.Errorf("bare gateway 404 has a body: %q", r.body)
	}
	e.do(http.MethodGet, "/webex/v1/people/me", "").want(t, http.StatusOK)
	e.do(http.MethodGet, BlueXPBasePath+"/partnerships", "", "Authorization", "Bearer "+DefaultBlueXPToken).want(t, http.StatusOK)
	if r := e.do(http.MethodGet, "/cloudcockpit/v2/x", ""); r.status != http.StatusNotFound || r.body != "" {
		t.Errorf("cloudcockpit unknown path: %d %q", r.status, r.body)
	}

	e.s.SetUnknownPaths(UnknownPathsVendor)
	e.do(http.MethodGet, "/webex/v2/v1/people/me", "").want(t, http.StatusNotFound).webexErr(t)
	if r := e.do(http.MethodGet, "/bluexp/v2/management/partnerships", ""); !strings.Contains(r.body, "bluexp.netapp.io/problems/2") {
		t.Errorf("bluexp unknown path: %d %q", r.status, r.body)
	}

	for _, s := range []string{"", "vendor", "bare"} {
		if _, err := ParseUnknownPaths(s); err != nil {
			t.Errorf("%q: %v", s, err)
		}
	}
	if _, err := ParseUnknownPaths("gateway"); err == nil {
		t.Error("unknown mode accepted")
	}
}
