#!/usr/bin/env bash
# Replays scenarios one after another (Release CLI) and audits each run with check_twin.py.
# usage: bench/audit/run_audit.sh OUT_ROOT SCENARIO.json ...   (env: POLICIES, ALGORITHM, LABEL_DELAY)
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$1; shift
cli="$root/src/DriftCatcher.Cli/bin/Release/net10.0/driftcatcher.dll"
mkdir -p "$out"
for s in "$@"; do
  name=$(basename "$s" .json)
  dir="$out/$name"
  if ! dotnet "$cli" twin run "$s" --out "$dir" --algorithm "${ALGORITHM:-gbt}" --label-delay "${LABEL_DELAY:-2}" \
       --policies "${POLICIES:-default,none,periodic:1}" > "$out/$name.txt" 2> "$out/$name.err"; then
    echo "$name: twin run failed: $(head -1 "$out/$name.err")"; continue
  fi
  python3 "$root/bench/audit/check_twin.py" "$dir" --summary "$out/$name.txt" || true
  echo "== $name done"
done
