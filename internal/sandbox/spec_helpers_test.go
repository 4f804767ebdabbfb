package sandbox_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
)

// violation is one place where traffic between the client and the sandbox
// departs from what the vendor documents.
type violation struct {
	Op     string // "GET /partner/organizations", as the vendor writes the path
	Status int    // response status; 0 for a request violation
	Kind   string // "request", "query", "path", "status", "body", "header", "field", "type", "required"
	Detail string
}

func (v violation) String() string {
	s := v.Op
	if v.Status != 0 {
		s += " → " + http.StatusText(v.Status) + " (" + strconv.Itoa(v.Status) + ")"
	}
	return s + ": " + v.Kind + ": " + v.Detail
}

// knownGap is a disagreement between the sandbox and the vendor's docs that
// is reported, not failed, until the sandbox is fixed. Each one shows as a
// skipped subtest naming the fix, so it cannot be forgotten.
type knownGap struct {
	ID      string
	Reason  string // what the docs say, what the sandbox does, the fix
	Matches func(violation) bool
}

// recorder collects violations and which (operation, status) pairs the
// traffic exercised.
type recorder struct {
	mu   sync.Mutex
	bad  []violation
	seen map[string]bool
}

func (r *recorder) add(v violation) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.bad = append(r.bad, v)
}

func (r *recorder) saw(op string, status int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.seen == nil {
		r.seen = map[string]bool{}
	}
	r.seen[op+" "+strconv.Itoa(status)] = true
}

func (r *recorder) hasSeen(op string, status int) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.seen[op+" "+strconv.Itoa(status)]
}

func (r *recorder) violations() []violation {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]violation(nil), r.bad...)
}

// startSandbox serves a sandbox with opts until the test ends.
func startSandbox(t *testing.T, opts sandbox.Options) (*sandbox.Server, *httptest.Server) {
	t.Helper()
	s := sandbox.New(opts)
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return s, srv
}

// reading is one way the sandbox can read a vendor's docs: its Options.
type reading struct {
	name string
	opts sandbox.Options
}

// exchange is an endpoint, as the vendor writes it, and a status of its
// answers.
type exchange struct {
	op     string
	status int
}

// checkTraffic runs drive under each reading, the traffic reporting to one
// recorder; then it fails for every exchange of want the traffic never
// produced (so that a change which stops exercising one is seen), and for
// every violation no known gap explains.
func checkTraffic(t *testing.T, readings []reading, drive func(t *testing.T, rec *recorder, opts sandbox.Options), want []exchange, gaps []knownGap) {
	t.Helper()
	rec := &recorder{}
	for _, rd := range readings {
		t.Run(rd.name, func(t *testing.T) { drive(t, rec, rd.opts) })
	}
	for _, w := range want {
		if !rec.hasSeen(w.op, w.status) {
			t.Errorf("the traffic never produced %s → %d", w.op, w.status)
		}
	}
	report(t, rec.violations(), gaps)
}

// report fails the test on every violation no known gap explains, and runs
// one subtest per known gap: skipped (with its reason) while the gap is
// still observed, passing with a note once it is gone.
func report(t *testing.T, vs []violation, gaps []knownGap) {
	t.Helper()
	explained := map[string][]violation{}
	var unexplained []string
	for _, v := range vs {
		matched := false
		for _, g := range gaps {
			if g.Matches(v) {
				explained[g.ID] = append(explained[g.ID], v)
				matched = true
				break
			}
		}
		if !matched {
			unexplained = append(unexplained, v.String())
		}
	}
	sort.Strings(unexplained)
	for _, s := range dedupe(unexplained) {
		t.Errorf("not as the vendor documents: %s", s)
	}
	for _, g := range gaps {
		t.Run("known gap/"+g.ID, func(t *testing.T) {
			seen := explained[g.ID]
			if len(seen) == 0 {
				t.Logf("no longer observed: remove this known gap (%s)", g.Reason)
				return
			}
			var lines []string
			for _, v := range seen {
				lines = append(lines, v.String())
			}
			t.Skipf("%s\nobserved:\n  %s", g.Reason, strings.Join(dedupe(lines), "\n  "))
		})
	}
}

func dedupe(s []string) []string {
	sort.Strings(s)
	out := s[:0:0]
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// readBody reads and restores a body, so a checker can look at it and the
// caller still gets it whole.
func readBody(rc *io.ReadCloser) []byte {
	if *rc == nil || *rc == http.NoBody {
		return nil
	}
	b, _ := io.ReadAll(*rc)
	_ = (*rc).Close()
	*rc = io.NopCloser(bytes.NewReader(b))
	return b
}
