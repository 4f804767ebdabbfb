package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"
)

// decodeWebexish mimics a vendor layer's DecodeError hook.
func decodeWebexish(e *APIError, body []byte) {
	var v struct {
		Message string `json:"message"`
		Errors  []struct {
			Description string `json:"description"`
		} `json:"errors"`
		TrackingID string `json:"trackingId"`
		Code       string `json:"code"`
	}
	if json.Unmarshal(body, &v) != nil {
		return
	}
	e.Message = v.Message
	for _, d := range v.Errors {
		e.Details = append(e.Details, d.Description)
	}
	if v.TrackingID != "" {
		e.RequestID = v.TrackingID
	}
	e.Code = v.Code
}

func TestDecodeErrorHookFillsAPIError(t *testing.T) {
	t.Parallel()
	srv, _ := serve(t, status(400, `{"message":"Invalid person","errors":[{"description":"personId is malformed"},{"description":"orgId missing"}],"trackingId":"ROUTER_123","code":"E42"}`))
	c := newTestClient(t, srv, func(o *Options) { o.DecodeError = decodeWebexish })
	_, err := c.Do(context.Background(), Request{Operation: "assign partner admin", Method: http.MethodPost, Path: []string{"orgs", "o 1"}}, nil)
	var e *APIError
	if !errors.As(err, &e) {
		t.Fatalf("got %T %v", err, err)
	}
	if e.Vendor != "Acme" || e.Operation != "assign partner admin" || e.Method != "POST" || e.Path != "/v1/management/orgs/o%201" ||
		e.StatusCode != 400 || e.Message != "Invalid person" || e.RequestID != "ROUTER_123" || e.Code != "E42" ||
		len(e.Details) != 2 || e.Details[1] != "orgId missing" {
		t.Fatalf("unexpected error fields: %+v", e)
	}
	want := "Acme assign partner admin: HTTP 400: Invalid person (personId is malformed; orgId missing) [tracking id ROUTER_123]"
	if e.Error() != want {
		t.Errorf("Error() = %q\nwant      %q", e.Error(), want)
	}
	d := e.Detail()
	for _, s := range []string{"Acme answered HTTP 400 Bad Request to POST /v1/management/orgs/o%201.", "Message: Invalid person",
		"  - personId is malformed", "Error code: E42", "Tracking ID: ROUTER_123 (quote it to Acme support)"} {
		if !strings.Contains(d, s) {
			t.Errorf("Detail() lacks %q:\n%s", s, d)
		}
	}
	e.Hint = "Check that the token has the spark-admin:organizations_write scope."
	if !strings.HasSuffix(e.Detail(), "\n\n"+e.Hint) {
		t.Errorf("Detail() does not end with the hint:\n%s", e.Detail())
	}
}

func TestNonJSONErrorBodyFallsBackToText(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("é", 400) // 800 bytes: the cut must not split a rune
	srv, _ := serve(t, status(502, "  <html>bad gateway</html>\n"), status(500, long))
	c := newTestClient(t, srv, func(o *Options) { o.DecodeError = decodeWebexish; o.MaxRetries = -1 })
	_, err := c.Do(context.Background(), Request{Operation: "get", Method: http.MethodGet}, nil)
	var e *APIError
	if !errors.As(err, &e) || e.Message != "<html>bad gateway</html>" {
		t.Fatalf("got %+v", err)
	}
	_, err = c.Do(context.Background(), Request{Operation: "get", Method: http.MethodGet}, nil)
	if !errors.As(err, &e) {
		t.Fatal(err)
	}
	if !strings.HasSuffix(e.Message, "…") || len(e.Message) > 500+len("…") || len(e.Message) < 490 || !utf8.ValidString(e.Message) {
		t.Errorf("message of %d bytes, valid UTF-8 %v: %q", len(e.Message), utf8.ValidString(e.Message), e.Message[len(e.Message)-10:])
	}
	// An empty body says the status text.
	srv, _ = serve(t, status(404, ``))
	c = newTestClient(t, srv, nil)
	_, err = c.Do(context.Background(), Request{Operation: "get person", Method: http.MethodGet}, nil)
	if !errors.As(err, &e) || !strings.Contains(e.Error(), "Acme get person: HTTP 404: Not Found [tracking id PA_") {
		t.Errorf("got %v", err)
	}
}

