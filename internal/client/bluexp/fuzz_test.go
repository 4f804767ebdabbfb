package bluexp

import (
	"encoding/json"
	"testing"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/client"
)

// FuzzDecodeError: no problem body, however malformed, panics the decoder,
// and a decodable correlationId is always surfaced.
func FuzzDecodeError(f *testing.F) {
	f.Add([]byte(`{"type":"https://bluexp.netapp.io/problems/10","title":"JSON resource conflict","status":"409","detail":"d","correlationId":"c","invalidParams":[{"name":"users","reason":"exists"}]}`))
	f.Add([]byte(`{"status":409,"title":null}`))
	f.Add([]byte(`{"invalidParams":[{}, {"name":"x"}]}`))
	f.Add([]byte(`not json`))
	f.Fuzz(func(t *testing.T, body []byte) {
		e := &client.APIError{}
		decodeError(e, body)
		var p Problem
		if json.Unmarshal(body, &p) == nil && p.CorrelationID != "" && e.RequestID != p.CorrelationID {
			t.Fatalf("correlationId %q surfaced as %q", p.CorrelationID, e.RequestID)
		}
	})
}
