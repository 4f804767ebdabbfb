package bluexp

import (
	"context"
	"testing"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/client/clienttest"
)

// FuzzDecodeError: whatever BlueXP answers with an error status, the client
// returns an *APIError that shows the status and every title, detail,
// invalid parameter, problem type and correlationId the body holds in a
// readable form: status as a string (as documented) or a number, a string
// where a list of objects is documented, a body cut short.
func FuzzDecodeError(f *testing.F) {
	f.Add([]byte(`{"type":"https://bluexp.netapp.io/problems/10","title":"JSON resource conflict","status":"409","detail":"d","correlationId":"c","invalidParams":[{"name":"users","reason":"exists"}]}`))
	f.Add([]byte(`{"status":409,"title":null}`))
	f.Add([]byte(`{"invalidParams":[{}, {"name":"x"}]}`))
	f.Add([]byte(`{"title":"Bad request","invalidParams":"users: required","correlationId":12345}`))
	f.Add([]byte(`not json`))
	f.Fuzz(func(t *testing.T, body []byte) {
		status, tune := clienttest.FuzzAnswer(t, body, "X-Correlation-Id")
		c, err := New(Config{BaseURL: "https://bluexp.test/v1/management", AccessToken: clienttest.Token, Tune: tune})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.GetResourceAdmin(context.Background(), "partnership", "user")
		b := clienttest.Read(body)
		w := clienttest.Want{ID: b.Text("correlationId"), Code: b.Text("type"),
			Texts: append([]string{b.Text("title"), b.Text("detail")}, b.Texts("invalidParams")...)}
		for _, ip := range b.Objects("invalidParams") {
			w.Texts = append(w.Texts, ip.Text("name"), ip.Text("reason"))
		}
		clienttest.CheckAPIError(t, err, status, w)
	})
}
