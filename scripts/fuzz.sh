#!/usr/bin/env bash
# Runs every Go fuzz target briefly. The checked-in corpora under
# testdata/fuzz run as regression tests in every `go test`.
#
# The budget is an execution count (Nx), not a duration: with a duration,
# Go 1.26's fuzz coordinator can report a bare "context deadline exceeded"
# failure at the deadline when a worker is slow to stop on a busy machine
# (golang/go#75804, fixed in Go 1.27). A count has no deadline to race.
set -euo pipefail
fuzztime=${1:-200000x}
cd "$(dirname "$0")/.."
grep -rl --include='*_test.go' '^func Fuzz' internal | while read -r file; do
  pkg=./$(dirname "$file")
  grep -o '^func Fuzz[A-Za-z0-9_]*' "$file" | sed 's/^func //' | while read -r target; do
    echo "fuzz: $pkg $target ($fuzztime)"
    go test -run='^$' -fuzz="^${target}\$" -fuzztime="$fuzztime" "$pkg"
  done
done
