package shared

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/client"
)

// TimeoutError is the cause of a context that a timeouts-block value ended
// (context.Cause): errors from calls under that context carry it, so the
// diagnostic can say which timeout ran out, after how long, and how to
// raise it, instead of "context deadline exceeded". An interrupt (Ctrl-C)
// cancels the context with no such cause, and is never reported as one.
type TimeoutError struct {
	// Name is the attribute in the timeouts block: create, read, update, delete.
	Name    string
	Timeout time.Duration
}

func (e *TimeoutError) Error() string {
	return fmt.Sprintf("timeouts.%s (%s) ran out", e.Name, shortDuration(e.Timeout))
}

// WithTimeout bounds ctx by a timeouts-block value (name is its attribute,
// "create"; get is e.g. plan.Timeouts.Create), falling back to def when the
// block does not set it.
func WithTimeout(ctx context.Context, name string, get func(context.Context, time.Duration) (time.Duration, diag.Diagnostics), def time.Duration, diags *diag.Diagnostics) (context.Context, context.CancelFunc) {
	timeout, d := get(ctx, def)
	diags.Append(d...)
	return WithNamedTimeout(ctx, name, timeout)
}

// WithNamedTimeout is WithTimeout for a duration already read.
func WithNamedTimeout(ctx context.Context, name string, timeout time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeoutCause(ctx, timeout, &TimeoutError{Name: name, Timeout: timeout})
}

// timeoutDetail explains an error that a timeouts-block value caused: which
// one, how long it allowed, what was in progress, and how to raise it; ok
// is false for any other error.
func timeoutDetail(err error) (string, bool) {
	var te *TimeoutError
	if !errors.As(err, &te) {
		return "", false
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Timed out: timeouts.%s allows %s, and it ran out %s.\n\n", te.Name, shortDuration(te.Timeout), inProgress(err))
	fmt.Fprintf(&b, "If the vendor is only slow, allow more time in the timeouts block of this resource or data source, "+
		"for example:\n\n  timeouts = {\n    %s = %q\n  }\n\n", te.Name, shortDuration(2*te.Timeout))
	fmt.Fprintf(&b, "Error: %s", err)
	return b.String(), true
}

// inProgress says what the operation was doing when its time ran out.
func inProgress(err error) string {
	var wt *waitTimeout
	var te *client.TransportError
	var ae *client.AuthError
	switch {
	case errors.As(err, &wt):
		return fmt.Sprintf("while waiting for %s (%d checks)", wt.what, wt.checks)
	case errors.As(err, &ae):
		return fmt.Sprintf("while obtaining an access token for %s", ae.Vendor)
	case errors.As(err, &te):
		// Not whether it was sent: an attempt cut by the deadline may or
		// may not have reached the vendor, and the ledger messages say so.
		return fmt.Sprintf("while waiting on %s to %s", te.Vendor, te.Operation)
	}
	return "before the operation finished"
}

// shortDuration formats d as a timeouts value: "90s", "4m", "1h30m".
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
