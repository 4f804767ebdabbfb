#!/usr/bin/env bash
# Prints the path of a terraform CLI new enough for resource identity (1.12+)
# and list resources / `terraform query` (1.14+): $TERRAFORM_LATEST if set,
# otherwise terraform $TERRAFORM_LATEST_VERSION (default v1.14.5) built once
# from the Go module proxy by scripts/terraform-version.sh, which says what
# that build leaves out.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -n "${TERRAFORM_LATEST:-}" ]]; then
  echo "$TERRAFORM_LATEST"
  exit 0
fi
exec ./scripts/terraform-version.sh "${TERRAFORM_LATEST_VERSION:-v1.14.5}"
