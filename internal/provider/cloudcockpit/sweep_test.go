package cloudcockpit_test

import (
	"context"
	"fmt"
	"log"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/cloudcockpit"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/sharedtest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/client"
	cloudcockpitapi "github.com/partneradmin/terraform-provider-partneradmin/internal/client/cloudcockpit"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
)

func init() {
	resource.AddTestSweepers(cloudcockpit.AccessAssignmentType, &resource.Sweeper{
		Name: cloudcockpit.AccessAssignmentType,
		F:    sweepAccessAssignments,
	})
}

// clientFromEnv builds a CloudCockpit client from the provider's
// environment variables, as the provider would with an empty block.
func clientFromEnv() (*cloudcockpitapi.Client, error) {
	return cloudcockpitapi.New(cloudcockpitapi.Config{
		BaseURL:      os.Getenv(cloudcockpit.EnvBaseURL),
		Tenant:       os.Getenv(cloudcockpit.EnvTenant),
		AccessToken:  os.Getenv(cloudcockpit.EnvAccessToken),
		ClientID:     os.Getenv(cloudcockpit.EnvClientID),
		ClientSecret: os.Getenv(cloudcockpit.EnvClientSecret),
		TokenURL:     os.Getenv(cloudcockpit.EnvTokenURL),
		UserAgent:    "terraform-provider-partneradmin sweeper",
	})
}

// sweepAccessAssignments only reports: CloudCockpit has no API to
// remove an access assignment, and terminating the relationship (the one
// destructive GDAP call) would take far more than what the tests made. It
// lists the fixture relationship's assignments, which are all the tests can
// have made, and logs each with what to do about it.
func sweepAccessAssignments(_ string) error {
	pid, rid := os.Getenv(sharedtest.EnvCloudCockpitTestProviderInstanceID), os.Getenv(sharedtest.EnvCloudCockpitTestRelationshipID)
	if pid == "" || rid == "" {
		log.Printf("[INFO] %s sweeper: %s and %s are not set; nothing to report", cloudcockpit.AccessAssignmentType, sharedtest.EnvCloudCockpitTestProviderInstanceID, sharedtest.EnvCloudCockpitTestRelationshipID)
		return nil
	}
	cc, err := clientFromEnv()
	if err != nil {
		return fmt.Errorf("%s sweeper: %w", cloudcockpit.AccessAssignmentType, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	list, err := cc.ListAccessAssignments(ctx, pid, rid)
	if err != nil {
		return fmt.Errorf("%s sweeper: listing the access assignments of GDAP relationship %q: %w", cloudcockpit.AccessAssignmentType, rid, err)
	}
	live := 0
	for _, a := range list {
		if cloudcockpitapi.StatusIs(a.Status.Name, cloudcockpitapi.StatusDeleted) {
			continue
		}
		live++
		log.Printf("[WARN] %s sweeper: GDAP relationship %q (provider instance %q) still has access assignment %s (status %q, created %s). "+
			"CloudCockpit cannot remove it: remove it in Microsoft Partner Center or with Microsoft Graph if the tests should start clean.",
			cloudcockpit.AccessAssignmentType, rid, pid, a.ID, a.Status.Name, a.CreatedDateTime)
	}
	log.Printf("[INFO] %s sweeper: %d live access assignment(s) left on the fixture relationship; nothing removed (there is no API for it)", cloudcockpit.AccessAssignmentType, live)
	return nil
}

// The sweeper reports what the fixture relationship still holds and sends
// nothing but that one list request.
func TestCloudCockpitSweeperReports(t *testing.T) {
	sb := sandbox.New(sandbox.Options{})
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	pid, rid := client.NewUUID(), "Contoso-GDAP"
	sb.CloudCockpit().AddRelationship(pid, rid, sandbox.RelationshipActive)
	id := sb.CloudCockpit().AddAssignment(pid, rid)
	for k, v := range map[string]string{
		cloudcockpit.EnvBaseURL: srv.URL + "/cloudcockpit", cloudcockpit.EnvTenant: sandbox.DefaultCloudCockpitTenant,
		cloudcockpit.EnvAccessToken: sandbox.DefaultCloudCockpitToken, cloudcockpit.EnvClientID: "", cloudcockpit.EnvClientSecret: "",
		sharedtest.EnvCloudCockpitTestProviderInstanceID: pid, sharedtest.EnvCloudCockpitTestRelationshipID: rid,
	} {
		t.Setenv(k, v)
	}
	var out strings.Builder
	log.SetOutput(&out)
	t.Cleanup(func() { log.SetOutput(os.Stderr) })
	if err := sweepAccessAssignments(""); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "access assignment "+id) || !strings.Contains(out.String(), "1 live access assignment(s) left") {
		t.Fatalf("the sweeper did not report assignment %s:\n%s", id, out.String())
	}
	if got := sb.Stats().Routes; len(got) != 1 || got["cloudcockpit "+sharedtest.CCListRoute] != 1 {
		t.Fatalf("requests %v, want the one list", got)
	}
	if got := sb.CloudCockpit().Assignments(pid, rid); len(got) != 1 {
		t.Fatalf("assignments %v after the sweep, want the one left alone", got)
	}
}
