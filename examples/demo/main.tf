# The demo that `make demo` applies against the sandbox. The provider block is
# empty: scripts/demo.sh exports WEBEX_BASE_URL and WEBEX_ACCESS_TOKEN from the
# sandbox, as a pipeline would export real credentials.
terraform {
  required_providers {
    partneradmin = {
      source = "partneradmin/partneradmin"
    }
  }
}

provider "partneradmin" {}

variable "acme_org_id" {
  type        = string
  description = "Customer organization Acme Corp (from the sandbox's demo data)."
}

variable "globex_org_id" {
  type        = string
  description = "Customer organization Globex."
}

variable "alice_id" {
  type        = string
  description = "Alice, a partner administrator."
}

variable "bob_id" {
  type        = string
  description = "Bob, a partner administrator."
}

locals {
  # Who manages which customer.
  assignments = {
    alice_acme   = { org_id = var.acme_org_id, person_id = var.alice_id }
    alice_globex = { org_id = var.globex_org_id, person_id = var.alice_id }
    bob_acme     = { org_id = var.acme_org_id, person_id = var.bob_id }
  }
}

resource "partneradmin_webex_partner_admin_assignment" "this" {
  for_each  = local.assignments
  org_id    = each.value.org_id
  person_id = each.value.person_id
}

output "assignments" {
  value = { for k, a in partneradmin_webex_partner_admin_assignment.this : k => "${a.display_name} manages ${a.org_id == var.acme_org_id ? "Acme Corp" : "Globex"}" }
}
