terraform {
  required_providers {
    partneradmin = {
      source = "partneradmin/partneradmin"
    }
  }
}

# Make Alice, a Webex Calling user of the token's own organization, an
# executive. Destroying this resource sets her type back to "UNASSIGNED".
resource "partneradmin_webex_executive_assistant" "alice" {
  person_id = "Y2lzY29zcGFyazovL3VzL1BFT1BMRS8wYTExY2UwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwYTExY2U"
  type      = "EXECUTIVE"
}

# A partner admin making Gina, a Webex Calling user of the customer
# organization Acme, an executive assistant.
resource "partneradmin_webex_executive_assistant" "gina" {
  person_id = "Y2lzY29zcGFyazovL3VzL1BFT1BMRS8wYTExY2UwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDYxYWE"
  org_id    = "Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi8wYTExY2UwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMGFjM2U" # only for a person of another organization
  type      = "EXECUTIVE_ASSISTANT"

  timeouts = {
    create = "5m"
  }
}
