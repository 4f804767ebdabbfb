package provider_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/cloudcockpit"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/sharedtest"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
)

// The error paths of every list resource: a failure on a later page, 401,
// 403, 5xx, and a vendor the provider is not configured for. Each is one
// error result carrying the vendor's status, never a silently short list.

// NewListEnv is a provider server configured against h, with no retries
// (a 5xx is final at once), the given vendor blocks (all three when none are
// named) and the given access tokens in place of the sandbox's own.
func NewListEnv(t *testing.T, h http.Handler, tokens map[string]string, vendors ...string) *sharedtest.ProtoEnv {
	t.Helper()
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	e := sharedtest.NewProtoEnvNoConfigure(t)
	token := func(vendor, def string) string {
		if tok, ok := tokens[vendor]; ok {
			return tok
		}
		return def
	}
	blocks := map[string]any{
		"webex": map[string]any{"base_url": ts.URL + "/webex", "access_token": token("webex", sandbox.DefaultWebexToken)},
		"bluexp": map[string]any{"base_url": ts.URL + sandbox.BlueXPBasePath, "token_url": ts.URL + sandbox.BlueXPTokenPath,
			"access_token": token("bluexp", sandbox.DefaultBlueXPToken)},
		"cloudcockpit": map[string]any{"base_url": ts.URL + "/cloudcockpit", "tenant": sandbox.DefaultCloudCockpitTenant,
			"access_token": token("cloudcockpit", sandbox.DefaultCloudCockpitToken)},
	}
	cfg := map[string]any{"max_retries": 0}
	if len(vendors) == 0 {
		vendors = []string{"webex", "bluexp", "cloudcockpit"}
	}
	for _, v := range vendors {
		cfg[v] = blocks[v]
	}
	typ := e.Schemas.Provider.ValueType()
	resp, err := e.Server.ConfigureProvider(context.Background(), &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.14.0", Config: sharedtest.Dynamic(t, typ, sharedtest.ObjectValue(typ, cfg))})
	if err != nil {
		t.Fatal(err)
	}
	sharedtest.CheckDiags(t, "configure", resp.Diagnostics)
	return e
}

// answerWith answers every request that match selects with status and a
// small JSON body, and passes the rest to h.
func answerWith(h http.Handler, status int, match func(*http.Request) bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !match(r) {
			h.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(`{"message":"injected by the test"}`))
	})
}

// laterPage selects the requests for a page after the first of a vendor:
// Webex pages by "start" (its Link header), BlueXP by "continue".
func laterPage(prefix string) func(*http.Request) bool {
	return func(r *http.Request) bool {
		q := r.URL.Query()
		return strings.HasPrefix(r.URL.Path, prefix) && (q.Has("start") || q.Has("continue"))
	}
}

func vendorPath(prefix string) func(*http.Request) bool {
	return func(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, prefix) }
}

// lastIsError checks that results end in exactly one error result holding
// every want, after the given number of good results.
func lastIsError(t *testing.T, what string, got []sharedtest.Listed, good int, want ...string) {
	t.Helper()
	if len(got) != good+1 {
		t.Fatalf("%s: %d results, want %d then an error:\n%s", what, len(got), good, sharedtest.DiagsText(got))
	}
	for i, r := range got[:good] {
		if r.ErrorText() != "" || len(r.Identity) == 0 {
			t.Fatalf("%s: result %d is not a listed object: %+v %s", what, i, r, r.ErrorText())
		}
	}
	last := got[good]
	if len(last.Identity) != 0 {
		t.Fatalf("%s: the last result has an identity: %+v", what, last)
	}
	for _, w := range want {
		if !sharedtest.ErrorAt(last.Diags, "", w) {
			t.Fatalf("%s: the error result lacks %q:\n%s", what, w, sharedtest.DiagsText(got[good:]))
		}
	}
}

