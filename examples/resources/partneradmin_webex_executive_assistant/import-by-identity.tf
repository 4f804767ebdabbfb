# Terraform 1.12 and later: an import block, by resource identity. org_id is
# optional: give it for a person in a customer organization.
import {
  to = partneradmin_webex_executive_assistant.gina
  identity = {
    person_id = "Y2lzY29zcGFyazovL3VzL1BFT1BMRS8wYTExY2UwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDYxYWE"
    org_id    = "Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi8wYTExY2UwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMGFjM2U"
  }
}
