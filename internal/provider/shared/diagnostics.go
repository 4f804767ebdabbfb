package shared

import (
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/client"
)

// AddClientError adds a two-part diagnostic: summary says what failed, the
// detail carries the vendor's answer (status, message fields, tracking id,
// and what to check for 401/403).
func AddClientError(diags *diag.Diagnostics, summary string, err error) {
	diags.AddError(summary, ClientErrorDetail(err))
}

func ClientErrorDetail(err error) string {
	if detail, ok := timeoutDetail(err); ok {
		return detail
	}
	var apiErr *client.APIError
	if errors.As(err, &apiErr) {
		return apiErr.Detail()
	}
	return err.Error()
}

// AddAlreadyExistsError reports a Create that found its object already at the
// vendor before it began: adopting it silently would let a destroy revoke an
// admin that another workspace, or a person, manages. The detail gives the
// exact import ID and an import block.
func AddAlreadyExistsError(diags *diag.Diagnostics, resourceType, what, importID string) {
	diags.AddError("Already exists: "+what,
		fmt.Sprintf("%s already exists at the vendor, so this resource did not create it and will not take it over: "+
			"destroying it would revoke access that something else (another workspace, or a change made by hand) manages.\n\n"+
			"If this configuration should manage it, import it:\n\n"+
			"  terraform import %s.<name> %q\n\n"+
			"or, with Terraform 1.5 or later, add an import block and apply:\n\n"+
			"  import {\n    to = %s.<name>\n    id = %q\n  }",
			what, resourceType, importID, resourceType, importID))
}
