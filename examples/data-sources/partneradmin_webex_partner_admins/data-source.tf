terraform {
  required_providers {
    partneradmin = {
      source = "partneradmin/partneradmin"
    }
  }
}

# Every partner admin assigned to the customer organization Acme.
data "partneradmin_webex_partner_admins" "acme" {
  org_id = "Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi8wYTExY2UwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMGFjM2U"
}

# Who can administer Acme, by email, for a review or an alert.
output "acme_partner_admins" {
  value = sort(flatten([for a in data.partneradmin_webex_partner_admins.acme.partner_admins : a.emails]))
}
