#!/bin/bash
# Foreign streams: hand-made CSV pairs (bench/foreign/make_streams.py, numpy) replayed through the exact
# `twin replay` contract under default, none and periodic:1, then judged against issue #4's targets.
# usage: bench/foreign/run.sh OUT [SEEDS]      (SEEDS default 1,2,3; the held-aside set is 4,5,6)
# env: LABEL_DELAY (2), ALGORITHM (gbt), POLICIES (default,none,periodic:1), EXTRA (1: also the
#      label-delay / logistic variants on seed SEEDS' first)
set -euo pipefail
out=${1:?usage: run.sh OUT [SEEDS]}; seeds=${2:-1,2,3}
here=$(cd "$(dirname "$0")" && pwd); repo=$(cd "$here/../.." && pwd)
D=${LABEL_DELAY:-2}; alg=${ALGORITHM:-gbt}; policies=${POLICIES:-default,none,periodic:1}
dotnet build -c Release "$repo/src/DriftCatcher.Cli" -v q -nologo > /dev/null
dll="$repo/src/DriftCatcher.Cli/bin/Release/net10.0/driftcatcher.dll"
/usr/bin/python3 "$here/make_streams.py" "$out/streams" --seeds "$seeds" > /dev/null
replay() { # stream-dir run-dir policy delay algorithm
  local s=$1 r=$2 p=$3 d=$4 a=$5 label
  label=$(/usr/bin/python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['label_col'])" "$s/meta.json")
  mkdir -p "$r"
  dotnet "$dll" twin replay --train "$s/train.csv" --stream "$s/stream.csv" --label "$label" \
    --label-delay "$d" --policy "$p" --algorithm "$a" --out "$r/${p/:/}" > "$r/${p/:/}.log" 2>&1 \
    || echo "exit $? $r $p: $(tail -1 "$r/${p/:/}.log")"
}
for s in "$out"/streams/*/; do
  s=${s%/}; name=$(basename "$s")
  for p in ${policies//,/ }; do replay "$s" "$out/runs/D$D-$alg/$name" "$p" "$D" "$alg"; done
done
if [ "${EXTRA:-1}" = 1 ]; then
  first=${seeds%%,*}
  for s in "$out"/streams/*-s"$first"/; do
    s=${s%/}; name=$(basename "$s")
    for d in 0 1 5; do for p in ${policies//,/ }; do replay "$s" "$out/runs/D$d-gbt/$name" "$p" "$d" gbt; done; done
    for p in ${policies//,/ }; do replay "$s" "$out/runs/D$D-logistic/$name" "$p" "$D" logistic; done
  done
fi
for r in "$out"/runs/*/; do
  /usr/bin/python3 "$here/evaluate.py" "$out/streams" "$r" > "${r%/}.txt" || true
  echo "== $(basename "$r")"; cat "${r%/}.txt"
done
