# Terraform 1.5 and later: an import block, by "<person_id>" or "<org_id>/<person_id>".
import {
  to = partneradmin_webex_executive_assistant.gina
  id = "Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi8wYTExY2UwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMGFjM2U/Y2lzY29zcGFyazovL3VzL1BFT1BMRS8wYTExY2UwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDYxYWE"
}
