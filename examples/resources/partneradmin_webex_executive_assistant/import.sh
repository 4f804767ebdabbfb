# Any Terraform version: the terraform import command. A person of the token's
# own organization is imported by "<person_id>".
terraform import partneradmin_webex_executive_assistant.alice \
  "Y2lzY29zcGFyazovL3VzL1BFT1BMRS8wYTExY2UwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwYTExY2U"

# A person of another organization (partners) by "<org_id>/<person_id>".
terraform import partneradmin_webex_executive_assistant.gina \
  "Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi8wYTExY2UwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMGFjM2U/Y2lzY29zcGFyazovL3VzL1BFT1BMRS8wYTExY2UwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDYxYWE"
