# Terraform 1.5 and later: an import block, by org_id.
import {
  to = partneradmin_webex_customer_partner_admins.globex
  id = "Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi8wYTExY2UwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDA2MTA2ZTg"
}
