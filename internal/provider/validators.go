package provider

import (
	"context"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/client"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/webexid"
)

// uuidPattern is a UUID of any version, either case; BlueXP and CloudCockpit
// IDs are built from it.
const UUIDPattern = `[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`

var uuidRE = regexp.MustCompile(`^` + UUIDPattern + `$`)

// isUUID checks a BlueXP or CloudCockpit ID at plan time.
func IsUUID() validator.String { return stringvalidator.RegexMatches(uuidRE, "must be a UUID") }

// webexIDValidator checks at plan time that a value is a Webex ID of the
// expected type, so no malformed ID (or path-injection attempt) reaches a URL.
type webexIDValidator struct {
	idType string // webexid.TypePeople, …
}

func webexID(idType string) validator.String { return webexIDValidator{idType: idType} }

func (v webexIDValidator) Description(context.Context) string {
	return fmt.Sprintf("must be a Webex %s ID (base64 of ciscospark://<cluster>/%s/<uuid>)", v.idType, v.idType)
}

func (v webexIDValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v webexIDValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := webexid.ParseType(req.ConfigValue.ValueString(), v.idType); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Webex ID",
			fmt.Sprintf("%s %s. Got %q: %s.", req.Path, v.Description(ctx), TruncateForDiag(req.ConfigValue.ValueString()), err))
	}
}

// baseURLValidator refuses non-https base URLs except on loopback hosts,
// and what check (the vendor's rules for its API root) refuses.
type BaseURLValidator struct {
	check func(string) error // nil: client.ParseBaseURL only
}

func ParseURL(s string) error {
	_, err := client.ParseBaseURL(s)
	return err
}

func (BaseURLValidator) Description(context.Context) string {
	return "must be an https:// URL (http:// only for loopback hosts)"
}

func (v BaseURLValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v BaseURLValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
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
