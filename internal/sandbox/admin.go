package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// The admin HTTP API lives under /_sandbox/: it is never faulted and never
// logged, so cmd/sandbox and the demo can drive the sandbox from outside
// the process. Errors are {"error": "..."}.
//
//	GET    /_sandbox/log          request log
//	DELETE /_sandbox/log          clear log and stats
//	GET    /_sandbox/stats        counters
//	GET    /_sandbox/faults       current Faults
//	PUT    /_sandbox/faults       replace Faults (durations as "250ms" or milliseconds)
//	POST   /_sandbox/demo         seed the demo data, returns DemoData
//
// Vendor admin routes (e.g. /_sandbox/webex/...) are registered by the vendor.
func (s *Server) registerAdmin() {
	s.root.HandleFunc("GET /_sandbox/log", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, s.Log())
	})
	s.root.HandleFunc("DELETE /_sandbox/log", func(w http.ResponseWriter, r *http.Request) {
		s.ResetLog()
		w.WriteHeader(http.StatusNoContent)
	})
	s.root.HandleFunc("GET /_sandbox/stats", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, s.Stats())
	})
	s.root.HandleFunc("GET /_sandbox/faults", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, s.CurrentFaults())
	})
	s.root.HandleFunc("PUT /_sandbox/faults", func(w http.ResponseWriter, r *http.Request) {
		f, ok := decodeAdmin[Faults](w, r)
		if !ok {
			return
		}
		s.SetFaults(f)
		writeJSON(w, http.StatusOK, f)
	})
	s.root.HandleFunc("POST /_sandbox/demo", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, s.SeedDemo())
	})
	s.root.HandleFunc("/_sandbox/", func(w http.ResponseWriter, r *http.Request) {
		adminError(w, http.StatusNotFound, "unknown admin endpoint "+r.Method+" "+r.URL.Path)
	})
}

func adminError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

// decodeAdmin decodes a JSON request body, answering 400 itself on failure.
func decodeAdmin[T any](w http.ResponseWriter, r *http.Request) (T, bool) {
	var v T
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	dec.DisallowUnknownFields() // a typo in a fault name should fail loudly
	if err := dec.Decode(&v); err != nil {
		adminError(w, http.StatusBadRequest, "invalid JSON body: "+err.Error())
		return v, false
	}
	return v, true
}

// faultsJSON is Faults on the wire.
type faultsJSON struct {
	RateLimited float64      `json:"rateLimited"`
	Locked      float64      `json:"locked"`
	ServerError float64      `json:"serverError"`
	ResetBefore float64      `json:"resetBefore"`
	ResetAfter  float64      `json:"resetAfter"`
	Latency     jsonDuration `json:"latency"`
	RetryAfter  jsonDuration `json:"retryAfter"`
}

// MarshalJSON writes durations as Go duration strings ("250ms").
func (f Faults) MarshalJSON() ([]byte, error) {
	return json.Marshal(faultsJSON{f.RateLimited, f.Locked, f.ServerError, f.ResetBefore, f.ResetAfter,
		jsonDuration(f.Latency), jsonDuration(f.RetryAfter)})
}

// UnmarshalJSON accepts durations as strings ("1s") or milliseconds (250),
// and rejects rates outside [0,1].
func (f *Faults) UnmarshalJSON(b []byte) error {
	var j faultsJSON
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&j); err != nil {
		return err
	}
	for name, v := range map[string]float64{"rateLimited": j.RateLimited, "locked": j.Locked, "serverError": j.ServerError, "resetBefore": j.ResetBefore, "resetAfter": j.ResetAfter} {
		if v < 0 || v > 1 {
			return fmt.Errorf("%s must be within [0,1], got %v", name, v)
		}
	}
	*f = Faults{j.RateLimited, j.Locked, j.ServerError, j.ResetBefore, j.ResetAfter, time.Duration(j.Latency), time.Duration(j.RetryAfter)}
	return nil
}

type jsonDuration time.Duration

func (d jsonDuration) MarshalJSON() ([]byte, error) { return json.Marshal(time.Duration(d).String()) }

func (d *jsonDuration) UnmarshalJSON(b []byte) error {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	switch v := v.(type) {
	case string:
		p, err := time.ParseDuration(v)
		if err != nil {
			return err
		}
		*d = jsonDuration(p)
	case float64:
		*d = jsonDuration(time.Duration(v * float64(time.Millisecond)))
	case nil:
		*d = 0
	default:
		return errors.New("duration must be a string like \"250ms\" or a number of milliseconds")
	}
	if *d < 0 {
		return errors.New("duration must not be negative")
	}
	return nil
}
