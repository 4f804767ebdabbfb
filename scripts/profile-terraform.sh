#!/usr/bin/env bash
# Profiles the terraform CLI itself (not the provider) during one command, to
# see where terraform spends its time on this provider's resources. The
# release binary is stripped, so perf cannot name its frames; Go's pclntab
# survives stripping, and `go tool addr2line` reads it.
#
#   scripts/profile-terraform.sh DIR apply -auto-approve
#
# Needs perf (Debian: linux-perf). Prints, per process, the share of samples,
# then terraform's functions by inclusive share of its samples.
set -euo pipefail
dir=$1; shift
tf=$(command -v terraform)
out=$(mktemp -d)
(cd "$dir" && perf record -F 999 -g -o "$out/perf.data" -- "$tf" "$@" -input=false >/dev/null 2>"$out/perf.err") ||
  { cat "$out/perf.err" >&2; exit 1; }
perf script -i "$out/perf.data" -F comm,ip,dso 2>/dev/null >"$out/perf.txt"
TF="$tf" python3 - "$out/perf.txt" <<'PY'
import collections, os, subprocess, sys
tf = os.environ["TF"]
samples, cur = [], None
for line in open(sys.argv[1]):
    if not line.strip():
        if cur: samples.append(cur)
        cur = None
    elif not line[0].isspace():
        cur = (line.split()[0], [])
    elif cur is not None:
        addr, dso = line.split(None, 1)
        cur[1].append((int(addr, 16), dso.strip()))
if cur: samples.append(cur)
comms = collections.Counter(c for c, _ in samples)
print("samples by process:", ", ".join(f"{c} {n * 100 / len(samples):.0f}%" for c, n in comms.most_common()))
# perf prints offsets into the file; the release binary is not PIE and is
# mapped at 0x400000.
own = [st for c, st in samples if c == "terraform"]
addrs = sorted({a + 0x400000 for st in own for a, d in st if d.endswith(os.path.basename(tf) + ")")})
lines = subprocess.run(["go", "tool", "addr2line", tf], input="\n".join(map(hex, addrs)),
                       capture_output=True, text=True, check=True).stdout.split("\n")
names = {a: lines[2 * i] for i, a in enumerate(addrs)}
incl = collections.Counter()
for st in own:
    incl.update({names.get(a + 0x400000, d) for a, d in st})
print(f"terraform's functions, inclusive share of its {len(own)} samples:")
for n, c in incl.most_common(40):
    print(f"{c * 100 / len(own):5.1f}%  {n[:140]}")
PY
rm -rf "$out"
