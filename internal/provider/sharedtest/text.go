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

// TimedOut is a pattern matching the diagnostic of a timeouts value that
// ran out: its name, what it allowed, what was in progress (while, a
// pattern), and the block that raises it (to twice the value).
func TimedOut(name, allowed, while, raised string) string {
	return Words("Timed out: timeouts."+name+" allows "+allowed+", and it ran out") + `[\s│]+` + while + `.*` +
		Words("allow more time in the timeouts block of this resource or data source, for example:") + `.*` +
		Words(name+` = "`+raised+`"`)
}
