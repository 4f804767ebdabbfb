terraform {
  required_providers {
    partneradmin = {
      source = "partneradmin/partneradmin"
    }
  }
}

# Alice and Bob, and nobody else, administer the customer organization Globex.
# Any other partner admin of Globex is unassigned: the plan lists them in
# removes (person ID => display name) before you confirm.
resource "partneradmin_webex_customer_partner_admins" "globex" {
  org_id = "Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi8wYTExY2UwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDA2MTA2ZTg" # customer organization
  person_ids = [
    "Y2lzY29zcGFyazovL3VzL1BFT1BMRS8wYTExY2UwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwYTExY2U", # Alice Anders
    "Y2lzY29zcGFyazovL3VzL1BFT1BMRS8wYTExY2UwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDBiMGI", # Bob Baker
  ]
}

# Who administers Globex, by name.
output "globex_partner_admins" {
  value = sort(values(partneradmin_webex_customer_partner_admins.globex.display_names))
}
