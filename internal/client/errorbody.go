package client

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
)

// ErrorBody is a vendor error body read tolerantly, member by member, so
// that one field of an unexpected type (a status as a string, a description
// as a string where a list is documented) or a body cut short by the size
// limit does not lose the fields a user needs: the message and the tracking
// or correlation ID. Vendor decoders read their documented fields from it.
type ErrorBody map[string]json.RawMessage

// ParseErrorBody reads the members of the JSON object in body, keeping those
// read before any syntax error; a number that ends the input is dropped, as
// it may have been cut. ok is false when body does not start with a JSON
// object. A repeated member keeps its last value, as encoding/json does.
func ParseErrorBody(body []byte) (b ErrorBody, ok bool) {
	dec := json.NewDecoder(bytes.NewReader(body))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, false
	}
	b = ErrorBody{}
	for dec.More() {
		tok, err := dec.Token()
		key, isKey := tok.(string)
		if err != nil || !isKey {
			break
		}
		var raw json.RawMessage
		if dec.Decode(&raw) != nil {
			break
		}
		if c := raw[0]; (c == '-' || c >= '0' && c <= '9') && len(bytes.TrimSpace(body[dec.InputOffset():])) == 0 {
			break // "12345" cut to "123" would decode
		}
		b[key] = raw
	}
	return b, true
}

// raw returns the member named key; when there is none, a member whose name
// matches key ignoring case (as encoding/json matches struct fields), the
// first such name in byte order so the choice is stable.
func (b ErrorBody) raw(key string) json.RawMessage {
	if v, ok := b[key]; ok {
		return v
	}
	var names []string
	for k := range b {
		if strings.EqualFold(k, key) {
			names = append(names, k)
		}
	}
	if len(names) == 0 {
		return nil
	}
	return b[slices.Min(names)]
}

// Text is member key as text: a string as is, a number or boolean as
// written, a list of those joined with "; ". An object, null or a missing
// member give "".
func (b ErrorBody) Text(key string) string {
	return strings.Join(b.Texts(key), "; ")
}

// Texts is member key as a list of texts: each non-empty string, number or
// boolean of a list, or the member itself when it is one of those.
func (b ErrorBody) Texts(key string) []string {
	return oneOrList(b.raw(key), func(raw json.RawMessage) (string, bool) {
		s, ok := scalarText(raw)
		return s, ok && s != ""
	})
}

// Objects is member key as a list of objects: each object of a list, or the
// member itself when it is an object.
func (b ErrorBody) Objects(key string) []ErrorBody {
	return oneOrList(b.raw(key), func(raw json.RawMessage) (ErrorBody, bool) {
		var o ErrorBody
		return o, bytes.HasPrefix(bytes.TrimSpace(raw), []byte("{")) && json.Unmarshal(raw, &o) == nil
	})
}

// oneOrList reads raw as one item, or else as a list of which it keeps the
// items that item reads. Vendors send one where they document a list, and
// a list where they document one.
func oneOrList[T any](raw json.RawMessage, item func(json.RawMessage) (T, bool)) []T {
	if v, ok := item(raw); ok {
		return []T{v}
	}
	var list []json.RawMessage
	if json.Unmarshal(raw, &list) != nil {
		return nil
	}
	var out []T
	for _, r := range list {
		if v, ok := item(r); ok {
			out = append(out, v)
		}
	}
	return out
}

// scalarText returns a JSON string's value, or a number's or boolean's
// literal; ok is false for anything else.
func scalarText(raw json.RawMessage) (string, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "", false
	}
	switch c := raw[0]; {
	case c == '"':
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return "", false
		}
		return s, true
	case c == '-' || (c >= '0' && c <= '9'):
		var n json.Number
		if json.Unmarshal(raw, &n) != nil {
			return "", false
		}
		return n.String(), true
	case bytes.Equal(raw, []byte("true")) || bytes.Equal(raw, []byte("false")):
		return string(raw), true
	}
	return "", false
}
