# Make Alice, a Webex Calling user of a customer organization, an executive.
# Destroying this resource sets her type back to "UNASSIGNED".
resource "partneradmin_webex_executive_assistant" "alice" {
  person_id = "Y2lzY29zcGFyazovL3VzL1BFT1BMRS8wYTExY2UwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwYTExY2U"
  org_id    = "Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi8wYTExY2UwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMGFjM2U" # optional: only for a person of another organization
  type      = "EXECUTIVE"

  timeouts = {
    create = "5m"
  }
}
