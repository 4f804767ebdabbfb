terraform {
  required_providers {
    partneradmin = {
      source = "partneradmin/partneradmin"
    }
  }
}

# The customer organizations the partner admin Alice manages.
data "partneradmin_webex_managed_customers" "alice" {
  person_id = "Y2lzY29zcGFyazovL3VzL1BFT1BMRS8wYTExY2UwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwYTExY2U"
}

# Their org IDs, for a review or to feed other resources.
output "alice_customers" {
  value = [for c in data.partneradmin_webex_managed_customers.alice.customers : c.org_id]
}
