terraform {
  required_providers {
    partneradmin = {
      source = "partneradmin/partneradmin"
    }
  }
}

# The UUID inside a Webex ID, as Control Hub shows it. Every encoding of one
# object gives the same UUID: Webex's usual form, and the regional form with
# "=" padding it may return instead.

# "0a11ce00-0000-4000-8000-00000000ac3e"
output "acme_org_uuid" {
  value = provider::partneradmin::webex_uuid("Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi8wYTExY2UwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMGFjM2U")
}

# "0a11ce00-0000-4000-8000-00000000ac3e"
output "acme_org_uuid_from_regional_id" {
  value = provider::partneradmin::webex_uuid("Y2lzY29zcGFyazovL3VybjpURUFNOmV1LWNlbnRyYWwtMV9rL09SR0FOSVpBVElPTi8wYTExY2UwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMGFjM2U=")
}
