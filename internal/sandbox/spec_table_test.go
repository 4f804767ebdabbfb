package sandbox_test

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// NetApp and CloudCockpit publish no machine-readable spec: what their pages
// document is recorded in a table per vendor (testdata/*-documented.json),
// page by page. The endpoints of each table differ (NetApp's common
// statuses, CloudCockpit's headers and forms); the shapes, their fields and
// how traffic is matched to an endpoint are the same, and live here.

// docRoute is where one documented endpoint is, and the page that says so.
type docRoute struct {
	API    string `json:"api"` // which base URL of the vendor's ("management", "auth0")
	Method string `json:"method"`
	Path   string `json:"path"` // as the vendor writes it, with {placeholders}
	Source string `json:"source"`
}

func (r docRoute) where() docRoute { return r }

// docShape is a documented body: its fields, and the page that lists them.
type docShape struct {
	Source string              `json:"source"`
	Fields map[string]docField `json:"fields"`
}

// docField is one documented field.
type docField struct {
	Type     string   `json:"type"`   // string, integer, number, boolean, object, array, map, any
	Items    string   `json:"items"`  // array: a primitive type or a shape
	Shape    string   `json:"shape"`  // object
	Format   string   `json:"format"` // string: "date-time"
	Nullable bool     `json:"nullable"`
	Required bool     `json:"required"`
	Values   []string `json:"values"`
	Source   string   `json:"source"` // when not the shape's page
	Note     string   `json:"note"`
}

// readTable decodes a vendor's table into tab.
func readTable(t *testing.T, file string, tab any) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	// The table's own "about", "note" and "*_source" keys are for readers.
	if err := json.Unmarshal(data, tab); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
}

// checkShapes fails the test unless the table's shapes are whole: each says
// where it comes from, and every shape a field names exists. It returns
// whether a name is a shape of the table or one of also ("empty", "any").
func checkShapes(t *testing.T, file string, shapes map[string]docShape, also ...string) (known func(name string) bool) {
	t.Helper()
	known = func(name string) bool {
		_, ok := shapes[name]
		return ok || slices.Contains(also, name)
	}
	for name, s := range shapes {
		if s.Source == "" {
			t.Fatalf("%s: shape %s has no source", file, name)
		}
		for fname, f := range s.Fields {
			if (f.Type == "object" && !known(f.Shape)) || (f.Type == "array" && f.Items == "") {
				t.Fatalf("%s: shape %s field %s: incomplete type", file, name, fname)
			}
		}
	}
	return known
}

// shapeCheck compares a decoded JSON value with a documented shape, field
// by field, and reports each difference to rec.
type shapeCheck struct {
	vendor string // who documents it ("NetApp"), for the messages
	shapes map[string]docShape
	// foldValues compares enumerated values ignoring case, for a vendor
	// whose docs leave the capitalisation open.
	foldValues bool
	rec        *recorder
	op         string
	st         int // the answer's status; 0 for a request
}

func (c *shapeCheck) add(kind, format string, args ...any) {
	c.rec.add(violation{Op: c.op, Status: c.st, Kind: kind, Detail: fmt.Sprintf(format, args...)})
}

func (c *shapeCheck) object(at, shape string, v any) {
	obj, ok := v.(map[string]any)
	if !ok {
		c.add("type", "%s: %s is %s, want an object", at, shape, jsonKind(v))
		return
	}
	s := c.shapes[shape]
	names := make([]string, 0, len(obj))
	for name := range obj {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		f, ok := s.Fields[name]
		if !ok {
			c.add("field", "%s%s: field %q is not documented for %s (%s)", at, name, name, shape, s.Source)
			continue
		}
		c.value(at+name, f, obj[name])
	}
	var missing []string
	for name, f := range s.Fields {
		if _, ok := obj[name]; f.Required && !ok {
			missing = append(missing, name)
		}
	}
	sort.Strings(missing)
	for _, name := range missing {
		c.add("required", "%s%s: required field %q of %s is missing (%s)", at, name, name, shape, s.Source)
	}
}

