package webexid

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"
)

const uuid = "11a3f990-0c1b-4b5d-9f1e-2a6c3b4d5e6f"

func TestParseForms(t *testing.T) {
	canonical := Encode("us", TypePeople, uuid)
	padded := base64.StdEncoding.EncodeToString([]byte("ciscospark://us/PEOPLE/" + uuid))
	regional := base64.RawURLEncoding.EncodeToString([]byte("ciscospark://urn:TEAM:eu-central-1_k/PEOPLE/" + uuid))
	upperUUID := Encode("us", TypePeople, "11A3F990-0C1B-4B5D-9F1E-2A6C3B4D5E6F")
	for _, s := range []string{canonical, padded, regional, upperUUID} {
		id, err := ParseType(s, TypePeople)
		if err != nil {
			t.Fatalf("ParseType(%q): %v", s, err)
		}
		if id.UUID != uuid || id.Type != TypePeople {
			t.Errorf("ParseType(%q) = %+v", s, id)
		}
		if !Equal(s, canonical) {
			t.Errorf("Equal(%q, canonical) = false", s)
		}
	}
}

func TestParseRejects(t *testing.T) {
	cases := map[string]string{
		"empty":          "",
		"path traversal": "../../etc",
		"encoded slash":  "abc%2Fdef",
		"query":          "abc?x=1",
		"fragment":       "abc#x",
		"whitespace":     "abc def",
		"not ciscospark": base64.RawStdEncoding.EncodeToString([]byte("https://example.com/PEOPLE/" + uuid)),
		"bad uuid":       base64.RawStdEncoding.EncodeToString([]byte("ciscospark://us/PEOPLE/not-a-uuid")),
		"extra segment":  base64.RawStdEncoding.EncodeToString([]byte("ciscospark://us/x/PEOPLE/" + uuid)),
		"raw uuid":       uuid,
		"too long":       string(make([]byte, MaxLength+1)),
		"upper-cased":    "Y2LZY29ZCGFYAZOVL1VTL09SR0FOSVPBVELPTI85NMFIYZJHYS0ZZGNJLTEXZTUTYTE1MI1MZTM0ODE5Y2RJOWE",
	}
	for name, s := range cases {
		if _, err := Parse(s); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: Parse(%q) error = %v, want ErrInvalid", name, s, err)
		}
	}
}

func TestParseTypeMismatch(t *testing.T) {
	if _, err := ParseType(Encode("us", TypeOrganization, uuid), TypePeople); err == nil {
		t.Fatal("an ORGANIZATION ID was accepted as a PEOPLE ID")
	}
}

func FuzzParse(f *testing.F) {
	f.Add(Encode("us", TypePeople, uuid))
	f.Add("Y2lzY29zcGFyazovL3VzL1BFT1BMRS8=")
	f.Add("../x")
	f.Add(strings.ReplaceAll(base64.StdEncoding.EncodeToString([]byte("ciscospark://us/PEOPLE/"+uuid)), "=", "%3D"))
	f.Add(" " + Encode("us", TypeOrganization, uuid) + "\n")
	f.Fuzz(func(t *testing.T, s string) {
		id, err := Parse(s)
		if err != nil {
			return
		}
		// A parsed ID re-encodes to an ID naming the same object.
		again, err := Parse(id.String())
		if err != nil || again.Key() != id.Key() {
			t.Fatalf("round trip of %q: %+v, %v", s, again, err)
		}
		// The provider puts an accepted ID, as given or canonical, into a
		// URL path as one segment: it must stay one segment, unchanged,
		// whether or not it is escaped and however a server decodes it.
		for _, seg := range []string{s, id.String()} {
			if msg := unsafeSegment(seg); msg != "" {
				t.Fatalf("Parse accepted %q, but %q %s", s, seg, msg)
			}
		}
	})
}

// unsafeSegment says why s is not safe as a URL path segment, or "".
func unsafeSegment(s string) string {
	for _, r := range s {
		switch {
		case r < 0x20 || r == 0x7f:
			return "has a control character"
		case r >= 0x80:
			return "is not ASCII"
		case strings.ContainsRune("/?#%\\", r):
			return fmt.Sprintf("has %q", r)
		}
	}
	switch {
	case s == "." || strings.Contains(s, ".."):
		return "is or holds a dot segment"
	case url.PathEscape(s) != s:
		return "changes when escaped as a path segment"
	}
	if u, err := url.PathUnescape(s); err != nil || u != s {
		return "changes when a server decodes the path"
	}
	return ""
}
