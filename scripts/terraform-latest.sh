#!/usr/bin/env bash
# Prints the path of a terraform CLI new enough for resource identity (1.12+)
# and list resources / `terraform query` (1.14+), building it once if needed.
#
# Uses $TERRAFORM_LATEST if set; otherwise builds terraform
# $TERRAFORM_LATEST_VERSION from source through the Go module proxy (no other
# download) into ${XDG_CACHE_HOME:-~/.cache}/partneradmin/terraform-<version>.
#
# The module zip on the proxy lacks terraform's nested modules (the remote
# state backends azurerm, consul, cos, gcs, kubernetes, oci, oss, pg, s3, and
# internal/legacy, which only they use), so the build leaves those backends
# out. The acceptance tests use the local backend only.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -n "${TERRAFORM_LATEST:-}" ]]; then
  echo "$TERRAFORM_LATEST"
  exit 0
fi
version="${TERRAFORM_LATEST_VERSION:-v1.14.5}"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/partneradmin/terraform-$version"
tf="$cache/terraform"
if [[ ! -x "$tf" ]]; then
  echo "building terraform $version from the Go module proxy (a few minutes)..." >&2
  src="$(go mod download -json "github.com/hashicorp/terraform@$version" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')"
  work="$(mktemp -d)"
  trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
  cp -r "$src/." "$work/"
  chmod -R u+w "$work"
  sed -i -E '/backend(Azure|Consul|Cos|GCS|Kubernetes|OCI|OSS|Pg|S3)\b/d' "$work/internal/backend/init/init.go"
  sed -i -E '/internal\/(backend\/remote-state\/(azure|consul|cos|gcs|kubernetes|oci|oss|pg|s3)|legacy)( |$)/d' "$work/go.mod"
  mkdir -p "$cache"
  (cd "$work" && go build -ldflags "-X github.com/hashicorp/terraform/version.dev=no" -o "$tf.tmp" . >&2)
  mv "$tf.tmp" "$tf"
fi
echo "$tf"
