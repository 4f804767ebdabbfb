package webex_test

import (
	"context"
	"fmt"
	"log"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/sharedtest"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/webex"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	webexapi "github.com/partneradmin/terraform-provider-partneradmin/internal/client/webex"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/webexid"
)

func init() {
	resource.AddTestSweepers("partneradmin_webex_partner_admin_assignment", &resource.Sweeper{
		Name: "partneradmin_webex_partner_admin_assignment",
		F:    sweepAssignments,
	})
	resource.AddTestSweepers("partneradmin_webex_executive_assistant", &resource.Sweeper{
		Name: "partneradmin_webex_executive_assistant",
		F:    sweepExecutiveAssistant,
	})
}

// sweepClient is the Webex client of a sweep, from the same environment
// variables the provider reads; nil when no token is set (nothing to sweep).
func sweepClient() (*webexapi.Client, error) {
	token := os.Getenv(webex.EnvAccessToken)
	if token == "" {
		log.Printf("[INFO] %s is not set: no Webex sweep", webex.EnvAccessToken)
		return nil, nil
	}
	return webexapi.New(webexapi.Config{BaseURL: os.Getenv(webex.EnvBaseURL), AccessToken: token, UserAgent: "terraform-provider-partneradmin-sweeper"})
}

// sweepAssignments unassigns the test person from the test customer and
// from the customer reserved for the authoritative resource's tests, and
// nothing else: those are the only grants the tests make on a real tenant
// (partneradmin_webex_customer_partner_admins assigns only the test person;
// the other partner admins it removes there are not restored).
func sweepAssignments(string) error {
	personID := os.Getenv(sharedtest.EnvWebexTestPersonID)
	for _, env := range []string{sharedtest.EnvWebexTestOrgID, sharedtest.EnvWebexTestExclusiveOrgID} {
		orgID := os.Getenv(env)
		if orgID == "" || personID == "" {
			log.Printf("[INFO] %s or %s is not set: no Webex assignment to sweep there", env, sharedtest.EnvWebexTestPersonID)
			continue
		}
		if err := sweepAssignment(orgID, personID); err != nil {
			return err
		}
	}
	return nil
}

func sweepAssignment(orgID, personID string) error {
	c, err := sweepClient()
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
			if _, err := c.UnassignPartnerAdmin(ctx, orgID, personID); err != nil && !webexapi.IsRefusal(err) {
				return fmt.Errorf("unassigning %s from %s: %w", personID, orgID, err)
			}
		}
	}
	return nil
}

// sweepExecutiveAssistant sets the test Calling user back to
// UNASSIGNED, as the executive-assistant resource's destroy would.
func sweepExecutiveAssistant(string) error {
	personID, orgID := os.Getenv(sharedtest.EnvWebexTestEAPersonID), os.Getenv(sharedtest.EnvWebexTestEAOrgID)
	if personID == "" {
		log.Printf("[INFO] %s is not set: no executive assistant setting to sweep", sharedtest.EnvWebexTestEAPersonID)
		return nil
	}
	c, err := sweepClient()
	if err != nil || c == nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	ea, err := c.GetExecutiveAssistant(ctx, personID, orgID)
	if err != nil {
		return fmt.Errorf("reading the executive assistant type of %s: %w", personID, err)
	}
	if ea.Type == webexapi.ExecutiveAssistantUnassigned {
		return nil
	}
	log.Printf("[INFO] setting the test person %s's executive assistant type from %s back to UNASSIGNED", personID, ea.Type)
	return c.SetExecutiveAssistant(ctx, personID, orgID, webexapi.ExecutiveAssistantUnassigned)
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
	t.Setenv(webex.EnvBaseURL, srv.URL+"/webex")
	t.Setenv(webex.EnvAccessToken, sandbox.DefaultWebexToken)
	t.Setenv(sharedtest.EnvWebexTestOrgID, org)
	t.Setenv(sharedtest.EnvWebexTestPersonID, person)
	exclusive := st.AddOrg("Reserved customer")
	if err := st.Assign(exclusive, person); err != nil {
		t.Fatal(err)
	}
	t.Setenv(sharedtest.EnvWebexTestExclusiveOrgID, exclusive)
	t.Setenv(sharedtest.EnvWebexTestEAPersonID, eaPerson)
	t.Setenv(sharedtest.EnvWebexTestEAOrgID, otherOrg)

	for range 2 { // a second sweep finds nothing to do
		if err := sweepAssignments(""); err != nil {
			t.Fatal(err)
		}
		if err := sweepExecutiveAssistant(""); err != nil {
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
	if got := st.Assignments(exclusive); len(got) != 0 {
		t.Errorf("reserved customer's assignments %v, want none", got)
	}
	if n := sb.Stats().Routes["webex "+sharedtest.WebexUnassignRoute]; n != 2 {
		t.Errorf("%d unassigns, want 2", n)
	}
}
