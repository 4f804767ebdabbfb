package webex

import (
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
