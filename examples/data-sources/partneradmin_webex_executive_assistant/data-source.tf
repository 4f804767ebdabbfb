terraform {
  required_providers {
    partneradmin = {
      source = "partneradmin/partneradmin"
    }
  }
}

# A person of the token's own organization.
data "partneradmin_webex_executive_assistant" "ceo" {
  person_id = "Y2lzY29zcGFyazovL3VzL1BFT1BMRS8wYTExY2UwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwYTExY2U"
}

# A partner admin reading a person of a customer organization.
data "partneradmin_webex_executive_assistant" "customer_assistant" {
  person_id = "Y2lzY29zcGFyazovL3VzL1BFT1BMRS8wYTExY2UwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDYxYWE"
  org_id    = "Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi8wYTExY2UwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMGFjM2U"
}

output "ceo_is_executive" {
  value = data.partneradmin_webex_executive_assistant.ceo.type == "EXECUTIVE"
}
