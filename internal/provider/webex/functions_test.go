package webex_test

import (
	"context"
	"encoding/base64"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/webex"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/webexid"
)

// IDs from Cisco's API reference (webex/webex-openapi-specs, webex-admin.json),
// written out rather than computed, so the tests do not share the code under test.
const (
	ciscoOrgUUID    = "96abc2aa-3dcc-11e5-a152-fe34819cdc9a"
	ciscoOrgID      = "Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi85NmFiYzJhYS0zZGNjLTExZTUtYTE1Mi1mZTM0ODE5Y2RjOWE"
	ciscoPersonUUID = "f5b36187-c8dd-4727-8b2f-f9c447f29046"
	ciscoPersonID   = "Y2lzY29zcGFyazovL3VzL1BFT1BMRS9mNWIzNjE4Ny1jOGRkLTQ3MjctOGIyZi1mOWM0NDdmMjkwNDY"
	// A role ID: its last segment is not a UUID.
	ciscoRoleID = "Y2lzY29zcGFyazovL3VzL1JPTEUvaWRfZnVsbF9hZG1pbg"
)

// call runs f as the framework would after decoding the arguments.
func call(t *testing.T, f function.Function, args ...string) (string, *function.FuncError) {
	t.Helper()
	values := make([]attr.Value, len(args))
	for i, a := range args {
		values[i] = types.StringValue(a)
	}
	resp := function.RunResponse{Result: function.NewResultData(types.StringUnknown())}
	f.Run(context.Background(), function.RunRequest{Arguments: function.NewArgumentsData(values)}, &resp)
	if resp.Error != nil {
		return "", resp.Error
	}
	v, ok := resp.Result.Value().(types.String)
	if !ok || v.IsUnknown() || v.IsNull() {
		t.Fatalf("result %#v: want a known string", resp.Result.Value())
	}
	return v.ValueString(), nil
}

func TestWebexIDFunction(t *testing.T) {
	cases := map[string]struct{ kind, uuid, want string }{
		"organization":      {webexid.TypeOrganization, ciscoOrgUUID, ciscoOrgID},
		"person":            {webexid.TypePeople, ciscoPersonUUID, ciscoPersonID},
		"upper-case uuid":   {webexid.TypeOrganization, strings.ToUpper(ciscoOrgUUID), ciscoOrgID},
		"mixed-case person": {webexid.TypePeople, "F5b36187-C8dd-4727-8B2f-f9c447f29046", ciscoPersonID},
	}
	for name, c := range cases {
		got, ferr := call(t, webex.NewIDFunction(), c.kind, c.uuid)
		if ferr != nil {
			t.Errorf("%s: webex_id(%q, %q): %v", name, c.kind, c.uuid, ferr)
			continue
		}
		if got != c.want {
			t.Errorf("%s: webex_id(%q, %q) = %q, want %q", name, c.kind, c.uuid, got, c.want)
		}
		// What the resources' validators accept.
		if _, err := webexid.ParseType(got, c.kind); err != nil {
			t.Errorf("%s: %q is refused by the resources: %v", name, got, err)
		}
	}
}

