#!/usr/bin/env bash
# make examples: apply every example under examples/ against the sandbox, as
# a user who copies it would, with the provider built from this tree (a CLI
# config with dev_overrides) and the terraform CLI in $TERRAFORM (default:
# the one on PATH).
#
# For each resource: resource.tf is applied and planned again (no changes
# expected); then each import form is run against what it created, after
# removing its address from state: import-by-string-id.tf (an import block
# by ID), import-by-identity.tf (by identity, terraform 1.12+), every
# `terraform import` command of import.sh (then an apply, as after any
# terraform import), and the list resource's .tfquery.hcl with `terraform
# query` (1.14+); each import must leave a plan with no changes. Then
# destroy. The function examples (terraform 1.8+), the data source and the
# provider examples are applied and destroyed. examples/demo is make demo's.
#
# Forms the CLI is too old for are listed as skipped; CI runs this with the
# newest and the oldest terraform it tests, so every form runs somewhere.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/.examples"
# shellcheck source=scripts/sandbox-lib.sh
source "$root/scripts/sandbox-lib.sh"

# A CLI config named but missing would make terraform warn on every command.
if [[ -n "${TF_CLI_CONFIG_FILE:-}" && ! -f "$TF_CLI_CONFIG_FILE" ]]; then
  export TF_CLI_CONFIG_FILE=/dev/null
