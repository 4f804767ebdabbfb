terraform {
  required_providers {
    partneradmin = {
      source = "partneradmin/partneradmin"
    }
  }
}

# The Microsoft provider instance, by its alias in the portal.
data "partneradmin_cloudcockpit_provider_instances" "all" {}

locals {
  microsoft = one([
    for i in data.partneradmin_cloudcockpit_provider_instances.all.provider_instances : i.id
    if i.alias == "Microsoft CSP"
  ])
}

# Contoso's GDAP relationships in that instance: the active one and any
# that expired or wait for the customer's approval.
data "partneradmin_cloudcockpit_delegated_admin_relationships" "contoso" {
  customer_id          = "c0270500-0000-4000-8000-000000000004"
  provider_instance_id = local.microsoft
}

# Give the portal's security group access through Contoso's active
# relationship. Statuses are compared in lower case, as CloudCockpit does not
# say how it spells them. With two active relationships one() fails the
# plan; with none, relationship_id is null, which the plan refuses too.
resource "partneradmin_cloudcockpit_access_assignment" "contoso" {
  provider_instance_id = local.microsoft
  relationship_id = one([
    for r in data.partneradmin_cloudcockpit_delegated_admin_relationships.contoso.relationships : r.id
    if lower(r.status) == "active"
  ])
}
