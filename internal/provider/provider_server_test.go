package provider

import (
	"context"
	"errors"
	"runtime"
	"testing"
	"time"
	"weak"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

func TestNewProtocol6ServerKeepsOptionalInterfaces(t *testing.T) {
	if _, ok := providerserver.NewProtocol6(New("test")())().(frameworkServer); !ok {
		t.Fatal("the framework server no longer implements frameworkServer: releaseContexts would pass it through unwrapped")
	}
	srv := NewProtocol6Server("test")()
	if _, ok := srv.(releasingServer); !ok {
		t.Fatalf("NewProtocol6Server returned %T, want releasingServer", srv)
	}
	if _, ok := srv.(tfprotov6.ListResourceServer); !ok {
		t.Error("list resources are hidden")
	}
	if _, ok := srv.(tfprotov6.ActionServer); !ok {
		t.Error("actions are hidden")
	}
	if _, ok := srv.(tfprotov6.StateStoreServer); !ok {
		t.Error("state stores are hidden")
	}
}

type ctxKey struct{}

func TestReleasedContextForwardsUntilTheRPCReturns(t *testing.T) {
	deadline := time.Now().Add(time.Hour)
	parent, cancel := context.WithDeadline(context.WithValue(context.Background(), ctxKey{}, "v"), deadline)
	defer cancel()

	var seen context.Context
	_, _ = released(parent, 0, func(ctx context.Context, _ int) (int, error) {
		seen = ctx
		if got := ctx.Value(ctxKey{}); got != "v" {
			t.Errorf("Value = %v during the RPC", got)
		}
		if d, ok := ctx.Deadline(); !ok || !d.Equal(deadline) {
			t.Errorf("Deadline = %v, %v during the RPC", d, ok)
		}
		// A child context, as the framework and the resources derive, sees
		// the request being cancelled.
		child, stop := context.WithCancel(ctx)
		defer stop()
		cancel()
		select {
		case <-child.Done():
		case <-time.After(5 * time.Second):
			t.Error("cancelling the request did not reach a child context")
		}
		if !errors.Is(ctx.Err(), context.Canceled) {
			t.Errorf("Err = %v after cancel", ctx.Err())
		}
		return 0, nil
	})

	if got := seen.Value(ctxKey{}); got != nil {
		t.Errorf("Value = %v after the RPC returned, want nil", got)
	}
	if !errors.Is(seen.Err(), context.Canceled) {
		t.Errorf("Err = %v after the RPC returned, want context.Canceled", seen.Err())
	}
	select {
	case <-seen.Done():
	default:
		t.Error("Done is open after the RPC returned")
	}
}

// TestReleasingServerDoesNotRetainRequestContexts checks, with a weak
// pointer, that nothing in the framework keeps a request's context alive
// once the RPC has returned (the framework keeps every request's
// CancelFunc until StopProvider).
func TestReleasingServerDoesNotRetainRequestContexts(t *testing.T) {
	srv := NewProtocol6Server("test")()
	ref := validateOnce(t, srv)
	for range 3 {
		runtime.GC()
	}
	if ref.Value() != nil {
		t.Error("a request's context is still reachable after the RPC returned")
	}
	runtime.KeepAlive(srv) // the server lives as long as the process
}

// validateOnce sends one ValidateResourceConfig whose context carries a
// value only reachable through that context, and returns a weak pointer to it.
func validateOnce(t *testing.T, srv tfprotov6.ProviderServer) weak.Pointer[[1 << 16]byte] {
	t.Helper()
	payload := new([1 << 16]byte)
	ref := weak.Make(payload)
	ctx, cancel := context.WithCancel(context.WithValue(context.Background(), ctxKey{}, payload))
	defer cancel() // as gRPC cancels a stream's context when the RPC ends
	if _, err := srv.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: "partneradmin_webex_partner_admin_assignment"}); err != nil {
		t.Fatal(err)
	}
	return ref
}
