terraform {
  required_providers {
    partneradmin = {
      source = "partneradmin/partneradmin"
    }
  }
}

# Exactly these users administer the users of the Acme partnership: with
# exclusive = true, every other UserAdmin loses the role, and the plan lists
# them in `removes` (by user ID) before anything changes.
resource "partneradmin_bluexp_user_admins" "acme" {
  partnership_id = "666a3f38-d4fa-5b62-a391-a69029758d32"
  description    = "MSP user administrators"
  exclusive      = true

  users = [
    { user_id = "e837c373-2ec4-47a8-b016-ba430ebce321" },
    { email = "evan@msp.example.com" },
  ]
}

# The user ID BlueXP gave the email user (members maps each email to it).
# Read who an apply removes in the plan's `removes`, before you confirm.
output "evan_user_id" {
  value = lookup(partneradmin_bluexp_user_admins.acme.members, "evan@msp.example.com", null)
}
