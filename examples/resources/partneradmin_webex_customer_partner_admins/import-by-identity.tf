# Terraform 1.12 and later: an import block, by resource identity.
import {
  to = partneradmin_webex_customer_partner_admins.globex
  identity = {
    org_id = "Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi8wYTExY2UwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDA2MTA2ZTg"
  }
}
