#!/usr/bin/env bash
# Runs the acceptance suite with the oldest terraform the README claims,
# 1.5.7 (the last MPL release), built once from the Go module proxy by
# scripts/terraform-version.sh, or $TERRAFORM_OLDEST.
#
# The only tests that may skip are those needing a newer CLI, by their
# version check: provider-defined functions (1.8+), import by resource
# identity (1.12+) and terraform query (1.14+). make testacc-latest runs those with no skip allowed. Any other
# skip fails the run, so a feature 1.5 lacks cannot pass unseen.
set -euo pipefail
cd "$(dirname "$0")/.."
tf="${TERRAFORM_OLDEST:-$(./scripts/terraform-version.sh "${TERRAFORM_OLDEST_VERSION:-v1.5.7}")}"
"$tf" version 2>/dev/null | sed -n 1p
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
# -json: with parallel tests, -v output interleaves, and a skip's reason may
# print before or after its "--- SKIP" line; JSON events name their test.
TF_ACC=1 TF_ACC_TERRAFORM_PATH="$tf" go test -count=1 -json -timeout=30m "$@" ./internal/provider/... >"$log" 2>&1 || rc=$?
# output prints the text of the events (all, or those of test $1).
output() {
  grep -F "${1:+\"Test\":\"$1\",}" "$log" | sed -n 's/.*"Action":"output",.*"Output":"\(.*\)"}$/\1/p' |
    sed -e 's/\\n$//' -e 's/\\t/\t/g' -e 's/\\"/"/g'
}
if [[ "${rc:-0}" -ne 0 ]]; then
  # Under set -e and pipefail a grep that matches nothing would end the
  # script here, before it showed anything: each report line may be empty.
  grep -v '^{' "$log" | head -50 || true # build errors are not JSON
  output | grep -E -- '^(\s*--- FAIL|FAIL|panic)|Error' | head -100 || true
  output | tail -20 || true
  cp "$log" "${TMPDIR:-/tmp}/testacc-oldest.json" && echo "whole log: ${TMPDIR:-/tmp}/testacc-oldest.json" >&2
  exit 1
fi
output | grep -E -- '^(ok|FAIL)\s'
passed=$(grep -c '"Action":"pass","Package":"[^"]*","Test":' "$log" || true)
skipped=$(sed -n 's/.*"Action":"skip","Package":"[^"]*","Test":"\([^"]*\)".*/\1/p' "$log")
allowed='(is below minimum version 1\.(8|1[2-4])\.0|needs terraform 1\.(8|1[2-4])\.0\+)'
bad=()
for name in $skipped; do
  output "$name" | grep -Eq "$allowed" || bad+=("$name: $(output "$name" | grep -v '^=== ' | tr '\n' ' ')")
done
if [[ "${#bad[@]}" -gt 0 ]]; then
  echo "tests skipped with $("$tf" version | sed -n 1p) for a reason other than needing terraform 1.8, 1.12 or 1.14:" >&2
  printf '  %s\n' "${bad[@]}" >&2
  exit 1
fi
echo "$passed tests passed; $(wc -w <<<"$skipped") skipped, each needing terraform 1.8+ (functions), 1.12+ (identity) or 1.14+ (query), which make testacc-latest runs:"
printf '  %s\n' $skipped