func TestRequestIDSameAcrossRetriesAndResponseWins(t *testing.T) {
	t.Parallel()
	srv, rec := serve(t, status(503, ``), status(429, ``), status(200, `{}`))
	c := newTestClient(t, srv, nil)
	resp, err := c.Do(context.Background(), Request{Operation: "get", Method: http.MethodGet}, nil)
	if err != nil {
		t.Fatal(err)
	}
	first := rec.headers[0].Get("TrackingID")
	if !strings.HasPrefix(first, "PA_") || len(first) != len("PA_")+36 {
		t.Fatalf("tracking id %q", first)
	}
	for i, h := range rec.headers {
		if h.Get("TrackingID") != first {
			t.Errorf("attempt %d sent %q, want %q", i+1, h.Get("TrackingID"), first)
		}
	}
	if resp.RequestID != first {
		t.Errorf("Response.RequestID %q, want %q", resp.RequestID, first)
	}
	// A second Do gets a fresh ID.
	if _, err := c.Do(context.Background(), Request{Operation: "get", Method: http.MethodGet}, nil); err != nil {
		t.Fatal(err)
	}
	if rec.headers[3].Get("TrackingID") == first {
		t.Error("two calls share a tracking id")
	}

	echo := func(code int) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("TrackingID", "SRV_"+r.Header.Get("TrackingID"))
			w.WriteHeader(code)
		}
	}
	srv, rec = serve(t, echo(200), echo(409))
	c = newTestClient(t, srv, nil)
	resp, err = c.Do(context.Background(), Request{Operation: "get", Method: http.MethodGet}, nil)
	if err != nil || resp.RequestID != "SRV_"+rec.headers[0].Get("TrackingID") {
		t.Fatalf("err %v, request id %q", err, resp.RequestID)
	}
	_, err = c.Do(context.Background(), Request{Operation: "get", Method: http.MethodGet}, nil)
	var e *APIError
	if !errors.As(err, &e) || e.RequestID != "SRV_"+rec.headers[1].Get("TrackingID") || !IsConflict(err) {
		t.Fatalf("got %v", err)
	}
}

func TestNoRequestIDHeaderConfigured(t *testing.T) {
	t.Parallel()
	srv, rec := serve(t, status(200, `{}`))
	c := newTestClient(t, srv, func(o *Options) { o.RequestIDHeader = "" })
	resp, err := c.Do(context.Background(), Request{Operation: "get", Method: http.MethodGet}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rec.headers[0].Get("TrackingID") != "" || !strings.HasPrefix(resp.RequestID, "PA_") {
		t.Errorf("sent %q, reported %q", rec.headers[0].Get("TrackingID"), resp.RequestID)
	}
}

func TestStatusHelpers(t *testing.T) {
	t.Parallel()
	wrap := func(code int) error { return fmt.Errorf("outer: %w", &APIError{StatusCode: code}) }
	cases := []struct {
		err                error
		status             int
		notFound, conflict bool
	}{
		{nil, 0, false, false},
		{errors.New("plain"), 0, false, false},
		{wrap(404), 404, true, false},
		{wrap(410), 410, true, false},
		{wrap(409), 409, false, true},
		{&APIError{StatusCode: 500}, 500, false, false},
		{&TransportError{Err: io.EOF}, 0, false, false},
	}
	for _, tc := range cases {
		if StatusOf(tc.err) != tc.status || IsNotFound(tc.err) != tc.notFound || IsConflict(tc.err) != tc.conflict {
			t.Errorf("%v: StatusOf %d IsNotFound %v IsConflict %v", tc.err, StatusOf(tc.err), IsNotFound(tc.err), IsConflict(tc.err))
		}
	}
}

func TestTransportErrorText(t *testing.T) {
	t.Parallel()
	e := &TransportError{Vendor: "Acme", Operation: "get", Method: "GET", URL: "https://h/v1/x", RequestID: "PA_1", Err: io.ErrUnexpectedEOF}
	if got := e.Error(); got != "Acme get: GET https://h/v1/x: unexpected EOF [tracking id PA_1]" {
		t.Errorf("Error() = %q", got)
	}
	if !errors.Is(e, io.ErrUnexpectedEOF) {
		t.Error("TransportError does not unwrap")
	}
	de := &DecodeError{Vendor: "Acme", Operation: "get", Err: io.ErrUnexpectedEOF}
	if de.Error() != "Acme get: unexpected response body: unexpected EOF" || !errors.Is(de, io.ErrUnexpectedEOF) {
		t.Errorf("DecodeError %q", de.Error())
	}
}

func TestTruncate(t *testing.T) {
	t.Parallel()
	if truncate("abc", 3) != "abc" || truncate("abcd", 3) != "abc…" || truncate("aé", 2) != "a…" || truncate("éé", 0) != "…" {
		t.Errorf("truncate: %q %q %q", truncate("abcd", 3), truncate("aé", 2), truncate("éé", 0))
	}
}
