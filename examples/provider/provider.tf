# The provider's registry address is partneradmin/partneradmin: without this
# block, terraform looks for hashicorp/partneradmin, which does not exist.
terraform {
  required_providers {
    partneradmin = {
      source = "partneradmin/partneradmin"
    }
  }
}

# Every attribute can come from the environment instead (WEBEX_ACCESS_TOKEN,
# BLUEXP_CLIENT_ID, CLOUDCOCKPIT_TENANT, PARTNERADMIN_MAX_RETRIES, …), so
# pipelines can use an empty block: provider "partneradmin" {}
# Configure only the vendors whose resources you use.
provider "partneradmin" {
  webex = {
    access_token = var.webex_access_token
  }
  bluexp = {
    client_id     = var.bluexp_client_id
    client_secret = var.bluexp_client_secret
  }
  cloudcockpit = {
    tenant        = "portal.cloudcockpit.com"
    client_id     = var.cloudcockpit_client_id
    client_secret = var.cloudcockpit_client_secret
  }
  max_retries = 6
}

variable "webex_access_token" {
  type      = string
  sensitive = true
}

variable "bluexp_client_id" {
  type = string
}

variable "bluexp_client_secret" {
  type      = string
  sensitive = true
}

variable "cloudcockpit_client_id" {
  type = string
}

variable "cloudcockpit_client_secret" {
  type      = string
  sensitive = true
}
