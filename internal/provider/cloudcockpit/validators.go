package cloudcockpit

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	cloudcockpitapi "github.com/partneradmin/terraform-provider-partneradmin/internal/client/cloudcockpit"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/shared"
)

// relationshipIDValidator checks a GDAP relationship ID at plan time.
// CloudCockpit documents it only as a string (Microsoft's are a UUID, or two
// joined by "-"), so any value is accepted that is safe as one URL path
// segment (cloudcockpit.CheckRelationshipID).
type relationshipIDValidator struct{}

func isGDAPRelationshipID() validator.String { return relationshipIDValidator{} }

func (relationshipIDValidator) Description(context.Context) string {
	return "must be a GDAP relationship ID: not empty, without \"/\", \"\\\", \"?\", \"#\", \"%\", control characters or surrounding spaces, and not \".\" or \"..\""
}

func (v relationshipIDValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v relationshipIDValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := cloudcockpitapi.CheckRelationshipID(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid GDAP relationship ID",
			fmt.Sprintf("%s %s. Got %q: it %s.", req.Path, v.Description(ctx), shared.TruncateForDiag(req.ConfigValue.ValueString()), err))
	}
}
