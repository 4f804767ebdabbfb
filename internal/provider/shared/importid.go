package shared

import (
	"fmt"
	"strings"
)

// splitImportID parses a composite import ID "<a>/<b>[/…]" into exactly
// len(parts) non-empty parts, with an error that shows the expected form.
func SplitImportID(id string, parts ...string) ([]string, error) {
	got := strings.Split(id, "/")
	if len(got) != len(parts) {
		return nil, fmt.Errorf("expected an import ID of the form %q, got %q", "<"+strings.Join(parts, ">/<")+">", id)
	}
	for i, p := range got {
		if strings.TrimSpace(p) == "" {
			return nil, fmt.Errorf("expected an import ID of the form %q, got %q: %s is empty", "<"+strings.Join(parts, ">/<")+">", id, parts[i])
		}
	}
	return got, nil
}