func TestWebexIDFunction_errors(t *testing.T) {
	cases := map[string]struct {
		kind, uuid string
		arg        int64
		want       string
	}{
		"lower-case kind":    {"people", ciscoPersonUUID, 0, `kind must be "PEOPLE" or "ORGANIZATION"; got "people"\. Write it in upper case, as Webex IDs do: "PEOPLE"$`},
		"mixed-case kind":    {"Organization", ciscoOrgUUID, 0, `got "Organization"\. Write it in upper case.*"ORGANIZATION"`},
		"other type":         {webexid.TypeRole, ciscoOrgUUID, 0, `^kind must be "PEOPLE" or "ORGANIZATION"; got "ROLE"$`},
		"empty kind":         {"", ciscoOrgUUID, 0, `^kind must be .*; got ""$`},
		"kind with space":    {"PEOPLE ", ciscoPersonUUID, 0, `got "PEOPLE "`},
		"singular kind":      {"PERSON", ciscoPersonUUID, 0, `got "PERSON"`},
		"not a uuid":         {webexid.TypePeople, "alice", 1, `^uuid must be a UUID such as "96abc2aa-3dcc-11e5-a152-fe34819cdc9a" \(8-4-4-4-12 hexadecimal digits\); got "alice"$`},
		"empty uuid":         {webexid.TypePeople, "", 1, `^uuid must be a UUID.*; got ""$`},
		"no dashes":          {webexid.TypeOrganization, strings.ReplaceAll(ciscoOrgUUID, "-", ""), 1, `uuid must be a UUID`},
		"braces":             {webexid.TypeOrganization, "{" + ciscoOrgUUID + "}", 1, `uuid must be a UUID`},
		"leading space":      {webexid.TypeOrganization, " " + ciscoOrgUUID, 1, `uuid must be a UUID`},
		"trailing newline":   {webexid.TypeOrganization, ciscoOrgUUID + "\n", 1, `uuid must be a UUID`},
		"urn prefix":         {webexid.TypeOrganization, "urn:uuid:" + ciscoOrgUUID, 1, `uuid must be a UUID`},
		"path":               {webexid.TypeOrganization, "x/ORGANIZATION/" + ciscoOrgUUID, 1, `uuid must be a UUID`},
		"non-hex digit":      {webexid.TypeOrganization, "g6abc2aa-3dcc-11e5-a152-fe34819cdc9a", 1, `uuid must be a UUID`},
		"already a Webex ID": {webexid.TypeOrganization, ciscoOrgID, 1, `That is already a Webex ORGANIZATION ID: use it as it is, or provider::partneradmin::webex_uuid\(\) to get its UUID$`},
		"long":               {webexid.TypeOrganization, strings.Repeat("a", 600), 1, `uuid must be a UUID.*…"`},
	}
	for name, c := range cases {
		got, ferr := call(t, webex.NewIDFunction(), c.kind, c.uuid)
		checkArgError(t, name, got, ferr, c.arg, c.want)
	}
}

func TestWebexUUIDFunction(t *testing.T) {
	cases := map[string]struct{ id, want string }{
		"organization": {ciscoOrgID, ciscoOrgUUID},
		"person":       {ciscoPersonID, ciscoPersonUUID},
		"padded, upper-case uuid": {
			base64.StdEncoding.EncodeToString([]byte("ciscospark://us/PEOPLE/" + strings.ToUpper(ciscoPersonUUID))), ciscoPersonUUID,
		},
		"regional": {
			base64.RawURLEncoding.EncodeToString([]byte("ciscospark://urn:TEAM:eu-central-1_k/ORGANIZATION/" + ciscoOrgUUID)), ciscoOrgUUID,
		},
		"regional, padded": {
			base64.URLEncoding.EncodeToString([]byte("ciscospark://urn:TEAM:us-gov-west-1_a1/PEOPLE/" + ciscoPersonUUID)), ciscoPersonUUID,
		},
		"another type": {
			base64.RawStdEncoding.EncodeToString([]byte("ciscospark://us/LOCATION/" + ciscoOrgUUID)), ciscoOrgUUID,
		},
	}
	for name, c := range cases {
		got, ferr := call(t, webex.NewUUIDFunction(), c.id)
		if ferr != nil {
			t.Errorf("%s: webex_uuid(%q): %v", name, c.id, ferr)
			continue
		}
		if got != c.want {
			t.Errorf("%s: webex_uuid(%q) = %q, want %q", name, c.id, got, c.want)
		}
	}
}

