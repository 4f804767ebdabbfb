# Terraform 1.12 and later: an import block, by resource identity.
import {
  to = partneradmin_webex_partner_admin_assignment.alice_acme
  identity = {
    org_id    = "Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi8wYTExY2UwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMGFjM2U"
    person_id = "Y2lzY29zcGFyazovL3VzL1BFT1BMRS8wYTExY2UwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwYTExY2U"
  }
}
