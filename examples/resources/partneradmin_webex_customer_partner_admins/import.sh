# Any Terraform version: the terraform import command, by org_id.
terraform import partneradmin_webex_customer_partner_admins.globex \
  "Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi8wYTExY2UwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDA2MTA2ZTg"
