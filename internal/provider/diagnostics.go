package provider

import (
	"errors"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/client"
)

// addClientError adds a two-part diagnostic: summary says what failed, the
// detail carries the vendor's answer (status, message fields, tracking id,
// and what to check for 401/403).
func addClientError(diags *diag.Diagnostics, summary string, err error) {
	diags.AddError(summary, clientErrorDetail(err))
}

func clientErrorDetail(err error) string {
	var apiErr *client.APIError
	if errors.As(err, &apiErr) {
		return apiErr.Detail()
	}
	return err.Error()
}