func (c *shapeCheck) value(at string, f docField, v any) {
	if f.Type == "any" {
		return
	}
	if v == nil {
		if !f.Nullable {
			c.add("type", "%s is null, which %s does not document for this %s", at, c.vendor, f.Type)
		}
		return
	}
	switch f.Type {
	case "string":
		s, ok := v.(string)
		switch {
		case !ok:
			c.add("type", "%s is %s, %s documents a string", at, jsonKind(v), c.vendor)
		case len(f.Values) > 0 && !slices.ContainsFunc(f.Values, func(w string) bool { return w == s || c.foldValues && strings.EqualFold(w, s) }):
			c.add("value", "%s is %q, the docs define %q", at, s, f.Values)
		case f.Format == "date-time":
			if _, err := time.Parse(time.RFC3339, s); err != nil {
				c.add("value", "%s is %q, not a date-time", at, s)
			}
		}
	case "integer", "number":
		n, ok := v.(float64)
		if !ok || (f.Type == "integer" && n != math.Trunc(n)) {
			c.add("type", "%s is %s, %s documents %s", at, jsonKind(v), c.vendor, map[string]string{"integer": "an integer", "number": "a number"}[f.Type])
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			c.add("type", "%s is %s, %s documents a boolean", at, jsonKind(v), c.vendor)
		}
	case "object":
		c.object(at+".", f.Shape, v)
	case "map":
		m, ok := v.(map[string]any)
		if !ok {
			c.add("type", "%s is %s, %s documents a map of strings", at, jsonKind(v), c.vendor)
		}
		for k, x := range m {
			if _, ok := x.(string); !ok {
				c.add("type", "%s.%s is %s, %s documents a string", at, k, jsonKind(x), c.vendor)
			}
		}
	case "array":
		items, ok := v.([]any)
		if !ok {
			c.add("type", "%s is %s, %s documents an array", at, jsonKind(v), c.vendor)
			return
		}
		item := docField{Type: f.Items}
		if _, isShape := c.shapes[f.Items]; isShape {
			item = docField{Type: "object", Shape: f.Items}
		}
		for i, x := range items {
			c.value(fmt.Sprintf("%s[%d]", at, i), item, x)
		}
	default:
		c.add("table", "%s: unknown type %q in the table", at, f.Type)
	}
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case float64:
		return "a number"
	case bool:
		return "a boolean"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

// tableEndpoint is an endpoint of a vendor's table.
type tableEndpoint interface{ where() docRoute }

// endpointChecks are a vendor's checks of one exchange with a documented
// endpoint; they report to rec.
type endpointChecks[E tableEndpoint] interface {
	request(rec *recorder, ep *E, op string, req *http.Request, body []byte)
	response(rec *recorder, ep *E, op string, resp *http.Response, data []byte)
}

// tableTransport checks every exchange with a sandbox against a vendor's
// table: a request to no documented endpoint is a violation; the others go
// through the vendor's checks.
type tableTransport[E tableEndpoint] struct {
	doc       string // "NetApp's docs (testdata/…)", for an undocumented endpoint
	endpoints []E
	checks    endpointChecks[E]
	bases     map[string]string // api → URL prefix
	next      http.RoundTripper
	rec       *recorder
}

// route finds the documented endpoint of a request by its escaped path,
// segment by segment; op names it as the vendor writes it.
func (tr *tableTransport[E]) route(req *http.Request) (ep *E, op string) {
	full := req.URL.Scheme + "://" + req.URL.Host + req.URL.EscapedPath()
	for i := range tr.endpoints {
		r := tr.endpoints[i].where()
		rest, ok := strings.CutPrefix(full, tr.bases[r.API])
		if !ok || req.Method != r.Method {
			continue
		}
		got, want := strings.Split(rest, "/"), strings.Split(r.Path, "/")
		if len(got) != len(want) {
			continue
		}
		match := true
		for j, w := range want {
			placeholder := strings.HasPrefix(w, "{") && got[j] != ""
			if !placeholder && w != got[j] {
				match = false
				break
			}
		}
		if match {
			return &tr.endpoints[i], r.Method + " " + r.Path
		}
	}
	return nil, req.Method + " " + req.URL.EscapedPath()
}

func (tr *tableTransport[E]) RoundTrip(req *http.Request) (*http.Response, error) {
	body := readBody(&req.Body)
	ep, op := tr.route(req)
	if ep == nil {
		tr.rec.add(violation{Op: op, Kind: "path", Detail: "no such endpoint in " + tr.doc})
	} else {
		tr.checks.request(tr.rec, ep, op, req, body)
	}
	resp, err := tr.next.RoundTrip(req)
	if err != nil || ep == nil {
		return resp, err
	}
	data := readBody(&resp.Body)
	tr.rec.saw(op, resp.StatusCode)
	tr.checks.response(tr.rec, ep, op, resp, data)
	return resp, nil
}

// body holds a JSON answer to shape (an array of it when array), and
// returns it decoded (nil when it is not JSON).
func (c *shapeCheck) body(data []byte, shape string, array bool) any {
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		c.add("body", "not JSON: %q", data)
		return nil
	}
	if array {
		c.value("", docField{Type: "array", Items: shape}, v)
	} else {
		c.object("", shape, v)
	}
	return v
}

// statusEcho checks that an error body's own status member (name) gives the
// answer's HTTP status; its type is the shape's business.
func (c *shapeCheck) statusEcho(v any, name string) {
	if m, ok := v.(map[string]any); ok && fmt.Sprint(m[name]) != strconv.Itoa(c.st) {
		c.add("value", "%s %v in a %d answer", name, m[name], c.st)
	}
}
