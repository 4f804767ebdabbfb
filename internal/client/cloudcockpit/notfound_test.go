package cloudcockpit_test

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/client/clienttest"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/client/cloudcockpit"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
)

func TestValidateBaseURL(t *testing.T) {
	for _, ok := range []string{cloudcockpit.DefaultBaseURL, "https://api.cloudcockpit.com/", "http://127.0.0.1:1/cloudcockpit"} {
		if err := cloudcockpit.ValidateBaseURL(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	for _, bad := range []string{"https://api.cloudcockpit.com/v1", "https://api.cloudcockpit.com/V1/", "http://example.com"} {
		if err := cloudcockpit.ValidateBaseURL(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// CloudCockpit documents no 404 for the list: one at a wrong root must not
// read as "assignment gone", whatever answers it.
func TestNotFoundNeedsTheRightRoot(t *testing.T) {
	sb := sandbox.New(sandbox.Options{})
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	const pid, rid = "0f8fad5b-d9cb-469f-a165-70867728950e", "7a6b5c4d-3e2f-1a0b-9c8d-7e6f5a4b3c2d"
	sb.CloudCockpit().AddRelationship(pid, rid, sandbox.RelationshipActive)
	ctx := context.Background()
	clienttest.CheckWrongRoots(t, sb, srv.URL, "/cloudcockpit/v2", "/nowhere", "cloudcockpit.base_url", func(t *testing.T, base string) map[string]error {
		c, err := cloudcockpit.New(cloudcockpit.Config{BaseURL: base, Tenant: sandbox.DefaultCloudCockpitTenant, AccessToken: sandbox.DefaultCloudCockpitToken})
		if err != nil {
			t.Fatal(err)
		}
		_, listErr := c.ListAccessAssignments(ctx, pid, rid)
		return map[string]error{"list": listErr}
	})
	// At the right root the same client call works, and the root check
	// (List all Provider Instances) answers: a vendor-shaped 404 there
	// would be proof.
	right, err := cloudcockpit.New(cloudcockpit.Config{BaseURL: srv.URL + "/cloudcockpit", Tenant: sandbox.DefaultCloudCockpitTenant, AccessToken: sandbox.DefaultCloudCockpitToken})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := right.ListAccessAssignments(ctx, pid, rid); err != nil {
		t.Fatalf("right root: %v", err)
	}
}
