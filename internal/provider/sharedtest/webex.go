package sharedtest

import (
	"fmt"
	"net/http"
	"os"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
)

const WebexAssignAddr = "partneradmin_webex_partner_admin_assignment.test"

// WebexFixture is a customer org and an assignable partner admin: seeded in
// the sandbox, or from WEBEX_TEST_ORG_ID / WEBEX_TEST_PERSON_ID against a
// real tenant.
type WebexFixture struct {
	OrgID, PersonID string
	DisplayName     string
	Email           string
	Role            string // roleInCustomerOrg Webex lists
}

func NewWebexFixture(e *AccEnv) WebexFixture {
	e.T.Helper()
	if e.Sandbox == nil {
		f := WebexFixture{OrgID: os.Getenv(EnvWebexTestOrgID), PersonID: os.Getenv(EnvWebexTestPersonID)}
		if f.OrgID == "" || f.PersonID == "" {
			e.T.Fatalf("against a real tenant set %s and %s (a partner admin reserved for tests, not assigned to that customer)",
				EnvWebexTestOrgID, EnvWebexTestPersonID)
		}
		return f
	}
	st := e.Sandbox.Webex()
	return WebexFixture{
		OrgID: st.AddOrg("Acme Corp"),
		PersonID: st.AddPerson(sandbox.Person{
			DisplayName: "Alice Anders", FirstName: "Alice", LastName: "Anders",
			Emails: []string{"alice@partner.example.com"}, PartnerRole: sandbox.RolePartnerAdmin,
		}),
		DisplayName: "Alice Anders",
		Email:       "alice@partner.example.com",
		Role:        "id_full_admin",
	}
}

func WebexAssignmentConfig(orgID, personID string) string {
	return fmt.Sprintf(`
resource "partneradmin_webex_partner_admin_assignment" "test" {
  org_id    = %q
  person_id = %q
}
`, orgID, personID)
}

// CheckWebexAssignmentsGone is CheckDestroy: the customer has no partner admin
// left, and the revoke-every-role endpoint was never called.
func CheckWebexAssignmentsGone(e *AccEnv, orgID string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if e.Sandbox == nil {
			return nil // a real tenant is checked by the next test run's create
		}
		if left := e.Sandbox.Webex().Assignments(orgID); len(left) != 0 {
			return fmt.Errorf("partner admins still assigned after destroy: %v", left)
		}
		if n := e.CountRoute("DELETE /v1/partner/organizations/partnerAdmin/{personId}"); n != 0 {
			return fmt.Errorf("the revoke-all-roles endpoint was called %d times", n)
		}
		return nil
	}
}

// The sandbox's routes of the partner-admin writes and list.
const (
	WebexAssignRoute   = "POST /v1/partner/organizations/{orgId}/partnerAdmin/{personId}/assign"
	WebexUnassignRoute = "DELETE /v1/partner/organizations/{orgId}/partnerAdmin/{personId}/unassign"
	WebexAdminsRoute   = "GET /v1/partner/organizations/{orgId}/partnerAdmins"
)

// WebexAPIAssign assigns through the sandbox's Webex API, as another
// workspace would: subject to the visibility delay, unlike the admin API.
func (e *AccEnv) WebexAPIAssign(orgID, personID string) {
	e.T.Helper()
	req, err := http.NewRequest(http.MethodPost, e.URL+"/webex/v1/partner/organizations/"+orgID+"/partnerAdmin/"+personID+"/assign", nil)
	if err != nil {
		e.T.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+sandbox.DefaultWebexToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.T.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		e.T.Fatalf("assign through the API: HTTP %d", resp.StatusCode)
	}
}

const (
	WebexAssignmentType   = "partneradmin_webex_partner_admin_assignment"
	WebexAdminsListRoute  = "webex GET /v1/partner/organizations/{orgId}/partnerAdmins"
	WebexManagedListRoute = "webex GET /v1/partner/organizations"
)

// Real-tenant fixtures of the Webex acceptance tests. The persons they name
// are reserved for the tests: the tests give them only the grants below, and
// the sweepers take back exactly those, so an interrupted run leaves nothing
// behind and the next run's create does not meet its own leftovers as an
// assignment that "already exists".
const (
	EnvWebexTestOrgID      = "WEBEX_TEST_ORG_ID"       // a customer organization
	EnvWebexTestPersonID   = "WEBEX_TEST_PERSON_ID"    // a Partner Administrator reserved for tests, not assigned to WEBEX_TEST_ORG_ID
	EnvWebexTestEAPersonID = "WEBEX_TEST_EA_PERSON_ID" // a Webex Calling user reserved for tests, left UNASSIGNED
	EnvWebexTestEAOrgID    = "WEBEX_TEST_EA_ORG_ID"    // that user's organization, when not the token's own (optional)
	// A customer organization reserved for the authoritative
	// partneradmin_webex_customer_partner_admins tests: they unassign every
	// partner admin it has, so it must never be a real customer.
	EnvWebexTestExclusiveOrgID = "WEBEX_TEST_EXCLUSIVE_ORG_ID"
)

// NewWebexExclusiveFixture is a customer the authoritative resource may
// take over and the fixture's partner admin: seeded in the sandbox, or
// WEBEX_TEST_EXCLUSIVE_ORG_ID and WEBEX_TEST_PERSON_ID against a real tenant
// (the test is skipped when WEBEX_TEST_EXCLUSIVE_ORG_ID is not set, rather
// than run against a customer with admins of its own).
func NewWebexExclusiveFixture(e *AccEnv) WebexFixture {
	e.T.Helper()
	f := NewWebexFixture(e)
	if e.Sandbox == nil {
		f.OrgID = os.Getenv(EnvWebexTestExclusiveOrgID)
		if f.OrgID == "" {
			e.T.Skipf("%s is not set: the authoritative resource unassigns every other partner admin of its customer, so it runs only on a customer reserved for it", EnvWebexTestExclusiveOrgID)
		}
	}
	return f
}
