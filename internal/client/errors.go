package client

import (
	"cmp"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"
)

// APIError is a non-2xx answer from a vendor API.
type APIError struct {
	Vendor     string
	Operation  string
	Method     string
	Path       string // escaped path, no query
	StatusCode int
	// Message is the vendor's main message (Webex "message", BlueXP "title:
	// detail", CloudCockpit "description").
	Message string
	// Details are further vendor fields: Webex errors[].description, BlueXP
	// invalidParams, CloudCockpit errors[].propertyName: description.
	Details []string
	// Code is a vendor error code or problem type, when given.
	Code string
	// RequestID is the tracking or correlation ID, from the body, the
	// response header, or the one we sent.
	RequestID string
	// Hint says what to check for 401/403 (credential, role, scope); set by
	// the vendor layer, which knows the operation.
	Hint string
	// EarlierAttemptUnknown is set when an earlier attempt of the same call
	// was lost (see AfterLostAttempt).
	EarlierAttemptUnknown bool
	// Unproven, on a 404 or 410, says why the answer does not prove that
	// the object is gone (see Options.RootCheck); IsNotFound is false then.
	Unproven string
}

// Error is one line; Detail gives the multi-line form for diagnostics.
func (e *APIError) Error() string {
	msg := e.Message
	if msg == "" {
		msg = http.StatusText(e.StatusCode)
	}
	s := fmt.Sprintf("%s %s: HTTP %d: %s", e.Vendor, e.Operation, e.StatusCode, msg)
	if len(e.Details) > 0 {
		s += " (" + strings.Join(e.Details, "; ") + ")"
	}
	if e.RequestID != "" {
		s += " [tracking id " + e.RequestID + "]"
	}
	if e.Unproven != "" {
		s += "; not taken as proof that the object is gone: " + e.Unproven
	}
	return s
}

// Detail is the human-readable body of a diagnostic.
func (e *APIError) Detail() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s answered HTTP %d %s to %s %s.\n", e.Vendor, e.StatusCode, http.StatusText(e.StatusCode), e.Method, e.Path)
	if e.Message != "" {
		fmt.Fprintf(&b, "Message: %s\n", e.Message)
	}
	for _, d := range e.Details {
		fmt.Fprintf(&b, "  - %s\n", d)
	}
	if e.Code != "" {
		fmt.Fprintf(&b, "Error code: %s\n", e.Code)
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, "Tracking ID: %s (quote it to %s support)\n", e.RequestID, e.Vendor)
	}
	if e.Hint != "" {
		fmt.Fprintf(&b, "\n%s\n", e.Hint)
	}
	if e.Unproven != "" {
		fmt.Fprintf(&b, "\nThis %d is not taken as proof that the object is gone, so nothing was removed from state: %s.\n", e.StatusCode, e.Unproven)
	}
	return strings.TrimRight(b.String(), "\n")
}

// StatusOf returns the HTTP status of an *APIError in err's chain, or 0.
func StatusOf(err error) int {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.StatusCode
	}
	return 0
}

// IsNotFound reports a 404 (or 410) answer that proves the object is gone:
// one the client could not verify (APIError.Unproven) is not.
func IsNotFound(err error) bool {
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Unproven != "" {
		return false
	}
	return apiErr.StatusCode == http.StatusNotFound || apiErr.StatusCode == http.StatusGone
}

// IsUnprovenNotFound reports a 404 (or 410) that does not prove absence:
// the base URL may be wrong or the answer came from something else.
func IsUnprovenNotFound(err error) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.Unproven != ""
}

// IsConflict reports a 409 answer.
func IsConflict(err error) bool { return StatusOf(err) == http.StatusConflict }

// TransportError is a request that got no usable HTTP answer.
type TransportError struct {
	Vendor    string
	Operation string
	Method    string
	URL       string // redacted
	RequestID string
	Err       error
	// Sent is true when the request (or one of its retries) may have
	// reached the vendor: its outcome is unknown (see MayHaveActed).
	Sent bool
}

func (e *TransportError) Error() string {
	s := fmt.Sprintf("%s %s: %s %s: %v", e.Vendor, e.Operation, e.Method, e.URL, e.Err)
	if e.RequestID != "" {
		s += " [tracking id " + e.RequestID + "]"
	}
	return s
}

