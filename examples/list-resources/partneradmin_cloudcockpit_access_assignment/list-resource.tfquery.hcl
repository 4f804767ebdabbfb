# Terraform 1.14 and later (terraform query): the live access assignment of a
# GDAP relationship, if there is one.
list "partneradmin_cloudcockpit_access_assignment" "contoso" {
  provider = partneradmin

  config {
    provider_instance_id = "9a2d5e7f-0000-4000-8000-000000000003"
    relationship_id      = "6f1b3c2a-0000-4000-8000-000000000001-2c4e6a80-0000-4000-8000-000000000002"
  }
}
