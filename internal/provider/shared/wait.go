package shared

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// WaitOptions shape a poll; zero values take the defaults.
type WaitOptions struct {
	Initial time.Duration // first pause (default 250ms)
	Max     time.Duration // longest pause (default 10s)
}

// ErrWaitTimeout is returned when the context's deadline passes first.
var ErrWaitTimeout = errors.New("timed out")

// WaitFor calls check until it reports done or fails, pausing with
// exponential backoff and jitter between calls. It is bounded by ctx (the
// resource's timeouts) and logs each attempt at debug level. It is the one
// wait used for eventual consistency and pending→active transitions.
func WaitFor(ctx context.Context, what string, opts WaitOptions, check func(context.Context) (bool, error)) error {
	if opts.Initial == 0 {
		opts.Initial = 250 * time.Millisecond
	}
	if opts.Max == 0 {
		opts.Max = 10 * time.Second
	}
	pause := opts.Initial
	for attempt := 1; ; attempt++ {
		done, err := check(ctx)
		if err != nil {
			return err
		}
		if done {
			return nil
		}
		sleep := pause/2 + rand.N(pause/2+1)
		tflog.Debug(ctx, "Waiting", map[string]any{"for": what, "attempt": attempt, "next_check_in": sleep.String()})
		timer := time.NewTimer(sleep)
		select {
		case <-ctx.Done():
			timer.Stop()
			if errors.Is(ctx.Err(), context.DeadlineExceeded) {
				return &waitTimeout{what: what, checks: attempt, cause: context.Cause(ctx)}
			}
			return ctx.Err()
		case <-timer.C:
		}
		pause = min(pause*2, opts.Max)
	}
}

// waitTimeout is WaitFor's error when its deadline passed: it is
// ErrWaitTimeout and carries the deadline's cause (a *TimeoutError when a
// timeouts-block value ran out).
type waitTimeout struct {
	what   string
	checks int
	cause  error
}

func (e *waitTimeout) Error() string {
	return fmt.Sprintf("%v waiting for %s after %d checks", ErrWaitTimeout, e.what, e.checks)
}

func (e *waitTimeout) Unwrap() []error { return []error{ErrWaitTimeout, e.cause} }

// ConfirmGrace bounds the one read-back a write gets after its own context
// ended (Ctrl-C, the timeouts deadline): long enough for one list request,
// short enough that an interrupted apply still stops promptly.
const ConfirmGrace = 10 * time.Second

// ConfirmContext returns a context for confirming a write whose context may
// already be done: interrupted or not, the provider should learn whether the
// vendor acted, so state records a confirmed object rather than a tainted one.
func ConfirmContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), ConfirmGrace)
}

// unconfirmedKey marks, in private state, an object recorded after a write
// whose outcome is unknown and not seen at the vendor since: a refresh that
// does not find it keeps it rather than take its absence as proof that it
// is gone. The first refresh that finds it clears the mark.
const unconfirmedKey = "unconfirmed"

// The framework's private state type is internal; these are its methods.
type (
	PrivateGetter interface {
		GetKey(context.Context, string) ([]byte, diag.Diagnostics)
	}
	PrivateSetter interface {
		SetKey(context.Context, string, []byte) diag.Diagnostics
	}
)

// MarkUnconfirmed sets (or, once the object was seen, clears) the mark.
func MarkUnconfirmed(ctx context.Context, p PrivateSetter, unconfirmed bool) diag.Diagnostics {
	if !unconfirmed {
		return p.SetKey(ctx, unconfirmedKey, nil)
	}
	return p.SetKey(ctx, unconfirmedKey, []byte("true"))
}

// IsUnconfirmed reports the mark (GetKey reads nil private state as empty).
func IsUnconfirmed(ctx context.Context, p PrivateGetter) bool {
	v, _ := p.GetKey(ctx, unconfirmedKey)
	return string(v) == "true"
}
