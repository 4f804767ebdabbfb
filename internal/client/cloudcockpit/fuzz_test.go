package cloudcockpit

import (
	"encoding/json"
	"testing"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/client"
)

// FuzzDecodeError: no error body, however malformed, panics the decoder; a
// decodable description and correlationId are always surfaced.
func FuzzDecodeError(f *testing.F) {
	f.Add([]byte(`{"statusCode":400,"type":"t","description":"Relationship is not active","correlationId":"c","errors":[{"propertyName":"relationshipId","description":["bad","worse"]}]}`))
	f.Add([]byte(`{"errors":[{"description":null},{}]}`))
	f.Add([]byte(`{"statusCode":"400"}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, body []byte) {
		e := &client.APIError{}
		decodeError(e, body)
		var b errorBody
		if json.Unmarshal(body, &b) == nil {
			if e.Message != b.Description || (b.CorrelationID != "" && e.RequestID != b.CorrelationID) {
				t.Fatalf("decoded %+v from %+v", e, b)
			}
		}
	})
}
