#!/usr/bin/env bash
# make sandbox: build the provider, start the sandbox with the demo data in
# the background, and write what a shell needs to point terraform at both:
#   .sandbox/env          the sandbox's base URLs, credentials and demo IDs
#   .sandbox/terraformrc  a CLI config whose dev_overrides use .sandbox/bin
# then print the two lines to paste. A sandbox an earlier `make sandbox`
# started is stopped first; `make sandbox-stop` stops it. Extra arguments go
# to cmd/sandbox: make sandbox SANDBOX_FLAGS='-fault-429 0.2'.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir="$root/.sandbox"
# shellcheck source=scripts/sandbox-lib.sh
source "$root/scripts/sandbox-lib.sh"

stop_sandbox() {
  local pid
  [ -f "$dir/sandbox.pid" ] || return 0
  pid=$(cat "$dir/sandbox.pid")
  # Only the process this script started: its command is .sandbox/sandbox.
  if [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "^$dir/sandbox "; then
    kill "$pid" && echo "stopped the sandbox (pid $pid)"
  elif [ ! -d /proc ] && ps -p "$pid" -o command= 2>/dev/null | grep -q "^$dir/sandbox "; then
    kill "$pid" && echo "stopped the sandbox (pid $pid)"
  fi
  rm -f "$dir/sandbox.pid"
}

if [ "${1:-}" = "stop" ]; then
  stop_sandbox
  exit 0
fi

mkdir -p "$dir"
stop_sandbox
say "Building"
build_all "$dir"
say "Starting the sandbox"
start_sandbox "$dir" "$@"
echo "$sandbox_pid" >"$dir/sandbox.pid"
write_cli_config "$dir"
# shellcheck disable=SC1091
source "$dir/env"

cat <<EOF
The sandbox is running in the background (pid $sandbox_pid, log .sandbox/sandbox.log),
serving Webex, BlueXP and CloudCockpit at $SANDBOX_URL with demo data.

Paste these two lines into your shell:

  source $dir/env
  export TF_CLI_CONFIG_FILE=$dir/terraformrc

The first exports the provider's settings (WEBEX_BASE_URL, WEBEX_ACCESS_TOKEN, BLUEXP_*,
CLOUDCOCKPIT_*) and the demo IDs (DEMO_*). The second makes terraform use the provider
built in .sandbox/bin (dev_overrides): no terraform init is needed for it, and terraform
warns on each command that an override is in effect. Every example under examples/ uses
IDs the sandbox has, for instance:

  mkdir -p /tmp/try && cp $root/examples/resources/partneradmin_webex_partner_admin_assignment/resource.tf /tmp/try/
  cd /tmp/try && terraform apply

Stop the sandbox with: make sandbox-stop
EOF
