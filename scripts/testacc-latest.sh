#!/usr/bin/env bash
# Runs the acceptance suite with terraform 1.14 (scripts/terraform-latest.sh),
# where the tests of resource identity import and `terraform query` run:
# terraform 1.11 skips them. Here no test may skip, so a version check that
# wrongly skips fails the run instead of passing unseen. It also compares
# cmd/schemajson's output with `terraform providers schema -json`, which
# from 1.14 includes the identity and list resource schemas the docs use.
set -euo pipefail
cd "$(dirname "$0")/.."
tf="$(./scripts/terraform-latest.sh)"
"$tf" version 2>/dev/null | sed -n 1p
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
TF_ACC=1 TF_ACC_TERRAFORM_PATH="$tf" go test -count=1 -v -timeout=30m "$@" ./internal/provider/... ./cmd/schemajson >"$log" 2>&1 ||
  { grep -E -- '^(\s*--- FAIL|FAIL|panic)|Error' "$log" | head -100 || true; tail -20 "$log"; exit 1; }
grep -E -- '^(ok|FAIL)\s' "$log"
passed=$(grep -c -- '--- PASS' "$log" || true)
if grep -q -- '--- SKIP' "$log"; then
  grep -A2 -- '--- SKIP' "$log"
  echo "tests skipped with $("$tf" version | sed -n 1p): every test must run with this CLI" >&2
  exit 1
fi
# Provider, resources, data sources, functions, identity and list resource schemas.
grep -q 'wrote 6 sections, all equal' "$log" ||
  { grep 'sections' "$log"; echo "terraform did not write all 6 schema sections" >&2; exit 1; }
echo "$passed tests passed, none skipped; schemajson equals terraform's 6 schema sections"
