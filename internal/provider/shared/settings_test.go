package shared

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// A vendor without a client names what to add when settings are missing,
// and what to correct when they were given but refused, never "no
// credentials" for a bad base URL.
func TestClientFromSaysWhyThereIsNoClient(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		vc        VendorClient[*int]
		want, not string
	}{
		{VendorClient[*int]{Missing: "x.access_token"}, "has no X credentials. Set x.access_token", "not usable"},
		{VendorClient[*int]{Invalid: "x.base_url"}, "settings are not usable: correct x.base_url", "no X credentials"},
	} {
		var diags diag.Diagnostics
		pd := &ProviderData{}
		_, ok := ClientFrom(pd, "X", func(*ProviderData) VendorClient[*int] { return tc.vc }, &diags)
		if ok || !diags.HasError() {
			t.Fatalf("%+v: ok=%v diags=%v, want an error", tc.vc, ok, diags)
		}
		got := diags.Errors()[0].Detail()
		if !strings.Contains(got, tc.want) || strings.Contains(got, tc.not) {
			t.Errorf("%+v: detail %q, want %q and not %q", tc.vc, got, tc.want, tc.not)
		}
	}
}
