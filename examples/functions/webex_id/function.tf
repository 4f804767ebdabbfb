terraform {
  required_providers {
    partneradmin = {
      source = "partneradmin/partneradmin"
    }
  }
}

# Control Hub shows organizations and users by UUID; the resources take Webex
# IDs. Let the partner admins Alice and Bob manage the customer Acme, named by
# the UUIDs Control Hub shows.
locals {
  acme_org_uuid = "0a11ce00-0000-4000-8000-00000000ac3e"
  acme_admin_uuids = [
    "0a11ce00-0000-4000-8000-0000000a11ce", # Alice
    "0a11ce00-0000-4000-8000-000000000b0b", # Bob
  ]
}

resource "partneradmin_webex_partner_admin_assignment" "acme" {
  for_each = toset(local.acme_admin_uuids)

  org_id    = provider::partneradmin::webex_id("ORGANIZATION", local.acme_org_uuid)
  person_id = provider::partneradmin::webex_id("PEOPLE", each.value)
}

# "Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi8wYTExY2UwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMGFjM2U"
output "acme_org_id" {
  value = provider::partneradmin::webex_id("ORGANIZATION", local.acme_org_uuid)
}
