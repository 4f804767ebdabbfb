# Terraform 1.14 and later (terraform query): the UserAdmins of a BlueXP
# partnership, as one result. include_resource reads every member into users.
list "partneradmin_bluexp_user_admins" "acme" {
  provider         = partneradmin
  include_resource = true

  config {
    partnership_id = "666a3f38-d4fa-5b62-a391-a69029758d32"
  }
}
