package webex

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/shared"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/webexid"
)

// idValidator checks at plan time that a value is a Webex ID of the
// expected type, so no malformed ID (or path-injection attempt) reaches a URL.
type idValidator struct {
	idType string // webexid.TypePeople, …
}

func validID(idType string) validator.String { return idValidator{idType: idType} }

func (v idValidator) Description(context.Context) string {
	return fmt.Sprintf("must be a Webex %s ID (base64 of ciscospark://<cluster>/%s/<uuid>)", v.idType, v.idType)
}

func (v idValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v idValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := webexid.ParseType(req.ConfigValue.ValueString(), v.idType); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Webex ID",
			fmt.Sprintf("%s %s. Got %q: %s.", req.Path, v.Description(ctx), shared.TruncateForDiag(req.ConfigValue.ValueString()), err))
	}
}

// eaTypeDescription documents the executive-assistant types Webex lists
// (webexapi.ExecutiveAssistantTypes). The data source passes any other value
// through, as Cisco may add values; the resource accepts only these.
const eaTypeDescription = "`UNASSIGNED` (the feature is not enabled), `EXECUTIVE` (the person is an executive) " +
	"or `EXECUTIVE_ASSISTANT` (the person is an executive assistant)"
