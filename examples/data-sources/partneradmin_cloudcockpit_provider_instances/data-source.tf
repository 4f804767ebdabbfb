terraform {
  required_providers {
    partneradmin = {
      source = "partneradmin/partneradmin"
    }
  }
}

# Every provider instance of the CloudCockpit portal.
data "partneradmin_cloudcockpit_provider_instances" "all" {}

# The ID of the Microsoft instance, found by its alias in the portal instead
# of pasted. one() fails the plan if two instances share the alias.
output "microsoft_provider_instance_id" {
  value = one([
    for i in data.partneradmin_cloudcockpit_provider_instances.all.provider_instances : i.id
    if i.alias == "Microsoft CSP"
  ])
}
