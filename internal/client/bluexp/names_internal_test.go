package bluexp

import (
	"slices"
	"testing"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/client"
)

// invalidParams that point into the request body name the user instead;
// others, and indexes past the users sent, are left as they are.
func TestNameUsers(t *testing.T) {
	err := &client.APIError{Details: []string{
		"users[1].emailId: must be an email address",
		"users[0]: no such user",
		"users[7]: out of range",
		"description: too long",
	}}
	nameUsers(err, []UserRef{{Auth0ID: "auth0|abc"}, {EmailID: "a@"}})
	want := []string{
		"email a@ (emailId): must be an email address",
		"Auth0 ID auth0|abc: no such user",
		"users[7]: out of range",
		"description: too long",
	}
	if !slices.Equal(err.Details, want) {
		t.Errorf("details = %q\nwant      %q", err.Details, want)
	}
}
