# Every attribute can come from the environment instead
# (WEBEX_ACCESS_TOKEN, WEBEX_BASE_URL, PARTNERADMIN_MAX_RETRIES, …),
# so pipelines can use an empty block: provider "partneradmin" {}
provider "partneradmin" {
  webex = {
    access_token = var.webex_access_token
  }
  max_retries = 6
}

variable "webex_access_token" {
  type      = string
  sensitive = true
}
