# Terraform 1.12 and later: an import block, by resource identity. Every
# current UserAdmin is imported as a user_id element.
import {
  to = partneradmin_bluexp_user_admins.acme
  identity = {
    partnership_id = "666a3f38-d4fa-5b62-a391-a69029758d32"
  }
}