func TestWebexUUIDFunction_errors(t *testing.T) {
	cases := map[string]struct{ id, want string }{
		"a UUID": {ciscoOrgUUID, `^id must be a Webex ID \(base64 of ciscospark://<cluster>/<TYPE>/<uuid>\); got "` + ciscoOrgUUID +
			`": invalid Webex ID: .*\. That is already a UUID: use it as it is, or provider::partneradmin::webex_id\(\) to build its Webex ID$`},
		"empty":          {"", `^id must be a Webex ID.*; got "": invalid Webex ID: empty$`},
		"role name":      {ciscoRoleID, `got "` + ciscoRoleID + `": invalid Webex ID: expected ciscospark://<cluster>/<TYPE>/<uuid>$`},
		"not ciscospark": {base64.RawStdEncoding.EncodeToString([]byte("https://example.com/PEOPLE/" + ciscoPersonUUID)), `does not decode to a ciscospark:// URI`},
		// The example IDs on Cisco's partner pages are upper-cased, which breaks their base64.
		"upper-cased": {strings.ToUpper(ciscoOrgID), `invalid Webex ID`},
		"whitespace":  {ciscoOrgID + " ", `only base64 characters`},
		"url-escaped": {base64.StdEncoding.EncodeToString([]byte("ciscospark://us/PEOPLE/"+ciscoPersonUUID+"x")) + "%3D", `only base64 characters`},
	}
	for name, c := range cases {
		got, ferr := call(t, webex.NewUUIDFunction(), c.id)
		checkArgError(t, name, got, ferr, 0, c.want)
	}
}

// webex_uuid undoes webex_id, and webex_id rebuilds an ID naming the same
// object as any encoding webex_uuid was given.
func TestWebexIDFunctions_roundTrip(t *testing.T) {
	uuids := []string{ciscoOrgUUID, strings.ToUpper(ciscoPersonUUID), "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-4fff-bfff-ffffffffffff"}
	for _, kind := range []string{webexid.TypePeople, webexid.TypeOrganization} {
		for _, u := range uuids {
			id, ferr := call(t, webex.NewIDFunction(), kind, u)
			if ferr != nil {
				t.Fatalf("webex_id(%q, %q): %v", kind, u, ferr)
			}
			back, ferr := call(t, webex.NewUUIDFunction(), id)
			if ferr != nil {
				t.Fatalf("webex_uuid(%q): %v", id, ferr)
			}
			if back != strings.ToLower(u) {
				t.Errorf("webex_uuid(webex_id(%q, %q)) = %q", kind, u, back)
			}
			for _, form := range []string{
				base64.StdEncoding.EncodeToString([]byte("ciscospark://us/" + kind + "/" + u)),
				base64.RawURLEncoding.EncodeToString([]byte("ciscospark://urn:TEAM:eu-central-1_k/" + kind + "/" + u)),
			} {
				got, ferr := call(t, webex.NewUUIDFunction(), form)
				if ferr != nil {
					t.Fatalf("webex_uuid(%q): %v", form, ferr)
				}
				again, ferr := call(t, webex.NewIDFunction(), kind, got)
				if ferr != nil || again != id || !webexid.Equal(again, form) {
					t.Errorf("webex_id(%q, webex_uuid(%q)) = %q, %v; want %q", kind, form, again, ferr, id)
				}
			}
		}
	}
}

func checkArgError(t *testing.T, name, got string, ferr *function.FuncError, arg int64, want string) {
	t.Helper()
	if ferr == nil {
		t.Errorf("%s: got %q, want an error", name, got)
		return
	}
	switch {
	case ferr.FunctionArgument == nil:
		t.Errorf("%s: error names no argument, want %d: %s", name, arg, ferr.Text)
	case *ferr.FunctionArgument != arg:
		t.Errorf("%s: error names argument %d, want %d: %s", name, *ferr.FunctionArgument, arg, ferr.Text)
	}
	if !regexp.MustCompile(want).MatchString(ferr.Text) {
		t.Errorf("%s: error %q does not match %q", name, ferr.Text, want)
	}
}
