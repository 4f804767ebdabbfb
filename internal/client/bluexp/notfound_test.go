package bluexp_test

import (
	"context"
	"testing"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/client"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/client/bluexp"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/client/clienttest"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
)

func TestValidateBaseURL(t *testing.T) {
	for _, ok := range []string{bluexp.DefaultBaseURL, bluexp.DefaultBaseURL + "/", "http://127.0.0.1:1" + sandbox.BlueXPBasePath} {
		if err := bluexp.ValidateBaseURL(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	for _, bad := range []string{bluexp.DefaultBaseURL + "/v1/management", bluexp.DefaultBaseURL + "/V1/Management/", "http://example.com/v1/management"} {
		if err := bluexp.ValidateBaseURL(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// A non-member's 404 at the right root is proof; at a wrong root, whatever
// answers, it is not, for reads and for removals.
func TestNotFoundNeedsTheRightRoot(t *testing.T) {
	sb, url := newSandbox(t)
	st := sb.BlueXP()
	pid := st.AddPartnership("", "p")
	user := st.AddUser(sandbox.BlueXPUser{Name: "u"})
	ctx := context.Background()

	right, err := bluexp.New(bluexp.Config{BaseURL: url + sandbox.BlueXPBasePath, AccessToken: sandbox.DefaultBlueXPToken})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := right.GetResourceAdmin(ctx, pid, user); !client.IsNotFound(err) {
		t.Fatalf("non-member at the right root: %v", err)
	}
	if err := right.RemoveResourceAdmin(ctx, pid, user); !client.IsNotFound(err) {
		t.Fatalf("removing a non-member at the right root: %v", err)
	}
	st.DeletePartnership(pid)
	// The list documents no 404: its refusal only says "maybe gone", and
	// the partnership read's 404 is the proof.
	if _, err := right.ListResourceAdmins(ctx, pid); client.IsNotFound(err) || !bluexp.MayMeanPartnershipGone(err) {
		t.Fatalf("list of a deleted partnership at the right root: %v", err)
	}
	if _, err := right.GetPartnership(ctx, pid); !client.IsNotFound(err) {
		t.Fatalf("deleted partnership at the right root: %v", err)
	}
	n := 0
	for _, e := range sb.Log() {
		if e.Route == "GET /v1/management/partnerships" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("List all partnerships called %d times for three 404s, want 1", n)
	}

	clienttest.CheckWrongRoots(t, sb, url, "/bluexp/v2/management", "/bluexp", "bluexp.base_url", func(t *testing.T, base string) map[string]error {
		c, err := bluexp.New(bluexp.Config{BaseURL: base, AccessToken: sandbox.DefaultBlueXPToken})
		if err != nil {
			t.Fatal(err)
		}
		_, listErr := c.ListResourceAdmins(ctx, pid)
		removeErr := c.RemoveResourceAdmin(ctx, pid, user)
		_, readErr := c.GetPartnership(ctx, pid)
		return map[string]error{"list": listErr, "remove": removeErr, "read partnership": readErr}
	})
}
