terraform {
  required_providers {
    partneradmin = {
      source = "partneradmin/partneradmin"
    }
  }
}

# Every ResourceAdmin of the Acme partnership (one list request per page).
data "partneradmin_bluexp_resource_admins" "acme" {
  partnership_id = "666a3f38-d4fa-5b62-a391-a69029758d32"
}

# Their user IDs, for example to name them in a resource's users.
output "resource_admin_ids" {
  value = [for u in data.partneradmin_bluexp_resource_admins.acme.users : u.user_id]
}
