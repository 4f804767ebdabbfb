package webex

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
)

const (
	listRoute   = "webex GET /v1/partner/organizations/{orgId}/partnerAdmins"
	assignRoute = "webex POST /v1/partner/organizations/{orgId}/partnerAdmin/{personId}/assign"
)

type recentEnv struct {
	sb         *sandbox.Server
	c          *Client
	org        string
	alice, bob string
	skew       atomic.Int64 // added to the client's clock
}

func newRecentEnv(t *testing.T, opts sandbox.Options, wrap func(http.Handler) http.Handler) *recentEnv {
	t.Helper()
	e := &recentEnv{sb: sandbox.New(opts)}
	var h http.Handler = e.sb
	if wrap != nil {
		h = wrap(h)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	st := e.sb.Webex()
	e.org = st.AddOrg("Acme")
	e.alice = st.AddPerson(sandbox.Person{DisplayName: "Alice", PartnerRole: sandbox.RolePartnerAdmin})
	e.bob = st.AddPerson(sandbox.Person{DisplayName: "Bob", PartnerRole: sandbox.RolePartnerAdmin})
	c, err := New(Config{BaseURL: srv.URL + "/webex", AccessToken: sandbox.DefaultWebexToken})
	if err != nil {
		t.Fatal(err)
	}
	c.recent.now = func() time.Time { return time.Now().Add(time.Duration(e.skew.Load())) }
	e.c = c
	return e
}

func (e *recentEnv) routes(route string) int { return e.sb.Stats().Routes[route] }

func (e *recentEnv) isAssigned(t *testing.T, personID string, want bool) {
	t.Helper()
	got, err := e.c.IsAssigned(context.Background(), e.org, personID)
	if err != nil || got != want {
		t.Fatalf("IsAssigned = %v, %v; want %v", got, err, want)
	}
}

// Many creates of one customer checking at once cost one list read, and
// later checks within the window none.
func TestIsAssignedOneReadPerCustomer(t *testing.T) {
	e := newRecentEnv(t, sandbox.Options{}, nil)
	if err := e.sb.Webex().Assign(e.org, e.alice); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			person, want := e.alice, true
			if i%2 == 1 {
				person, want = e.bob, false
			}
			if got, err := e.c.IsAssigned(context.Background(), e.org, person); err != nil || got != want {
				t.Errorf("IsAssigned = %v, %v; want %v", got, err, want)
			}
		}()
	}
	wg.Wait()
	e.isAssigned(t, e.bob, false)
	if n := e.routes(listRoute); n != 1 {
		t.Errorf("%d list reads for 9 checks of one customer, want 1", n)
	}
}

// The window is a bound: an assignment made by hand after the list was read
// is seen once the list is older than AssignedCheckWindow, by a new read.
func TestIsAssignedReadsAgainAfterTheWindow(t *testing.T) {
	e := newRecentEnv(t, sandbox.Options{}, nil)
	e.isAssigned(t, e.bob, false)
	if err := e.sb.Webex().Assign(e.org, e.bob); err != nil {
		t.Fatal(err)
	}
	e.isAssigned(t, e.bob, false) // within the window: the list read before it
	e.skew.Store(int64(AssignedCheckWindow + time.Millisecond))
	e.isAssigned(t, e.bob, true)
	if n := e.routes(listRoute); n != 2 {
		t.Errorf("%d list reads, want 2 (one per window)", n)
	}
}

// The client's own assigns and unassigns count from their answer, even
// where Webex does not list them yet: a second create of the same
// assignment in one run is refused, and the create after a destroy is not.
func TestIsAssignedLaysOwnWritesOverTheList(t *testing.T) {
	e := newRecentEnv(t, sandbox.Options{VisibilityDelay: time.Hour}, nil)
	ctx := context.Background()
	e.isAssigned(t, e.alice, false)
	admin, err := e.c.AssignPartnerAdmin(ctx, e.org, e.alice)
	if err != nil || admin != nil {
		t.Fatalf("AssignPartnerAdmin = %v, %v; want no admin listed (not visible for an hour), no error", admin, err)
	}
	e.isAssigned(t, e.alice, true)
	e.isAssigned(t, e.bob, false)
	if _, err := e.c.UnassignPartnerAdmin(ctx, e.org, e.alice); err != nil {
		t.Fatal(err)
	}
	e.isAssigned(t, e.alice, false)
	// The first check's read and the assign's and unassign's read-backs;
	// nothing since.
	if n := e.routes(listRoute); n != 3 {
		t.Errorf("%d list reads, want 3", n)
	}
}

