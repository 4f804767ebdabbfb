package provider

import (
	"context"
	"fmt"
	"log"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/client/webex"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/webexid"
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
)

func init() {
	resource.AddTestSweepers("partneradmin_webex_partner_admin_assignment", &resource.Sweeper{
		Name: "partneradmin_webex_partner_admin_assignment",
		F:    sweepWebexAssignments,
	})
	resource.AddTestSweepers("partneradmin_webex_executive_assistant", &resource.Sweeper{
		Name: "partneradmin_webex_executive_assistant",
		F:    sweepWebexExecutiveAssistant,
	})
}

// sweepWebexClient is the Webex client of a sweep, from the same environment
// variables the provider reads; nil when no token is set (nothing to sweep).
func sweepWebexClient() (*webex.Client, error) {
	token := os.Getenv(EnvWebexAccessToken)
	if token == "" {
		log.Printf("[INFO] %s is not set: no Webex sweep", EnvWebexAccessToken)
		return nil, nil
	}
	return webex.New(webex.Config{BaseURL: os.Getenv(EnvWebexBaseURL), AccessToken: token, UserAgent: "terraform-provider-partneradmin-sweeper"})
}

// sweepWebexAssignments unassigns the test person from the test customer,
// and nothing else: it is the only assignment the tests make on a real
// tenant.
func sweepWebexAssignments(string) error {
	orgID, personID := os.Getenv(EnvWebexTestOrgID), os.Getenv(EnvWebexTestPersonID)
	if orgID == "" || personID == "" {
		log.Printf("[INFO] %s or %s is not set: no Webex assignment to sweep", EnvWebexTestOrgID, EnvWebexTestPersonID)
		return nil
	}
	c, err := sweepWebexClient()
	if err != nil || c == nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	admins, err := c.ListCustomerPartnerAdmins(ctx, orgID)
	if err != nil {
		return fmt.Errorf("listing the partner admins of %s: %w", orgID, err)
	}
	for _, a := range admins {
		if webexid.Equal(a.ID, personID) {
			log.Printf("[INFO] unassigning the test partner admin %s from %s", personID, orgID)
			if err := c.UnassignPartnerAdmin(ctx, orgID, personID); err != nil && !webex.IsRefusal(err) {
				return fmt.Errorf("unassigning %s from %s: %w", personID, orgID, err)
			}
		}
	}
	return nil
}

// sweepWebexExecutiveAssistant sets the test Calling user back to
// UNASSIGNED, as the executive-assistant resource's destroy would.
func sweepWebexExecutiveAssistant(string) error {
	personID, orgID := os.Getenv(EnvWebexTestEAPersonID), os.Getenv(EnvWebexTestEAOrgID)
	if personID == "" {
		log.Printf("[INFO] %s is not set: no executive assistant setting to sweep", EnvWebexTestEAPersonID)
		return nil
	}
	c, err := sweepWebexClient()
	if err != nil || c == nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	ea, err := c.GetExecutiveAssistant(ctx, personID, orgID)
	if err != nil {
		return fmt.Errorf("reading the executive assistant type of %s: %w", personID, err)
	}
	if ea.Type == webex.ExecutiveAssistantUnassigned {
		return nil
	}
	log.Printf("[INFO] setting the test person %s's executive assistant type from %s back to UNASSIGNED", personID, ea.Type)
	return c.SetExecutiveAssistant(ctx, personID, orgID, webex.ExecutiveAssistantUnassigned)
}

// The sweepers take back exactly the fixtures' grants, nothing else.
func TestWebexSweepers(t *testing.T) {
	sb := sandbox.New(sandbox.Options{})
	srv := httptest.NewServer(sb)
	defer srv.Close()
	st := sb.Webex()
	org, otherOrg := st.AddOrg("Test customer"), st.AddOrg("Other customer")
	person := st.AddPerson(sandbox.Person{DisplayName: "Test admin", PartnerRole: sandbox.RolePartnerAdmin})
	colleague := st.AddPerson(sandbox.Person{DisplayName: "Colleague", PartnerRole: sandbox.RolePartnerAdmin})
	for _, a := range [][2]string{{org, person}, {org, colleague}, {otherOrg, person}} {
		if err := st.Assign(a[0], a[1]); err != nil {
			t.Fatal(err)
		}
	}
	eaPerson := st.AddPerson(sandbox.Person{Calling: true, OrgID: otherOrg, ExecutiveAssistantType: sandbox.EATypeExecutive})
	eaOther := st.AddPerson(sandbox.Person{Calling: true, OrgID: otherOrg, ExecutiveAssistantType: sandbox.EATypeExecutive})
	t.Setenv(EnvWebexBaseURL, srv.URL+"/webex")
	t.Setenv(EnvWebexAccessToken, sandbox.DefaultWebexToken)
	t.Setenv(EnvWebexTestOrgID, org)
	t.Setenv(EnvWebexTestPersonID, person)
	t.Setenv(EnvWebexTestEAPersonID, eaPerson)
	t.Setenv(EnvWebexTestEAOrgID, otherOrg)

	for range 2 { // a second sweep finds nothing to do
		if err := sweepWebexAssignments(""); err != nil {
			t.Fatal(err)
		}
		if err := sweepWebexExecutiveAssistant(""); err != nil {
			t.Fatal(err)
		}
	}
	if got := st.Assignments(org); len(got) != 1 || !webexid.Equal(got[0], colleague) {
		t.Errorf("test customer's assignments %v, want only the colleague's", got)
	}
	if got := st.Assignments(otherOrg); len(got) != 1 || !webexid.Equal(got[0], person) {
		t.Errorf("other customer's assignments %v, want the test admin's, untouched", got)
	}
	if got, _ := st.ExecutiveAssistantType(eaPerson); got != sandbox.EATypeUnassigned {
		t.Errorf("test person's type %q, want UNASSIGNED", got)
	}
	if got, _ := st.ExecutiveAssistantType(eaOther); got != sandbox.EATypeExecutive {
		t.Errorf("another person's type %q, want EXECUTIVE, untouched", got)
	}
	if n := sb.Stats().Routes["webex "+WebexUnassignRoute]; n != 1 {
		t.Errorf("%d unassigns, want 1", n)
	}
}
