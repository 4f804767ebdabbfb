#!/usr/bin/env bash
# Runs the acceptance suite with OpenTofu instead of terraform.
#
# Uses `tofu` from PATH, or $TOFU; otherwise builds OpenTofu from source
# through the Go module proxy (no other download), once, into
# ${XDG_CACHE_HOME:-~/.cache}/partneradmin/tofu-$OPENTOFU_VERSION.
set -euo pipefail
cd "$(dirname "$0")/.."

OPENTOFU_VERSION="${OPENTOFU_VERSION:-v1.10.7}"
tofu="${TOFU:-$(command -v tofu || true)}"
if [[ -z "$tofu" ]]; then
  cache="${XDG_CACHE_HOME:-$HOME/.cache}/partneradmin/tofu-$OPENTOFU_VERSION"
  tofu="$cache/tofu"
  if [[ ! -x "$tofu" ]]; then
    echo "building OpenTofu $OPENTOFU_VERSION from the Go module proxy (several minutes)..."
    # `go install pkg@version` refuses modules with replace directives, so
    # build inside a copy of the downloaded module.
    src="$(go mod download -json "github.com/opentofu/opentofu@$OPENTOFU_VERSION" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')"
    work="$(mktemp -d)"
    trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
    cp -r "$src/." "$work/"
    chmod -R u+w "$work"
    mkdir -p "$cache"
    (cd "$work" && go build -o "$tofu" ./cmd/tofu)
  fi
fi
"$tofu" version | sed -n 1p

# OpenTofu resolves provider "partneradmin" in its own registry's namespace.
TF_ACC=1 TF_ACC_TERRAFORM_PATH="$tofu" TF_ACC_PROVIDER_HOST=registry.opentofu.org TF_ACC_PROVIDER_NAMESPACE=hashicorp \
  go test -count=1 -timeout=30m "$@" ./internal/provider/...