fi
tf_bin="${TERRAFORM:-$(command -v terraform || true)}"
[ -n "$tf_bin" ] || { echo "examples: no terraform on PATH (or set TERRAFORM)" >&2; exit 1; }
tf_version=$("$tf_bin" version -json | sed -n 's/.*"terraform_version": *"\([^"]*\)".*/\1/p')
# at_least MAJOR.MINOR: the CLI is that version or newer.
at_least() {
  local want_major=${1%.*} want_minor=${1#*.} major minor
  major=${tf_version%%.*}
  minor=${tf_version#*.}
  minor=${minor%%.*}
  ((major > want_major || (major == want_major && minor >= want_minor)))
}

# A copied example must name the provider's source: without it terraform
# looks for hashicorp/partneradmin, which does not exist.
missing=$(grep -L 'source *= *"partneradmin/partneradmin"' \
  "$root"/examples/resources/*/resource.tf "$root"/examples/data-sources/*/data-source.tf \
  "$root"/examples/functions/*/function.tf "$root"/examples/provider/provider.tf 2>/dev/null || true)
if [ -n "$missing" ]; then
  echo "examples: these lack required_providers { partneradmin = { source = \"partneradmin/partneradmin\" } }:" >&2
  echo "$missing" >&2
  exit 1
fi

rm -rf "$work"
mkdir -p "$work"
say "Examples with $("$tf_bin" version | sed -n 1p)"
build_all "$work"
start_sandbox "$work"
trap 'kill "$sandbox_pid" 2>/dev/null || true' EXIT
write_cli_config "$work"
# shellcheck disable=SC1091
source "$work/env"
export TF_CLI_CONFIG_FILE="$work/terraformrc" TF_IN_AUTOMATION=1

skipped=()

# tf DIR ARGS... runs terraform in DIR, keeping its output in DIR/last.out,
# and shows it when the command fails.
tf() {
  local dir=$1 rc=0
  shift
  (cd "$dir" && "$tf_bin" "$@" -no-color >"$dir/last.out" 2>&1) || rc=$?
  if [ "$rc" -ne 0 ]; then
    cat "$dir/last.out" >&2
    echo "examples: terraform $* failed in ${dir#"$work"/} (exit $rc)" >&2
    exit 1
  fi
}

# expect_no_changes DIR WHAT: a plan in DIR has nothing to do.
expect_no_changes() {
  local rc=0
  (cd "$1" && "$tf_bin" plan -detailed-exitcode -input=false -no-color >"$1/plan.out" 2>&1) || rc=$?
  if [ "$rc" -ne 0 ]; then
    cat "$1/plan.out" >&2
    echo "examples: the plan after $2 is not empty (exit $rc)" >&2
    exit 1
  fi
}

# targets FILE prints the resource addresses an import file or script names.
targets() {
  sed -n -e 's/^ *to *= *\([^ ]*\).*/\1/p' -e 's/^terraform import \([^ ]*\) .*/\1/p' "$1"
}

# forget DIR FILE removes from state the addresses FILE imports into.
forget() {
  local addr
  for addr in $(targets "$2"); do
    tf "$1" state rm "$addr"
  done
}

for ex in "$root"/examples/resources/*/; do
  name=$(basename "$ex")
  dir="$work/$name"
  mkdir -p "$dir"
  cp "$ex/resource.tf" "$dir/"
  echo "$name: apply, plan"
  tf "$dir" apply -auto-approve -input=false
  expect_no_changes "$dir" "apply"

  for form in import-by-string-id import-by-identity; do
    [ -f "$ex/$form.tf" ] || continue
    if [ "$form" = import-by-identity ] && ! at_least 1.12; then
      skipped+=("$name/$form.tf (terraform 1.12+)")
      continue
    fi
    echo "$name: $form.tf"
    forget "$dir" "$ex/$form.tf"
    cp "$ex/$form.tf" "$dir/"
    tf "$dir" apply -auto-approve -input=false
    grep -q 'imported' "$dir/last.out" || { cat "$dir/last.out" >&2; echo "examples: $name/$form.tf imported nothing" >&2; exit 1; }
    rm "$dir/$form.tf"
    expect_no_changes "$dir" "$name/$form.tf"
  done

  if [ -f "$ex/import.sh" ]; then
    echo "$name: import.sh"
    # Each command of import.sh (lines joined at a trailing backslash).
    sed -e ':a' -e '/\\$/N; s/\\\n//; ta' "$ex/import.sh" | sed -n 's/^terraform import //p' | while read -r addr id; do
      tf "$dir" state rm "$addr"
      eval "set -- $id" # the ID as the shell would pass it (quotes removed)
      tf "$dir" import -input=false "$addr" "$1"
    done
    # terraform import records no timeouts (they are configuration), and
    # BlueXP's names every ResourceAdmin by user_id (BlueXP lists no
    # emails): the apply that follows an import records them.
    tf "$dir" apply -auto-approve -input=false
    expect_no_changes "$dir" "$name/import.sh"
  fi

  query="$root/examples/list-resources/$name/list-resource.tfquery.hcl"
  if [ -f "$query" ]; then
    if at_least 1.14; then
      echo "$name: terraform query"
      cp "$query" "$dir/"
      tf "$dir" query
      # Every list block found something: what resource.tf created, or
      # for Alice's listing by person, her assignments.
      for blk in $(sed -n 's/^list "\([^"]*\)" "\([^"]*\)".*/list.\1.\2/p' "$query"); do
        grep -q "^$blk " "$dir/last.out" || {
          cat "$dir/last.out" >&2
          echo "examples: $blk (list-resources/$name) found nothing" >&2
          exit 1
        }
      done
      rm "$dir/list-resource.tfquery.hcl"
    else
      skipped+=("list-resources/$name (terraform 1.14+)")
    fi
  fi

  echo "$name: destroy"
  tf "$dir" destroy -auto-approve -input=false
done

for ex in "$root"/examples/functions/*/; do
  name=$(basename "$ex")
  if ! at_least 1.8; then
    skipped+=("functions/$name (terraform 1.8+)")
    continue
  fi
  dir="$work/function-$name"
  mkdir -p "$dir"
  cp "$ex/function.tf" "$dir/"
  echo "function $name: apply, plan, destroy"
  tf "$dir" apply -auto-approve -input=false
  expect_no_changes "$dir" "functions/$name"
  tf "$dir" destroy -auto-approve -input=false
done

for ex in "$root"/examples/data-sources/*/; do
  name=$(basename "$ex")
  dir="$work/data-$name"
  mkdir -p "$dir"
  cp "$ex/data-source.tf" "$dir/"
  echo "data source $name: apply, destroy"
  tf "$dir" apply -auto-approve -input=false
  tf "$dir" destroy -auto-approve -input=false
done

# The provider example configures every vendor from variables; give them the
# sandbox's credentials, take the base URLs from the environment as a
# pipeline would, and read one data source so that the provider is
# configured and used.
dir="$work/provider"
mkdir -p "$dir"
cp "$root/examples/provider/provider.tf" "$dir/"
cat >"$dir/probe.tf" <<EOF
data "partneradmin_webex_executive_assistant" "probe" {
  person_id = "$DEMO_WEBEX_ALICE_ID"
}
EOF
echo "provider: apply, destroy"
(
  unset WEBEX_ACCESS_TOKEN CLOUDCOCKPIT_ACCESS_TOKEN BLUEXP_CLIENT_ID BLUEXP_CLIENT_SECRET
  export TF_VAR_webex_access_token=sandbox-webex-token
  export TF_VAR_bluexp_client_id=sandbox-bluexp-client TF_VAR_bluexp_client_secret=sandbox-bluexp-secret
  export TF_VAR_cloudcockpit_client_id=sandbox-cloudcockpit-client TF_VAR_cloudcockpit_client_secret=sandbox-cloudcockpit-secret
  tf "$dir" apply -auto-approve -input=false
  tf "$dir" destroy -auto-approve -input=false
)

if [ "${#skipped[@]}" -gt 0 ]; then
  echo "skipped with terraform $tf_version:"
  printf '  %s\n' "${skipped[@]}"
fi
say "Every example applied against the sandbox with terraform $tf_version"
