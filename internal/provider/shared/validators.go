package shared

import (
	"context"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/client"
)

// UUIDPattern is a UUID of any version, either case; BlueXP and CloudCockpit
// IDs are built from it.
const UUIDPattern = `[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`

var uuidRE = regexp.MustCompile(`^` + UUIDPattern + `$`)

// IsUUID checks a BlueXP or CloudCockpit ID at plan time.
// MatchesUUID reports whether s is a UUID.
func MatchesUUID(s string) bool { return uuidRE.MatchString(s) }

func IsUUID() validator.String { return stringvalidator.RegexMatches(uuidRE, "must be a UUID") }

// IsBaseURL refuses non-https base URLs except on loopback hosts, and what
// check (the vendor's rules for its API root; nil for none) refuses.
func IsBaseURL(check func(string) error) validator.String { return baseURLValidator{check: check} }

type baseURLValidator struct {
	check func(string) error // nil: client.ParseBaseURL only
}

func ParseURL(s string) error {
	_, err := client.ParseBaseURL(s)
	return err
}

func (baseURLValidator) Description(context.Context) string {
	return "must be an https:// URL (http:// only for loopback hosts)"
}

func (v baseURLValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v baseURLValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	check := v.check
	if check == nil {
		check = ParseURL
	}
	if err := check(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid base URL", err.Error()+".")
	}
}

func TruncateForDiag(s string) string {
	const n = 80
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
