package sandbox

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"
)

// A write answered late is applied before its answer: a client that gives
// up first still changed the vendor's state, and reads are never delayed.
func TestLateWritesAnswerLate(t *testing.T) {
	e := newEnv(t, Options{LateWrites: LateWrites{Delay: 5 * time.Second}})
	org, alice := e.demo.AcmeOrgID, e.demo.AliceID
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "POST", e.ts.URL+assignPath(org, alice), nil)
	req.Header.Set("Authorization", "Bearer "+DefaultWebexToken)
	if _, err := e.hc.Do(req); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err %v, want the client's deadline", err)
	}
	if got := e.s.Webex().Assignments(org); len(got) != 1 {
		t.Fatalf("the write was not applied before its late answer: %v", got)
	}
	start := time.Now()
	e.do("GET", adminsPath(org), "").want(t, 200)
	if d := time.Since(start); d > time.Second {
		t.Errorf("a read waited %s: only writes answer late", d)
	}
	// The handler returns once the client is gone; its entry shows it acted.
	var entry LogEntry
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline) && entry.Method == ""; time.Sleep(10 * time.Millisecond) {
		for _, l := range e.s.Log() {
			if l.Method == "POST" {
				entry = l
			}
		}
	}
	if entry.Method != "POST" || entry.Fault != FaultLateAnswer || entry.Status != 0 || !entry.Acted {
		t.Errorf("log entry %+v", entry)
	}

	// A patient client gets the real answer, late.
	e.s.SetLateWrites(LateWrites{Delay: 100 * time.Millisecond})
	start = time.Now()
	e.do("DELETE", unassignPath(org, alice), "").want(t, 200)
	if d := time.Since(start); d < 100*time.Millisecond {
		t.Errorf("answered after %s, want >= 100ms", d)
	}
}

// Drop applies the next N writes and closes their connections unanswered;
// the write after them is answered, here with the "already assigned" a
// retry meets.
func TestLateWritesDrop(t *testing.T) {
	e := newEnv(t, Options{LateWrites: LateWrites{Drop: 1}})
	org, alice := e.demo.AcmeOrgID, e.demo.AliceID
	if _, err := e.try("POST", assignPath(org, alice), ""); err == nil {
		t.Fatal("want a connection error")
	}
	if got := e.s.Webex().Assignments(org); len(got) != 1 {
		t.Fatalf("dropped write not applied: %v", got)
	}
	if got := e.s.CurrentLateWrites(); got.Drop != 0 {
		t.Errorf("drops left %d, want 0", got.Drop)
	}
	e.do("POST", assignPath(org, alice), "").want(t, 409)
	log := e.s.Log()
	if len(log) != 2 || log[0].Fault != FaultDropAnswer || log[0].Status != 0 || !log[0].Acted || log[1].Fault != "" {
		t.Errorf("log %+v", log)
	}
}

func TestLateWritesAdmin(t *testing.T) {
	e := newEnv(t, Options{})
	e.do("PUT", "/_sandbox/late-writes", `{"delay":"1.5s","drop":2}`).want(t, 200)
	if got := e.s.CurrentLateWrites(); got.Delay != 1500*time.Millisecond || got.Drop != 2 {
		t.Errorf("late writes %+v", got)
	}
	if r := e.do("GET", "/_sandbox/late-writes", "").want(t, 200); r.body != `{"delay":"1.5s","drop":2}`+"\n" {
		t.Errorf("GET %s", r.body)
	}
	e.do("PUT", "/_sandbox/late-writes", `{"drop":-1}`).want(t, 400)
	e.do("PUT", "/_sandbox/late-writes", `{"dlay":"1s"}`).want(t, 400)
}

// Cisco documents 400, 404 and 409 for every partner-admin operation and
// none for these two cases: each reading is an option.
func TestWebexDuplicateAndAbsentStatuses(t *testing.T) {
	for _, c := range []struct {
		opts              Options
		duplicate, absent int
	}{
		{Options{}, 409, 404},
		{Options{WebexDuplicateAssignStatus: 400, WebexAbsentUnassignStatus: 400}, 400, 400},
		{Options{WebexDuplicateAssignStatus: 200, WebexAbsentUnassignStatus: 200}, 200, 200},
	} {
		e := newEnv(t, c.opts)
		org, alice := e.demo.AcmeOrgID, e.demo.AliceID
		if r := e.do("DELETE", unassignPath(org, alice), "").want(t, c.absent); c.absent != 200 {
			r.webexErr(t)
		}
		e.do("POST", assignPath(org, alice), "").want(t, 200)
		if r := e.do("POST", assignPath(org, alice), "").want(t, c.duplicate); c.duplicate != 200 {
			r.webexErr(t)
		}
		if got := e.s.Webex().Assignments(org); len(got) != 1 {
			t.Errorf("%+v: assignments after assigning twice: %v, want the one", c.opts, got)
		}
	}
}
