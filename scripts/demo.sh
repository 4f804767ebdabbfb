#!/usr/bin/env bash
# make demo: build the provider, start the sandbox with demo data, then
# terraform apply / plan (expect no changes) / destroy examples/demo through a
# dev override, and print what happened. Everything stays on loopback.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/.demo"
rm -rf "$work"
mkdir -p "$work/tf"
# shellcheck source=scripts/sandbox-lib.sh
source "$root/scripts/sandbox-lib.sh"

command -v terraform >/dev/null || { echo "demo: terraform is not on PATH" >&2; exit 1; }

say "Building the provider and the sandbox"
build_all "$work"

say "Starting the sandbox"
start_sandbox "$work" || { echo "demo: the sandbox did not start" >&2; exit 1; }
trap 'kill "$sandbox_pid" 2>/dev/null || true' EXIT
# shellcheck disable=SC1091
source "$work/env"
echo "Webex API at $WEBEX_BASE_URL"

write_cli_config "$work"
export TF_CLI_CONFIG_FILE="$work/terraformrc"
export TF_IN_AUTOMATION=1
export TF_VAR_acme_org_id="$DEMO_WEBEX_ACME_ORG_ID" TF_VAR_globex_org_id="$DEMO_WEBEX_GLOBEX_ORG_ID"
export TF_VAR_alice_id="$DEMO_WEBEX_ALICE_ID" TF_VAR_bob_id="$DEMO_WEBEX_BOB_ID"
export TF_VAR_bluexp_partnership_id="$DEMO_BLUEXP_PARTNERSHIP_ID" TF_VAR_bluexp_dana_id="$DEMO_BLUEXP_DANA_ID"
export TF_VAR_bluexp_evan_email="$DEMO_BLUEXP_EVAN_EMAIL"
export TF_VAR_cloudcockpit_provider_instance_id="$DEMO_CLOUDCOCKPIT_PROVIDER_INSTANCE_ID"
export TF_VAR_cloudcockpit_relationship_id="$DEMO_CLOUDCOCKPIT_RELATIONSHIP_ID"
cp "$root"/examples/demo/*.tf "$work/tf/"
cd "$work/tf"

# tf NAME ARGS... runs terraform ARGS, keeping its output in $work/NAME.out
# for the checks below; it fails the demo when terraform fails, since the
# filtered display alone would hide that.
tf() {
  local name=$1 rc=0
  shift
  terraform "$@" -input=false -no-color >"$work/$name.out" 2>&1 || rc=$?
  if [ "$rc" -ne 0 ]; then
    cat "$work/$name.out" >&2
    echo "demo: terraform $name failed (exit $rc)" >&2
    exit 1
  fi
}

say "terraform apply"
tf apply apply -auto-approve
grep -v -e 'Provider development overrides' -e '^ - partneradmin' -e 'The behavior may' -e 'use published releases' -e '^│ *$' -e '^[╷╵]' "$work/apply.out" || true
terraform output -no-color assignments >/dev/null

say "What the sandbox now holds"
# The Webex store's whole dump, one organization or person a line (awk, not
# jq, which a fresh machine may lack).
if command -v curl >/dev/null; then
  curl -fsS "$SANDBOX_URL/_sandbox/webex/state" | awk '{ gsub(/\[\{/, "[\n  {"); gsub(/\},\{/, "},\n  {"); print }'
fi

say "terraform plan (expect no changes)"
set +e
terraform plan -detailed-exitcode -input=false -no-color >"$work/plan.out" 2>&1
plan_rc=$?
set -e
if [ "$plan_rc" -ne 0 ]; then
  cat "$work/plan.out"; echo "demo: the second plan was not empty (exit $plan_rc)" >&2; exit 1
fi
echo "No changes."

say "terraform destroy"
tf destroy destroy -auto-approve
# Each destroyed line, then the warnings whole (with -no-color terraform
# prints them, paragraphs and all, after the resources and before the
# summary), then the summary.
grep -E 'Destruction complete' "$work/destroy.out" || true
echo
awk '/^Warning:/ { on = !/development overrides/ } /^Destroy complete/ { on = 0 } on' "$work/destroy.out"
grep -E '^Destroy complete' "$work/destroy.out" || true
# CloudCockpit has no removal API: its destroy must say so, not pass silently.
grep -q 'Warning: CloudCockpit access assignment removed from state only' "$work/destroy.out" || {
  echo "demo: terraform destroy did not warn that the CloudCockpit access assignment was removed from state only" >&2
  exit 1
}

say "Sandbox request log summary"
if command -v curl >/dev/null; then curl -fsS "$SANDBOX_URL/_sandbox/stats"; echo; fi
left=$(terraform state list 2>/dev/null | wc -l)
[ "$left" -eq 0 ] || { echo "demo: $left resources left in state" >&2; exit 1; }
say "Demo finished: 3 Webex assignments, 2 BlueXP ResourceAdmins and 1 CloudCockpit access assignment created, re-planned with no changes, and destroyed (CloudCockpit's is only forgotten: it has no removal API)."
