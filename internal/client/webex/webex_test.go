package webex

import (
	"errors"
	"fmt"
	"testing"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/client"
)

func TestDecodeError(t *testing.T) {
	e := &client.APIError{}
	decodeError(e, []byte(`{"message":"Person not found","errors":[{"description":"Person not found"},{"description":"check the ID","errorCode":4008}],"trackingId":"ROUTER_1"}`))
	if e.Message != "Person not found" || e.RequestID != "ROUTER_1" || e.Code != "4008" {
		t.Fatalf("decoded %+v", e)
	}
	if len(e.Details) != 1 || e.Details[0] != "check the ID" {
		t.Fatalf("details %q: the duplicate of the message must be dropped", e.Details)
	}
}

func TestIsRefusal(t *testing.T) {
	for status, want := range map[int]bool{
		400: true, 404: true, 409: true, 410: true, 415: true, 428: true,
		401: false, 403: false, 423: false, 429: false, 500: false, 502: false, 200: false,
	} {
		if got := IsRefusal(&client.APIError{StatusCode: status}); got != want {
			t.Errorf("IsRefusal(%d) = %v, want %v", status, got, want)
		}
	}
	if IsRefusal(nil) || IsRefusal(&client.TransportError{Sent: true}) {
		t.Error("a missing answer is not a refusal")
	}
	if !IsRefusal(fmt.Errorf("wrapped: %w", &client.APIError{StatusCode: 400})) {
		t.Error("a wrapped 400 is a refusal")
	}
}

func TestIsNotCallingUser(t *testing.T) {
	t.Parallel()
	for status, want := range map[int]bool{400: true, 404: false, 403: false, 500: false} {
		err := fmt.Errorf("wrapped: %w", &client.APIError{StatusCode: status})
		if got := IsNotCallingUser(err); got != want {
			t.Errorf("IsNotCallingUser(%d) = %v, want %v", status, got, want)
		}
	}
	if IsNotCallingUser(errors.New("no status")) {
		t.Error("an error without a status is not a vendor answer")
	}
}
