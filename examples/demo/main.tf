# The demo that `make demo` applies against the sandbox. The provider block is
# empty: scripts/demo.sh exports WEBEX_*, BLUEXP_* and CLOUDCOCKPIT_* from the
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

variable "bluexp_partnership_id" {
  type        = string
  description = "BlueXP partnership Acme storage."
}

variable "bluexp_dana_id" {
  type        = string
  description = "BlueXP user id of Dana."
}

variable "bluexp_evan_email" {
  type        = string
  description = "Email of the BlueXP user Evan."
}

variable "cloudcockpit_provider_instance_id" {
  type        = string
  description = "CloudCockpit provider instance."
}

variable "cloudcockpit_relationship_id" {
  type        = string
  description = "An active GDAP relationship."
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

# Dana (by user id) and Evan (by email) hold ResourceAdmin in the partnership.
resource "partneradmin_bluexp_resource_admins" "acme_storage" {
  partnership_id = var.bluexp_partnership_id
  description    = "MSP storage team"
  users = [
    { user_id = var.bluexp_dana_id },
    { email = var.bluexp_evan_email },
  ]
}

# Link the GDAP relationship with the portal's security group. Destroy only
# forgets it: CloudCockpit has no API to remove an access assignment.
resource "partneradmin_cloudcockpit_access_assignment" "contoso" {
  relationship_id      = var.cloudcockpit_relationship_id
  provider_instance_id = var.cloudcockpit_provider_instance_id
}

output "bluexp_members" {
  value = partneradmin_bluexp_resource_admins.acme_storage.members
}

output "cloudcockpit_status" {
  value = partneradmin_cloudcockpit_access_assignment.contoso.status
}

output "assignments" {
  value = { for k, a in partneradmin_webex_partner_admin_assignment.this : k => "${a.display_name} manages ${a.org_id == var.acme_org_id ? "Acme Corp" : "Globex"}" }
}
