package sharedtest

import (
	"regexp"
	"strings"
)

// Words is a pattern matching text exactly as the CLI prints it in a
// diagnostic: word for word, with any line wrapping (and the box it draws
// around diagnostics) between words. Tests pin a message's text with it.
func Words(text string) string {
	fields := strings.Fields(text)
	for i, f := range fields {
		fields[i] = regexp.QuoteMeta(f)
	}
	return strings.Join(fields, `[\s│]+`)
}
