package sandbox

import (
	"net/http"
	"sync"
	"time"
)

// LateWrites emulates a vendor that commits a write but whose answer does
// not reach the client in time: the write is applied at once, then its
// answer is held back (past a client's deadline, or until Ctrl-C) or the
// connection is closed with no answer at all. Unlike Faults, it is
// deterministic: it touches every write (any method but GET, HEAD and
// OPTIONS) while set, so a test knows which request met it.
type LateWrites struct {
	// Delay holds each write's answer this long after the write is applied.
	// A client that gives up first never sees it; the write stays done.
	Delay time.Duration
	// Drop closes the connection with no answer, after applying, for the
	// next Drop writes (counting down from SetLateWrites); later writes are
	// answered normally (after Delay).
	Drop int
}

// Log kinds (LogEntry.Fault) of a late or dropped write answer.
const (
	FaultLateAnswer = "late-answer"
	FaultDropAnswer = "drop-after-write"
)

type lateWrites struct {
	mu   sync.Mutex
	cfg  LateWrites
	drop int // writes still to drop
}

func (l *lateWrites) set(cfg LateWrites) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.cfg, l.drop = cfg, max(cfg.Drop, 0)
}

// take reports what to do with one write: hold its answer for delay, or
// drop it.
func (l *lateWrites) take() (delay time.Duration, drop bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.drop > 0 {
		l.drop--
		return 0, true
	}
	return l.cfg.Delay, false
}

// SetLateWrites replaces the late-write behaviour; safe while serving. The
// zero value answers every write at once.
func (s *Server) SetLateWrites(cfg LateWrites) { s.late.set(cfg) }

// CurrentLateWrites returns the late-write behaviour in effect, with Drop
// counting the writes still to drop.
func (s *Server) CurrentLateWrites() LateWrites {
	s.late.mu.Lock()
	defer s.late.mu.Unlock()
	return LateWrites{Delay: s.late.cfg.Delay, Drop: s.late.drop}
}

func isWrite(r *http.Request) bool {
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return false
	}
	return true
}

// serveLate runs a write's handler and then answers late or not at all, as
// LateWrites says; it returns false, having done nothing, when the request
// is not a write or no late-write behaviour is set. e.Fault records what
// happened.
func (s *Server) serveLate(v *vendor, sw *statusWriter, w http.ResponseWriter, r *http.Request, e *LogEntry, finish func()) bool {
	if !isWrite(r) {
		return false
	}
	delay, drop := s.late.take()
	if delay <= 0 && !drop {
		return false
	}
	buf := newBufferedWriter()
	v.serve(buf, r)
	if drop {
		e.Fault = FaultDropAnswer
		finish() // before the close, so a client seeing the reset also sees the entry
		abort(w)
		return true
	}
	e.Fault = FaultLateAnswer
	if sleep(r.Context(), delay) {
		buf.copyTo(sw)
	} // else the client gave up: logged with status 0, and acted
	return true
}

// lateWritesJSON is LateWrites on the wire.
type lateWritesJSON struct {
	Delay jsonDuration `json:"delay"`
	Drop  int          `json:"drop"`
}

// registerLateWritesAdmin serves
//
//	GET /_sandbox/late-writes   current LateWrites
//	PUT /_sandbox/late-writes   {"delay": "1.5s", "drop": 1}
func (s *Server) registerLateWritesAdmin() {
	s.root.HandleFunc("GET /_sandbox/late-writes", func(w http.ResponseWriter, r *http.Request) {
		cur := s.CurrentLateWrites()
		writeJSON(w, http.StatusOK, lateWritesJSON{Delay: jsonDuration(cur.Delay), Drop: cur.Drop})
	})
	s.root.HandleFunc("PUT /_sandbox/late-writes", func(w http.ResponseWriter, r *http.Request) {
		in, ok := decodeAdmin[lateWritesJSON](w, r)
		if !ok {
			return
		}
		if in.Drop < 0 {
			adminError(w, http.StatusBadRequest, "drop must not be negative")
			return
		}
		s.SetLateWrites(LateWrites{Delay: time.Duration(in.Delay), Drop: in.Drop})
		writeJSON(w, http.StatusOK, in)
	})
}
