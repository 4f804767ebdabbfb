#!/usr/bin/env bash
# scripts/terraform-version.sh VERSION prints the path of a terraform CLI of
# that version (v1.5.7, v1.14.5, ...), building it once if needed from source
# through the Go module proxy (no other download) into
# ${XDG_CACHE_HOME:-~/.cache}/partneradmin/terraform-<version>.
#
# The build leaves out the remote state backends (azurerm, consul, cos, gcs,
# kubernetes, oci, oss, pg, s3): in recent versions (1.14) they are nested
# modules, which the proxy's module zip lacks, with internal/legacy that only
# they use; in 1.5.7, a single module, leaving them out spares the build the
# cloud SDKs. The acceptance tests use the local backend only.
set -euo pipefail
cd "$(dirname "$0")/.."

version="${1:?usage: $0 VERSION (for example v1.5.7)}"
[[ "$version" == v* ]] || version="v$version"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/partneradmin/terraform-$version"
tf="$cache/terraform"
if [[ ! -x "$tf" ]]; then
  echo "building terraform $version from the Go module proxy (a few minutes)..." >&2
  src="$(go mod download -json "github.com/hashicorp/terraform@$version" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')"
  [[ -n "$src" ]] || { echo "terraform $version is not on the Go module proxy" >&2; exit 1; }
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