// A write that fails forgets the customer's list: what Webex did is not
// known, so the next check reads. Here the list read first does not show
// Alice, she is then assigned by hand, and the client's assign of her is
// refused (its read-back, if sent, fails): only a new read shows her.
func TestIsAssignedReadsAgainAfterAFailedWrite(t *testing.T) {
	var failReads atomic.Bool
	e := newRecentEnv(t, sandbox.Options{}, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if failReads.Load() && r.Method == http.MethodGet {
				http.Error(w, "held back by the test", http.StatusBadRequest)
				return
			}
			next.ServeHTTP(w, r)
		})
	})
	e.isAssigned(t, e.alice, false)
	if err := e.sb.Webex().Assign(e.org, e.alice); err != nil {
		t.Fatal(err)
	}
	failReads.Store(true)
	_, err := e.c.AssignPartnerAdmin(context.Background(), e.org, e.alice)
	failReads.Store(false)
	if err == nil || !IsRefusal(err) {
		t.Fatalf("assigning an assigned admin: %v, want the sandbox's refusal", err)
	}
	e.isAssigned(t, e.alice, true)
}

// The read-back goes out before the assign's answer: here the assign's
// answer is held until the read arrives (and the read until the assign is
// applied), so an assign that read back only after its answer would wait
// out the hold and find nothing listed in time.
func TestAssignReadsBackBeforeItsAnswer(t *testing.T) {
	applied, readArrived := make(chan struct{}), make(chan struct{})
	var once sync.Once
	const hold = 10 * time.Second
	wait := func(ch chan struct{}) bool {
		select {
		case <-ch:
			return true
		case <-time.After(hold):
			return false
		}
	}
	var readFirst atomic.Bool
	e := newRecentEnv(t, sandbox.Options{}, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch {
			case r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/assign"):
				rec := httptest.NewRecorder()
				next.ServeHTTP(rec, r)
				close(applied)
				readFirst.Store(wait(readArrived))
				for k, vs := range rec.Header() {
					w.Header()[k] = vs
				}
				w.WriteHeader(rec.Code)
				_, _ = w.Write(rec.Body.Bytes())
			case r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/partnerAdmins"):
				once.Do(func() { close(readArrived) })
				wait(applied)
				next.ServeHTTP(w, r)
			default:
				next.ServeHTTP(w, r)
			}
		})
	})
	admin, err := e.c.AssignPartnerAdmin(context.Background(), e.org, e.alice)
	if err != nil {
		t.Fatal(err)
	}
	if !readFirst.Load() {
		t.Errorf("the read-back did not reach Webex before the assign was answered")
	}
	if admin == nil || admin.DisplayName != "Alice" {
		t.Errorf("AssignPartnerAdmin returned %+v, want Alice as the read-back listed her", admin)
	}
	if a, l := e.routes(assignRoute), e.routes(listRoute); a != 1 || l != 1 {
		t.Errorf("%d assigns and %d list reads, want 1 and 1", a, l)
	}
}

// An unassign's read-back tells the caller the admin is gone when it no
// longer lists them, and only then: where Webex still lists them (the
// unassign not visible yet), gone is false and the caller polls.
func TestUnassignReadsBack(t *testing.T) {
	for _, c := range []struct {
		name     string
		opts     sandbox.Options
		wantGone bool
	}{
		{"visible at once", sandbox.Options{}, true},
		{"visible after an hour", sandbox.Options{VisibilityDelay: time.Hour}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := newRecentEnv(t, c.opts, nil)
			if err := e.sb.Webex().Assign(e.org, e.alice); err != nil { // admin writes are visible at once
				t.Fatal(err)
			}
			gone, err := e.c.UnassignPartnerAdmin(context.Background(), e.org, e.alice)
			if err != nil || gone != c.wantGone {
				t.Fatalf("UnassignPartnerAdmin = %v, %v; want %v, no error", gone, err, c.wantGone)
			}
			if n := e.routes(listRoute); n != 1 {
				t.Errorf("%d list reads, want 1 (the read-back)", n)
			}
		})
	}
}
