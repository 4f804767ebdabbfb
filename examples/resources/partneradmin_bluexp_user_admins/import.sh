# Any Terraform version: the terraform import command, by partnership id. Every
# current UserAdmin is imported as a user_id element.
terraform import partneradmin_bluexp_user_admins.acme 666a3f38-d4fa-5b62-a391-a69029758d32
