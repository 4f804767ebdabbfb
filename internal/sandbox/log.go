package sandbox

import (
	"maps"
	"slices"
	"sync"
	"time"
)

// LogEntry records one vendor request, faulted or not. Admin requests and
// Go admin calls are never logged.
type LogEntry struct {
	Seq        int       `json:"seq"` // arrival order, from 1
	Time       time.Time `json:"time"`
	Vendor     string    `json:"vendor"` // "webex", "bluexp", "cloudcockpit"
	Method     string    `json:"method"`
	Path       string    `json:"path"`    // r.URL.EscapedPath(), with the vendor prefix
	RawPath    string    `json:"rawPath"` // r.URL.RawPath, set only when the path had escapes
	Query      string    `json:"query"`
	Route      string    `json:"route"`  // matched pattern, e.g. "POST /v1/partner/...", "" if none
	Status     int       `json:"status"` // 0 for a reset or a request abandoned by the client
	Fault      string    `json:"fault"`  // "", or one of the Fault* constants
	Acted      bool      `json:"acted"`  // the handler changed state
	TrackingID string    `json:"trackingId"`
	// Token labels the bearer token a request carried ("static", or
	// "issued-N" for the Nth token the vendor's token endpoint issued); on
	// a token endpoint's entry, the token it issued. Never the token itself.
	Token   string `json:"token,omitempty"`
	Attempt int    `json:"attempt"` // arrivals of this method+path+query so far, from 1; with the seed it picks the fault
}

// Stats counts vendor requests since New or the last ResetLog.
type Stats struct {
	Requests int            `json:"requests"`
	Faults   map[string]int `json:"faults"` // by fault kind
	// Routes counts by "<vendor> <route>", e.g. "webex POST /v1/...";
	// unmatched requests count as "<vendor> <METHOD> (no route)".
	Routes map[string]int `json:"routes"`
}

type requestLog struct {
	mu      sync.Mutex
	seq     int
	entries []LogEntry
	stats   Stats
}

func (l *requestLog) nextSeq() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.seq++
	return l.seq
}

func (l *requestLog) add(e LogEntry) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = append(l.entries, e)
	if l.stats.Faults == nil {
		l.stats.Faults, l.stats.Routes = map[string]int{}, map[string]int{}
	}
	l.stats.Requests++
	if e.Fault != "" {
		l.stats.Faults[e.Fault]++
	}
	route := e.Route
	if route == "" {
		route = e.Method + " (no route)"
	}
	l.stats.Routes[e.Vendor+" "+route]++
}

// Log returns a copy of the request log in arrival order.
func (s *Server) Log() []LogEntry {
	s.log.mu.Lock()
	out := slices.Clone(s.log.entries)
	s.log.mu.Unlock()
	// Entries are appended on completion; concurrent requests finish out of order.
	slices.SortFunc(out, func(a, b LogEntry) int { return a.Seq - b.Seq })
	return out
}

// ResetLog clears the request log and the stats; Seq keeps counting.
func (s *Server) ResetLog() {
	s.log.mu.Lock()
	defer s.log.mu.Unlock()
	s.log.entries = nil
	s.log.stats = Stats{}
}

// Stats returns a copy of the request counters.
func (s *Server) Stats() Stats {
	s.log.mu.Lock()
	defer s.log.mu.Unlock()
	st := s.log.stats
	st.Faults = maps.Clone(st.Faults)
	st.Routes = maps.Clone(st.Routes)
	if st.Faults == nil {
		st.Faults, st.Routes = map[string]int{}, map[string]int{}
	}
	return st
}
