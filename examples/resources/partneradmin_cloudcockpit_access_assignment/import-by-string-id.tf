# Terraform 1.5 and later: an import block, by "<provider_instance_id>/<relationship_id>".
import {
  to = partneradmin_cloudcockpit_access_assignment.contoso
  id = "9a2d5e7f-0000-4000-8000-000000000003/6f1b3c2a-0000-4000-8000-000000000001-2c4e6a80-0000-4000-8000-000000000002"
}
