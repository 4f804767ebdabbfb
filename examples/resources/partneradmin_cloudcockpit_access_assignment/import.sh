# Any Terraform version: the terraform import command, by
# "<provider_instance_id>/<relationship_id>".
terraform import partneradmin_cloudcockpit_access_assignment.contoso \
  "9a2d5e7f-0000-4000-8000-000000000003/6f1b3c2a-0000-4000-8000-000000000001-2c4e6a80-0000-4000-8000-000000000002"
