terraform {
  required_providers {
    partneradmin = {
      source = "partneradmin/partneradmin"
    }
  }
}

# Give the MSP storage team the ResourceAdmin role in the Acme partnership.
# Users are named by exactly one of user_id, email, auth0_id or aad_id.
# ResourceAdmins this resource does not name are left alone.
resource "partneradmin_bluexp_resource_admins" "acme" {
  partnership_id = "666a3f38-d4fa-5b62-a391-a69029758d32"
  description    = "MSP storage team"

  users = [
    { user_id = "e837c373-2ec4-47a8-b016-ba430ebce321" },
    { email = "ops@example.com" },
    { auth0_id = "auth0|5a09551d0d9ef535b823bd3f" },
    { aad_id = "8cb0fe27-0000-4000-8000-000000000001" },
  ]

  timeouts = {
    create = "10m"
  }
}

# The BlueXP user id each configured identifier resolved to. lookup, not
# members["ops@example.com"]: right after an import, members is keyed by the
# user ids BlueXP lists, until the next apply.
output "ops_user_id" {
  value = lookup(partneradmin_bluexp_resource_admins.acme.members, "ops@example.com", null)
}
