package client

import (
	"bytes"
	"encoding/json"
	"slices"
	"testing"
)

func TestParseErrorBody(t *testing.T) {
	for _, c := range []struct {
		body      string
		ok        bool
		key, text string
		texts     []string
	}{
		{body: `{"statusCode":"400","description":"Not active","correlationId":"c-1"}`, ok: true, key: "correlationId", text: "c-1"},
		{body: `{"statusCode":400,"trackingId":7}`, ok: true, key: "trackingId", text: "7"},
		{body: `{"errors":[{"description":"a"},"b",3,true,null,["x"]]}`, ok: true, key: "errors", text: "b; 3; true", texts: []string{"b", "3", "true"}},
		{body: `{"description":"kept","correlationId":"cut-her`, ok: true, key: "description", text: "kept"},
		{body: `{"description":"kept","correlationId":"cut-her`, ok: true, key: "correlationId", text: ""},
		{body: `{"a":"x","trackingId":12345`, ok: true, key: "trackingId", text: ""}, // may be a cut 1234567
		{body: `{"a":"x","trackingId":12345 `, ok: true, key: "trackingId", text: ""},
		{body: `{"a":"x","trackingId":12345}`, ok: true, key: "trackingId", text: "12345"},
		{body: `{"Message":"case"}`, ok: true, key: "message", text: "case"},
		{body: `{"message":"exact","MESSAGE":"other"}`, ok: true, key: "message", text: "exact"},
		{body: `{"message":"first","message":"last"}`, ok: true, key: "message", text: "last"},
		{body: `{"message":{"en":"object"}}`, ok: true, key: "message", text: ""},
		{body: `[{"message":"x"}]`},
		{body: `<html>502</html>`},
		{body: ``},
	} {
		b, ok := ParseErrorBody([]byte(c.body))
		if ok != c.ok {
			t.Errorf("%s: ok %v", c.body, ok)
			continue
		}
		if got := b.Text(c.key); got != c.text {
			t.Errorf("%s: Text(%q) = %q, want %q", c.body, c.key, got, c.text)
		}
		if c.texts != nil && !slices.Equal(b.Texts(c.key), c.texts) {
			t.Errorf("%s: Texts(%q) = %q, want %q", c.body, c.key, b.Texts(c.key), c.texts)
		}
	}
	b, _ := ParseErrorBody([]byte(`{"errors":{"description":"one"},"items":[{"d":1},"s",{"d":2}]}`))
	if got := b.Objects("errors"); len(got) != 1 || got[0].Text("description") != "one" {
		t.Errorf("one object as a list: %v", got)
	}
	if got := b.Objects("items"); len(got) != 2 || got[1].Text("d") != "2" {
		t.Errorf("objects of a mixed list: %v", got)
	}
}

// FuzzParseErrorBody: on a well-formed object the tolerant reader finds
// exactly the members encoding/json does; on any prefix of one (a body cut
// by the size limit) it finds only members of the whole body, with the same
// values: a cut never invents a value.
func FuzzParseErrorBody(f *testing.F) {
	f.Add([]byte(`{"statusCode":"400","description":"d","correlationId":"c","errors":[{"propertyName":"p","description":["a"]}]}`), uint16(40))
	f.Add([]byte(`{"trackingId":1234567,"message":"m"}`), uint16(20))
	f.Add([]byte(`{"a":1,"a":2}`), uint16(7))
	f.Fuzz(func(t *testing.T, body []byte, cut uint16) {
		got, ok := ParseErrorBody(body)
		var want map[string]json.RawMessage
		if json.Unmarshal(body, &want) != nil || !bytes.HasPrefix(bytes.TrimSpace(body), []byte("{")) {
			return
		}
		if !ok || len(got) != len(want) {
			t.Fatalf("%q: read %d members, encoding/json %d", body, len(got), len(want))
		}
		for k, v := range want {
			if !sameJSON(got[k], v) {
				t.Fatalf("%q: member %q read as %s, encoding/json %s", body, k, got[k], v)
			}
		}
		if hasDuplicateKeys(body) {
			return // a prefix may hold an earlier value of a repeated member
		}
		prefix := body[:int(cut)%(len(body)+1)]
		part, _ := ParseErrorBody(prefix)
		for k, v := range part {
			if !sameJSON(v, want[k]) {
				t.Fatalf("prefix %q: member %q read as %s, the whole body has %s", prefix, k, v, want[k])
			}
		}
	})
}

func sameJSON(a, b json.RawMessage) bool {
	var ca, cb bytes.Buffer
	return a != nil && b != nil && json.Compact(&ca, a) == nil && json.Compact(&cb, b) == nil && bytes.Equal(ca.Bytes(), cb.Bytes())
}

// hasDuplicateKeys reports whether the top-level object repeats a name.
func hasDuplicateKeys(body []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(body))
	if _, err := dec.Token(); err != nil {
		return false
	}
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		key, _ := tok.(string)
		var raw json.RawMessage
		if err != nil || dec.Decode(&raw) != nil {
			return false
		}
		if seen[key] {
			return true
		}
		seen[key] = true
	}
	return false
}
