terraform {
  required_providers {
    partneradmin = {
      source = "partneradmin/partneradmin"
    }
  }
}

# Link Contoso's GDAP relationship with the security group configured in the
# CloudCockpit portal, and wait until Microsoft reports the assignment active.
#
# Destroying this resource does NOT remove the access assignment: CloudCockpit
# has no API for that. Remove it in Microsoft Partner Center or with Microsoft Graph.
resource "partneradmin_cloudcockpit_access_assignment" "contoso" {
  relationship_id      = "6f1b3c2a-0000-4000-8000-000000000001-2c4e6a80-0000-4000-8000-000000000002"
  provider_instance_id = "9a2d5e7f-0000-4000-8000-000000000003"

  timeouts = {
    create = "30m" # a new assignment can stay pending for a while
  }
}
