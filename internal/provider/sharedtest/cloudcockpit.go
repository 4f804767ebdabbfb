package sharedtest

import (
	"fmt"
	"os"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/client"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/sandbox"
)

const CCAddr = "partneradmin_cloudcockpit_access_assignment.test"

const (
	CCListRoute   = "GET /v1/Customers/delegated-admin-relationships/{relationshipId}/access-assignments"
	CCCreateRoute = "POST /v1/Customers/delegated-admin-relationships/{relationshipId}/access-assignments"
	CCTermRoute   = "POST " + sandbox.CloudCockpitTerminatePattern
)

// CCFixture is a provider instance and a GDAP relationship: seeded in the
// sandbox with the given status, or from CLOUDCOCKPIT_TEST_PROVIDER_INSTANCE_ID
// and CLOUDCOCKPIT_TEST_RELATIONSHIP_ID against a real portal.
type CCFixture struct{ PID, RID string }

func NewCCFixture(e *AccEnv, status string) CCFixture {
	e.T.Helper()
	if e.Sandbox == nil {
		f := CCFixture{PID: os.Getenv(EnvCloudCockpitTestProviderInstanceID), RID: os.Getenv(EnvCloudCockpitTestRelationshipID)}
		if f.PID == "" || f.RID == "" {
			e.T.Fatal("against a real portal set CLOUDCOCKPIT_TEST_PROVIDER_INSTANCE_ID and CLOUDCOCKPIT_TEST_RELATIONSHIP_ID")
		}
		return f
	}
	f := CCFixture{PID: client.NewUUID(), RID: client.NewUUID() + "-" + client.NewUUID()}
	e.Sandbox.CloudCockpit().AddRelationship(f.PID, f.RID, status)
	return f
}

func CCConfig(f CCFixture, extra string) string {
	return fmt.Sprintf(`
resource "partneradmin_cloudcockpit_access_assignment" "test" {
  relationship_id      = %q
  provider_instance_id = %q
  %s
}
`, f.RID, f.PID, extra)
}

// CountCCCreates counts the create requests the sandbox logged.
func (e *AccEnv) CountCCCreates() int { return e.CountRoute(CCCreateRoute) }

// Real-tenant fixtures of the CloudCockpit tests: an active GDAP relationship
// the tests may give an access assignment (CLOUDCOCKPIT_TEST_*), and the
// provider's own CLOUDCOCKPIT_* settings.
const (
	EnvCloudCockpitTestProviderInstanceID = "CLOUDCOCKPIT_TEST_PROVIDER_INSTANCE_ID"
	EnvCloudCockpitTestRelationshipID     = "CLOUDCOCKPIT_TEST_RELATIONSHIP_ID"
)
