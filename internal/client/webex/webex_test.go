package webex

import (
	"encoding/json"
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

// FuzzDecodeError: whatever Webex (or a proxy in front of it) answers, the
// decoder never panics, and a well-formed message is kept.
func FuzzDecodeError(f *testing.F) {
	f.Add([]byte(`{"message":"x","errors":[{"description":"d","errorCode":1}],"trackingId":"t"}`))
	f.Add([]byte(`{"message":1}`))
	f.Add([]byte(`<html>502 Bad Gateway</html>`))
	f.Add([]byte(`{"errors":null,"errorCode":"abc"}`))
	f.Add([]byte(``))
	f.Fuzz(func(t *testing.T, body []byte) {
		e := &client.APIError{}
		decodeError(e, body)
		var b errorBody
		if json.Unmarshal(body, &b) == nil && e.Message != b.Message {
			t.Fatalf("message %q decoded as %q", b.Message, e.Message)
		}
	})
}
