# Any Terraform version: the terraform import command, by "<org_id>/<person_id>".
terraform import partneradmin_webex_partner_admin_assignment.alice_acme \
  "Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi8wYTExY2UwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMGFjM2U/Y2lzY29zcGFyazovL3VzL1BFT1BMRS8wYTExY2UwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwYTExY2U"
