package client

import (
	"iter"
	"net/http"
	"strings"
)

// NextLink returns the rel="next" target of an RFC 8288 (5988) Link header,
// or "". It accepts several links per header value and several header
// values, quoted or unquoted rel values and rel lists ("next last"), and
// does not split on commas or semicolons inside <…> or quoted strings.
func NextLink(h http.Header) string {
	for _, v := range h.Values("Link") {
		for {
			open := strings.IndexByte(v, '<')
			if open < 0 {
				break
			}
			closing := strings.IndexByte(v[open+1:], '>')
			if closing < 0 {
				break
			}
			target := strings.TrimSpace(v[open+1 : open+1+closing])
			var params string
			params, v = cutLinkParams(v[open+1+closing+1:])
			// A URI cannot contain '<' (RFC 3986), so "<<x>" is not a link.
			if target != "" && !strings.Contains(target, "<") && relIsNext(params) {
				return target
			}
		}
	}
	return ""
}

// cutLinkParams splits s at the first comma outside a quoted string: the
// parameters of one link, and the rest of the header value.
func cutLinkParams(s string) (params, rest string) {
	inQuote := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case inQuote && c == '\\':
			i++ // skip the escaped character
		case c == '"':
			inQuote = !inQuote
		case c == ',' && !inQuote:
			return s[:i], s[i+1:]
		}
	}
	return s, ""
}

// relIsNext reports whether link parameters include rel with "next" in it.
func relIsNext(params string) bool {
	for _, p := range splitUnquoted(params, ';') {
		k, val, ok := strings.Cut(p, "=")
		if !ok || !strings.EqualFold(strings.TrimSpace(k), "rel") {
			continue
		}
		val = strings.TrimSpace(val)
		if len(val) >= 2 && val[0] == '"' && val[len(val)-1] == '"' {
			val = unquotePairs(val[1 : len(val)-1])
		}
		for _, rel := range strings.Fields(val) {
			if strings.EqualFold(rel, "next") {
				return true
			}
		}
	}
	return false
}

// unquotePairs undoes quoted-pair escapes (RFC 9110 5.6.4): `\x` means x,
// so rel="ne\xt" is "next".
func unquotePairs(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// splitUnquoted splits s on sep outside quoted strings.
func splitUnquoted(s string, sep byte) []string {
	var out []string
	inQuote, start := false, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case inQuote && c == '\\':
			i++
		case c == '"':
			inQuote = !inQuote
		case c == sep && !inQuote:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// MaxPages bounds every paging loop, so a vendor that keeps answering with a
// next link cannot hold an apply forever.
const MaxPages = 10000

// Collect drains a paged listing into a slice, stopping at the first error.
// Listings are iterators so that a consumer that stops early (a
// `terraform query` limit) stops the paging too.
func Collect[T any](items iter.Seq2[T, error]) ([]T, error) {
	var all []T
	for item, err := range items {
		if err != nil {
			return nil, err
		}
		all = append(all, item)
	}
	return all, nil
}