func TestListErrorPaths(t *testing.T) {
	sb := sandbox.New(sandbox.Options{PageSize: 2, WebexPagedPartnerLists: true})
	wx := sb.Webex()
	org := wx.AddOrg("Acme")
	person := wx.AddPerson(sandbox.Person{DisplayName: "Alice", PartnerRole: sandbox.RolePartnerAdmin})
	for range 4 {
		if err := wx.Assign(org, wx.AddPerson(sandbox.Person{DisplayName: "Admin", PartnerRole: sandbox.RolePartnerAdmin})); err != nil {
			t.Fatal(err)
		}
	}
	for range 3 {
		if err := wx.Assign(wx.AddOrg("Customer"), person); err != nil {
			t.Fatal(err)
		}
	}
	bx := sb.BlueXP()
	partnership := bx.AddPartnership("", "Acme MSP")
	for range 3 {
		if err := bx.AddMember(partnership, bx.AddUser(sandbox.BlueXPUser{Name: "u"})); err != nil {
			t.Fatal(err)
		}
	}
	const instance, rel = "0f8fad5b-d9cb-469f-a165-70867728950e", "Contoso-GDAP"
	sb.CloudCockpit().AddRelationship(instance, rel, sandbox.RelationshipActive)
	sb.CloudCockpit().AddAssignment(instance, rel)

	type list struct {
		name, typ, prefix, vendor, summary, authHint string
		config                                       map[string]any
		include                                      bool
		paged                                        bool // more than one page of results
		firstPage                                    int  // results streamed before a later page fails
	}
	lists := []list{
		{name: "webex by org", typ: sharedtest.WebexAssignmentType, prefix: "/webex", vendor: "webex", summary: "Unable to list the partner admins",
			authHint: "WEBEX_ACCESS_TOKEN", config: map[string]any{"org_id": org}, paged: true, firstPage: 2},
		{name: "webex by person", typ: sharedtest.WebexAssignmentType, prefix: "/webex", vendor: "webex", summary: "Unable to list the customer organizations",
			authHint: "WEBEX_ACCESS_TOKEN", config: map[string]any{"person_id": person}, paged: true, firstPage: 2},
		// With the resource, every page is read before the one result.
		{name: "bluexp", typ: sharedtest.BlueXPAdminsType, prefix: sandbox.BlueXPBasePath, vendor: "bluexp", summary: "Unable to list BlueXP ResourceAdmins",
			authHint: "BLUEXP_", config: map[string]any{"partnership_id": partnership}, include: true, paged: true, firstPage: 0},
		// Not paged: CloudCockpit returns the relationship's assignments at once.
		{name: "cloudcockpit", typ: cloudcockpit.AccessAssignmentType, prefix: "/cloudcockpit", vendor: "cloudcockpit", summary: "Unable to list CloudCockpit access assignments",
			authHint: "CLOUDCOCKPIT_ACCESS_TOKEN", config: map[string]any{"provider_instance_id": instance, "relationship_id": rel}},
	}
	for _, l := range lists {
		t.Run(l.name, func(t *testing.T) {
			opt := sharedtest.ListOptions{Include: l.include}
			if got := NewListEnv(t, sb, nil).List(l.typ, l.config, opt); len(got) == 0 || got[0].ErrorText() != "" {
				t.Fatalf("the listing itself fails: %s", sharedtest.DiagsText(got))
			}
			if l.paged {
				sb.ResetLog()
				got := NewListEnv(t, answerWith(sb, http.StatusServiceUnavailable, laterPage(l.prefix)), nil).List(l.typ, l.config, opt)
				lastIsError(t, "error on a later page", got, l.firstPage, l.summary, "HTTP 503")
			}
			got := NewListEnv(t, sb, map[string]string{l.vendor: "revoked-token"}).List(l.typ, l.config, opt)
			lastIsError(t, "401", got, 0, l.summary, "HTTP 401", l.authHint)
			got = NewListEnv(t, answerWith(sb, http.StatusForbidden, vendorPath(l.prefix)), nil).List(l.typ, l.config, opt)
			lastIsError(t, "403", got, 0, l.summary, "HTTP 403", "Tracking ID")
			for _, status := range []int{http.StatusInternalServerError, http.StatusBadGateway} {
				got = NewListEnv(t, answerWith(sb, status, vendorPath(l.prefix)), nil).List(l.typ, l.config, opt)
				lastIsError(t, http.StatusText(status), got, 0, l.summary, fmt.Sprintf("HTTP %d", status))
			}
			others := map[string]string{"webex": "bluexp", "bluexp": "cloudcockpit", "cloudcockpit": "webex"}
			sb.ResetLog()
			got = NewListEnv(t, sb, nil, others[l.vendor]).List(l.typ, l.config, opt)
			vendorName := map[string]string{"webex": "Webex", "bluexp": "BlueXP", "cloudcockpit": "CloudCockpit"}[l.vendor]
			if len(got) != 1 || !sharedtest.ErrorAt(got[0].Diags, "", vendorName+" is not configured") {
				t.Fatalf("vendor not configured: %s", sharedtest.DiagsText(got))
			}
			if n := sb.Stats().Requests; n != 0 {
				t.Fatalf("vendor not configured: %d requests sent", n)
			}
		})
	}
}