func (e *TransportError) Unwrap() error { return e.Err }

// DecodeError is a 2xx body that was not the JSON we expected.
type DecodeError struct {
	Vendor    string
	Operation string
	Err       error
}

func (e *DecodeError) Error() string {
	return fmt.Sprintf("%s %s: unexpected response body: %v", e.Vendor, e.Operation, e.Err)
}

func (e *DecodeError) Unwrap() error { return e.Err }

// AuthError is a failure to obtain a token: the API request was never sent.
type AuthError struct {
	Vendor string
	// Endpoint is the token URL (redacted), when there is a token flow.
	Endpoint string
	// Credential says what to check (which attributes or variables).
	Credential string
	// Refused is set when the endpoint answered and refused the client:
	// Credential is then the whole advice, the endpoint being reachable.
	Refused bool
	Err     error
}

func (e *AuthError) Error() string {
	if e.Endpoint == "" {
		return fmt.Sprintf("%s: unable to obtain an access token: %v", e.Vendor, e.Err)
	}
	s := fmt.Sprintf("%s: unable to obtain an access token from the token endpoint %s (the API request was not sent): %v", e.Vendor, e.Endpoint, e.Err)
	switch {
	case e.Credential != "" && e.Refused:
		s = strings.TrimSuffix(s, ".") + ". " + e.Credential
	case e.Credential != "":
		s += ". Check " + e.Credential + ", and that the token endpoint is reachable"
	}
	return s
}

func (e *AuthError) Unwrap() error { return e.Err }

// apiError builds the error for a non-2xx answer; every vendor-supplied
// text is masked with secrets (configured secrets and the token in use).
func (c *Client) apiError(req Request, target *url.URL, resp *http.Response, body []byte, requestID string, secrets []string) *APIError {
	e := &APIError{
		Vendor:     c.opts.Vendor,
		Operation:  req.Operation,
		Method:     req.Method,
		Path:       target.EscapedPath(),
		StatusCode: resp.StatusCode,
		RequestID:  requestID,
	}
	if c.opts.DecodeError != nil {
		c.opts.DecodeError(e, body)
	}
	switch resp.StatusCode {
	case http.StatusUnauthorized:
		e.Hint = c.opts.UnauthorizedHint
	case http.StatusForbidden:
		e.Hint = cmp.Or(req.ForbiddenHint, c.opts.ForbiddenHint)
	}
	if e.Message == "" && len(e.Details) == 0 {
		// Not the vendor's JSON shape: show the raw text, bounded.
		// Mask before truncating, so no prefix of a secret survives the cut.
		e.Message = truncate(strings.TrimSpace(mask(string(body), secrets)), 500)
	}
	e.Message = mask(e.Message, secrets)
	for i := range e.Details {
		e.Details[i] = mask(e.Details[i], secrets)
	}
	e.Code = mask(e.Code, secrets)
	e.RequestID = mask(e.RequestID, secrets)
	return e
}

func (c *Client) transportError(req Request, target *url.URL, err error, requestID string, secrets []string) error {
	if target == nil {
		target = c.base
	}
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		err = urlErr.Err // the URL is reported once, redacted, below
	}
	var authErr *AuthError
	if errors.As(err, &authErr) {
		return authErr
	}
	return &TransportError{
		Vendor:    c.opts.Vendor,
		Operation: req.Operation,
		Method:    req.Method,
		URL:       redactURL(target),
		RequestID: requestID,
		Err:       maskError(err, secrets),
	}
}

func (c *Client) responseRequestID(resp *http.Response) string {
	if c.opts.RequestIDHeader == "" {
		return ""
	}
	return resp.Header.Get(c.opts.RequestIDHeader)
}

// redactRawURL is redactURL for a URL string.
func redactRawURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(invalid URL)"
	}
	return redactURL(u)
}

func redactURL(u *url.URL) string {
	if u == nil {
		return ""
	}
	r := *u
	r.User = nil
	r.RawQuery = ""
	return r.String()
}

// truncate shortens s to at most n bytes, on a rune boundary, marking the cut.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
