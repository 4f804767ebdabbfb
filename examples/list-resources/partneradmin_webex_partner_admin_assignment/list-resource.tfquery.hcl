# Terraform 1.14 and later (terraform query): every partner admin assigned to
# the customer organization Acme.
list "partneradmin_webex_partner_admin_assignment" "acme" {
  provider = partneradmin

  config {
    org_id = "Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi8wYTExY2UwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMGFjM2U"
  }
}

# Every customer organization the partner admin Alice is assigned to, up to
# 500 (the default limit is 100), each with its full resource.
list "partneradmin_webex_partner_admin_assignment" "alice" {
  provider         = partneradmin
  include_resource = true
  limit            = 500

  config {
    person_id = "Y2lzY29zcGFyazovL3VzL1BFT1BMRS8wYTExY2UwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwYTExY2U"
  }
}
