package shared

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/client"
)

// A timeout is reported by the timeouts attribute that set it, how long it
// allowed, what was in progress and how to raise it.
func TestTimeoutDetailNamesTheTimeout(t *testing.T) {
	t.Parallel()
	ctx, cancel := WithNamedTimeout(context.Background(), "create", 50*time.Millisecond)
	defer cancel()
	err := WaitFor(ctx, "the added ResourceAdmins to become visible", WaitOptions{Initial: 10 * time.Millisecond, Max: 10 * time.Millisecond},
		func(context.Context) (bool, error) { return false, nil })
	if !errors.Is(err, ErrWaitTimeout) {
		t.Fatalf("WaitFor = %v, want ErrWaitTimeout", err)
	}
	got := ClientErrorDetail(err)
	var wt *waitTimeout
	if !errors.As(err, &wt) {
		t.Fatalf("WaitFor = %T, want *waitTimeout", err)
	}
	checks := wt.checks
	want := "Timed out: timeouts.create allows 50ms, and it ran out while waiting for the added ResourceAdmins to become visible (" +
		itoa(checks) + " checks).\n\n" +
		"If the vendor is only slow, allow more time in the timeouts block of this resource or data source, for example:\n\n" +
		"  timeouts = {\n    create = \"100ms\"\n  }\n\n" +
		"Error: timed out waiting for the added ResourceAdmins to become visible after " + itoa(checks) + " checks"
	if got != want {
		t.Errorf("detail:\n%s\nwant:\n%s", got, want)
	}
}

// A request cut by the timeout names the vendor and the operation it was
// waiting for.
func TestTimeoutDetailOfARequest(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	c, err := client.New(client.Options{Vendor: "Acme", BaseURL: srv.URL, MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := WithNamedTimeout(context.Background(), "read", 50*time.Millisecond)
	defer cancel()
	_, err = c.Do(ctx, client.Request{Operation: "list partner admins", Method: http.MethodGet}, nil)
	got := ClientErrorDetail(err)
	if !strings.HasPrefix(got, "Timed out: timeouts.read allows 50ms, and it ran out while waiting on Acme to list partner admins.\n\n") ||
		!strings.Contains(got, "    read = \"100ms\"\n") || !strings.HasSuffix(got, "Error: "+err.Error()) {
		t.Errorf("detail:\n%s", got)
	}
}

// Timeouts are shown as written in configuration, and "2h0m0s" is not.
func TestShortDuration(t *testing.T) {
	t.Parallel()
	for d, want := range map[time.Duration]string{90 * time.Second: "1m30s", 20 * time.Minute: "20m", 2 * time.Hour: "2h", 90 * time.Minute: "1h30m", 4 * time.Second: "4s"} {
		if got := shortDuration(d); got != want {
			t.Errorf("shortDuration(%v) = %q, want %q", d, got, want)
		}
	}
}

// An interrupt (Ctrl-C) is never reported as a timeout, nor is a deadline
// that no timeouts value set.
func TestInterruptIsNotATimeout(t *testing.T) {
	t.Parallel()
	parent, interrupt := context.WithCancel(context.Background())
	ctx, cancel := WithNamedTimeout(parent, "create", time.Hour)
	defer cancel()
	time.AfterFunc(20*time.Millisecond, interrupt)
	err := WaitFor(ctx, "x", WaitOptions{Initial: 5 * time.Millisecond}, func(context.Context) (bool, error) { return false, nil })
	if !errors.Is(err, context.Canceled) || strings.Contains(ClientErrorDetail(err), "timeouts.") {
		t.Errorf("interrupted: %v / %s", err, ClientErrorDetail(err))
	}
	plain, cancel2 := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel2()
	err = WaitFor(plain, "x", WaitOptions{Initial: 5 * time.Millisecond}, func(context.Context) (bool, error) { return false, nil })
	if !errors.Is(err, ErrWaitTimeout) || strings.Contains(ClientErrorDetail(err), "timeouts.") {
		t.Errorf("plain deadline: %v / %s", err, ClientErrorDetail(err))
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
