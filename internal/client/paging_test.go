package client

import (
	"net/http"
	"strings"
	"testing"
)

func TestNextLink(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		values []string
		want   string
	}{
		{"simple", []string{`<https://h/x?cursor=a,b>; rel="next"`}, "https://h/x?cursor=a,b"},
		{"unquoted", []string{`<https://h/x?p=2>; rel=next`}, "https://h/x?p=2"},
		{"case and spaces", []string{`< https://h/x?p=2 > ;  REL = "Next"`}, "https://h/x?p=2"},
		{"several links", []string{`<https://h/x?p=1>; rel="prev", <https://h/x?p=3>; rel="next", <https://h/x?p=9>; rel="last"`}, "https://h/x?p=3"},
		{"quoted-pair escapes", []string{`<https://h/x>; rel="ne\Xt"`}, "https://h/x"},
		{"escaped backslash is not next", []string{`<https://h/x>; rel="ne\\xt"`}, ""},
		{"rel list", []string{`<https://h/x?p=9>; rel="last next"`}, "https://h/x?p=9"},
		{"other params", []string{`<https://h/x?p=2>; title="a, b; c"; rel="next"; type="application/json"`}, "https://h/x?p=2"},
		{"semicolon in URL", []string{`<https://h/x;v=1?p=2>; rel="next"`}, "https://h/x;v=1?p=2"},
		{"second header", []string{`<https://h/x?p=1>; rel="prev"`, `<https://h/x?p=2>; rel="next"`}, "https://h/x?p=2"},
		{"quoted comma before", []string{`<https://h/a>; title="x, <https://evil/>; rel=next", <https://h/b>; rel="next"`}, "https://h/b"},
		{"next-ish is not next", []string{`<https://h/x>; rel="nextpage"`}, ""},
		{"rev is not rel", []string{`<https://h/x>; rev="next"`}, ""},
		{"only prev", []string{`<https://h/x>; rel="prev"`}, ""},
		{"no angle brackets", []string{`https://h/x; rel="next"`}, ""},
		{"empty target", []string{`<>; rel="next"`}, ""},
		{"unterminated", []string{`<https://h/x; rel="next"`}, ""},
		{"stray bracket", []string{`<a>>, <b>; rel=next`}, "b"},
		{"none", nil, ""},
		{"empty", []string{""}, ""},
	}
	for _, tc := range cases {
		h := http.Header{}
		for _, v := range tc.values {
			h.Add("Link", v)
		}
		if got := NextLink(h); got != tc.want {
			t.Errorf("%s: NextLink(%q) = %q, want %q", tc.name, tc.values, got, tc.want)
		}
	}
}

func FuzzNextLink(f *testing.F) {
	for _, s := range []string{
		`<https://h/x?cursor=a,b>; rel="next"`,
		`<https://h/x?p=1>; rel="prev", <https://h/x?p=3>; rel="next"`,
		`<a>; rel="last next"; title="q\"uote, <x>"`,
		`<`, `>`, `<>`, `<<>>; rel=next`, `"`, `\`, `;;,,`, `<a>; rel="\`, `<a>;rel`, `<a>;rel=`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h := http.Header{"Link": {s}}
		got := NextLink(h)
		if got == "" {
			return
		}
		if !strings.Contains(s, got) || strings.ContainsAny(got, "<>") {
			t.Fatalf("NextLink(%q) = %q: not a bracketed target of the input", s, got)
		}
		// A quoted-pair escape may stand inside the word: rel="ne\xt" is next.
		if !strings.Contains(strings.ToLower(strings.ReplaceAll(s, `\`, "")), "next") {
			t.Fatalf("NextLink(%q) = %q without any rel=next", s, got)
		}
	})
}
