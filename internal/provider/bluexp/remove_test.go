package bluexp

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	bluexpapi "github.com/partneradmin/terraform-provider-partneradmin/internal/client/bluexp"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
)

// When one DELETE fails, removeIDs reports as not removed exactly the users
// whose DELETE did not succeed: here the failed one, not the one that
// succeeded before it, so state keeps only grants that may still exist.
func TestRemoveIDsReportsOnlyWhatMayRemain(t *testing.T) {
	t.Parallel()
	sb := sandbox.New(sandbox.Options{})
	bx := sb.BlueXP()
	pid := bx.AddPartnership("", "Acme MSP")
	gone, stays := bx.AddUser(sandbox.BlueXPUser{Name: "removed"}), bx.AddUser(sandbox.BlueXPUser{Name: "refused"})
	for _, id := range []string{gone, stays} {
		if err := bx.AddMember(pid, id); err != nil {
			t.Fatal(err)
		}
	}
	goneDone := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == http.MethodDelete && strings.HasSuffix(r.URL.Path, "/"+gone):
			sb.ServeHTTP(w, r)
			close(goneDone)
		case r.Method == http.MethodDelete && strings.HasSuffix(r.URL.Path, "/"+stays):
			select { // refuse only once the other DELETE has succeeded
			case <-goneDone:
			case <-time.After(10 * time.Second):
			}
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusForbidden)
			_, _ = w.Write([]byte(`{"message":"injected by the test"}`))
		default:
			sb.ServeHTTP(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	c, err := bluexpapi.New(bluexpapi.Config{BaseURL: srv.URL + sandbox.BlueXPBasePath, TokenURL: srv.URL + sandbox.BlueXPTokenPath, AccessToken: sandbox.DefaultBlueXPToken})
	if err != nil {
		t.Fatal(err)
	}
	r := &adminsResource{role: resourceAdminRole, bluexp: c}
	users := []userModel{byUserID(gone), byUserID(stays)}
	left, err := r.removeIDs(context.Background(), pid, users, map[string][]userModel{gone: users[:1], stays: users[1:]})
	if err == nil {
		t.Fatal("removeIDs succeeded, want the refused DELETE's error")
	}
	if len(left) != 1 || left[0].key() != users[1].key() {
		t.Errorf("not removed = %v, want only the refused user %s (error: %v)", left, stays, err)
	}
	if got := bx.Members(pid); len(got) != 1 || got[0] != stays {
		t.Errorf("members = %v, want [%s]", got, stays)
	}
}
