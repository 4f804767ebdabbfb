# Shared by scripts/demo.sh, scripts/examples.sh and scripts/sandbox.sh
# (sourced, not run): build the provider and the sandbox, start the sandbox
# with the demo data, and write a terraform CLI config whose dev_overrides
# make terraform use the provider just built instead of the registry's.

# say prints a step heading, bold only on a terminal.
say() {
  if [ -t 1 ]; then printf '\n\033[1m==> %s\033[0m\n' "$*"; else printf '\n==> %s\n' "$*"; fi
}

# build_all DIR builds the provider into DIR/bin and the sandbox into
# DIR/sandbox. A first build on a fresh machine compiles every dependency
# (a few minutes on 2 cores) and go build prints nothing meanwhile, so say
# so, and report progress every 20 s.
build_all() {
  local dir=$1 root pid start rc=0
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  mkdir -p "$dir/bin"
  echo "go build: the provider and cmd/sandbox (the first build on a machine compiles every dependency: a few minutes; later ones take seconds)"
  start=$SECONDS
  (go build -o "$dir/bin/terraform-provider-partneradmin" "$root" && go build -o "$dir/sandbox" "$root/cmd/sandbox") &
  pid=$!
  while ! wait_for_exit "$pid" 20; do
    echo "  still building ($((SECONDS - start)) s)..."
  done
  wait "$pid" || rc=$?
  [ "$rc" -eq 0 ] || { echo "go build failed (exit $rc)" >&2; return "$rc"; }
  echo "built in $((SECONDS - start)) s"
}

# wait_for_exit PID SECONDS returns 0 once PID has exited, 1 if it still
# runs after SECONDS.
wait_for_exit() {
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    kill -0 "$1" 2>/dev/null || return 0
    sleep 0.1
  done
  return 1
}

# start_sandbox DIR [FLAGS...] starts DIR/sandbox with the demo data in the
# background, sets sandbox_pid, and waits until it has written DIR/env (its
# export lines). Its output goes to DIR/sandbox.log.
start_sandbox() {
  local dir=$1
  shift
  rm -f "$dir/env"
  nohup "$dir/sandbox" -demo -env-file "$dir/env" "$@" </dev/null >"$dir/sandbox.log" 2>&1 &
  sandbox_pid=$!
  for _ in $(seq 1 100); do
    [ -s "$dir/env" ] && return 0
    kill -0 "$sandbox_pid" 2>/dev/null || { cat "$dir/sandbox.log" >&2; return 1; }
    sleep 0.1
  done
  echo "the sandbox did not start within 10 s; its log:" >&2
  cat "$dir/sandbox.log" >&2
  return 1
}

# write_cli_config DIR writes DIR/terraformrc: terraform takes the provider
# partneradmin/partneradmin from DIR/bin (no download, no terraform init
# needed for it) and every other provider from the registry as usual.
write_cli_config() {
  local dir
  dir=$(cd "$1" && pwd)
  cat >"$dir/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "registry.terraform.io/partneradmin/partneradmin" = "$dir/bin"
  }
  direct {}
}
RC
}
