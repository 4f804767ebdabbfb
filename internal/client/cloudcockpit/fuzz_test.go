package cloudcockpit

import (
	"context"
	"testing"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/client/clienttest"
)

// FuzzDecodeError: whatever CloudCockpit answers with an error status, the
// client returns an *APIError that shows the status and every description,
// property error, type and correlationId the body holds in a readable form:
// statusCode as a string, a description as a string where a list is
// documented, a body cut short.
func FuzzDecodeError(f *testing.F) {
	f.Add([]byte(`{"statusCode":400,"type":"t","description":"Relationship is not active","correlationId":"c","errors":[{"propertyName":"relationshipId","description":["bad","worse"]}]}`))
	f.Add([]byte(`{"errors":[{"description":null},{}]}`))
	f.Add([]byte(`{"statusCode":"400","description":"Relationship is not active","correlationId":"c-1"}`))
	f.Add([]byte(`{"errors":"not a list","correlationId":42}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, body []byte) {
		status, tune := clienttest.FuzzAnswer(t, body, "X-Correlation-Id")
		c, err := New(Config{BaseURL: "https://cloudcockpit.test", Tenant: "portal.test", AccessToken: clienttest.Token, Tune: tune})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.ListAccessAssignments(context.Background(), "instance", "relationship")
		b := clienttest.Read(body)
		w := clienttest.Want{ID: b.Text("correlationId"), Code: b.Text("type"),
			Texts: append([]string{b.Text("description")}, b.Texts("errors")...)}
		for _, pe := range b.Objects("errors") {
			w.Texts = append(w.Texts, pe.Text("propertyName"))
			w.Texts = append(w.Texts, pe.Texts("description")...)
		}
		clienttest.CheckAPIError(t, err, status, w)
	})
}
