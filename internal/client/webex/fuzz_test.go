package webex

import (
	"context"
	"testing"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/client/clienttest"
)

// FuzzDecodeError: whatever Webex (or a proxy in front of it) answers with
// an error status, the client returns an *APIError that shows the status
// and every message, description, error code and tracking id the body holds
// in a readable form: a number where a string is documented, a string where
// a list of objects is, a body cut short.
func FuzzDecodeError(f *testing.F) {
	f.Add([]byte(`{"message":"x","errors":[{"description":"d","errorCode":1}],"trackingId":"t"}`))
	f.Add([]byte(`{"message":1}`))
	f.Add([]byte(`<html>502 Bad Gateway</html>`))
	f.Add([]byte(`{"errors":null,"errorCode":"abc"}`))
	f.Add([]byte(`{"errors":"boom","trackingId":7}`))
	f.Add([]byte(`{"message":"Person not found","errors":{"description":"one object"},"trackingId":"ROUTER_5"`))
	f.Add([]byte(``))
	f.Fuzz(func(t *testing.T, body []byte) {
		status, tune := clienttest.FuzzAnswer(t, body, "TrackingID")
		c, err := New(Config{BaseURL: "https://webex.test", AccessToken: clienttest.Token, Tune: tune})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.GetExecutiveAssistant(context.Background(), "person", "")
		b := clienttest.Read(body)
		w := clienttest.Want{ID: b.Text("trackingId"), Code: b.Text("errorCode"), Texts: append([]string{b.Text("message")}, b.Texts("errors")...)}
		for _, item := range b.Objects("errors") {
			w.Texts = append(w.Texts, item.Text("description"))
			if w.Code == "" {
				w.Code = item.Text("errorCode")
			}
		}
		clienttest.CheckAPIError(t, err, status, w)
	})
}
