#!/usr/bin/env python3
"""Random Friedman streams with a regression label-feed fault (session 19; docs/quality-and-performance.md, "Regression
labels"): each scenario draws a drift (none, sudden, gradual, incremental, recurring), a batch size of 20-500 rows and a
`label_unit_change` fault (factor 1000, 0.001, 100, 10, 0.1, -1 or 1.609344), replays it under `default` and `none`
(GBT, label delay 2) and prints, per run: the label alerts, every retrain whose training window includes a faulty batch,
and the two summary lines (MAE on the true targets). stdlib only.

Usage (from the repository root, after `dotnet build src/DriftCatcher.Cli -c Release`):
    python3 bench/fuzz/label_faults.py COUNT OUT_DIR [FIRST]
DC_CLI overrides the CLI's dll. 2 runs at a time.
"""
import json, os, random, subprocess, sys
from concurrent.futures import ThreadPoolExecutor

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DLL = os.environ.get("DC_CLI", os.path.join(REPO, "src/DriftCatcher.Cli/bin/Release/net10.0/driftcatcher.dll"))
COUNT, OUT = int(sys.argv[1]), sys.argv[2]
FIRST = int(sys.argv[3]) if len(sys.argv) > 3 else 0


def scenario(i):
    R = random.Random(1000 + i)
    bs = R.choice([20, 50, 100, 200, 400, 500])
    batches = R.randint(30, 50)
    shape = R.choice(["none", "sudden", "gradual", "incremental", "recurring"])
    drifts = []
    if shape == "sudden":
        drifts = [{"shape": "sudden", "start": R.randint(5, batches - 10), "to": 1}]
    elif shape in ("gradual", "incremental"):
        drifts = [{"shape": shape, "start": R.randint(5, batches - 15), "width": R.randint(3, 12), "to": R.choice([1, 2])}]
    elif shape == "recurring":
        drifts = [{"shape": "recurring", "start": R.randint(3, 10), "period": R.randint(4, 8), "concepts": [1, 0]}]
    start = R.randint(3, batches - 5)
    fault = {"kind": "label_unit_change", "factor": R.choice([1000, 0.001, 100, 10, 0.1, -1, 1.609344]),
             "start": start, "end": min(batches - 1, start + R.randint(0, 8))}
    return bs, shape, fault, {"name": f"lf{i}", "seed": R.randint(0, 10**6), "generator": {"type": "friedman", "noise": R.choice([0.5, 1, 2])},
                              "batches": batches, "batch_size": bs, "drifts": drifts, "faults": [fault]}


def one(i):
    bs, shape, fault, s = scenario(i)
    d = os.path.join(OUT, f"r{i}")
    os.makedirs(d, exist_ok=True)
    json.dump(s, open(os.path.join(d, "s.json"), "w"))
    cp = subprocess.run(["dotnet", DLL, "twin", "run", os.path.join(d, "s.json"), "--policies", "default,none", "--algorithm", "gbt",
                         "--label-delay", "2", "--out", os.path.join(d, "out")], capture_output=True, text=True)
    if cp.returncode != 0:
        return f"r{i} rc={cp.returncode} {cp.stderr.strip()[:300]}"
    acts = [json.loads(l) for l in open(os.path.join(d, "out", "default", "actions.jsonl"))]
    faulty = set(range(fault["start"], fault["end"] + 1))
    trained = [(a["batch"], a["training_batches"]) for a in acts
               if a.get("training_batches") and any(a["training_batches"][0] <= b <= a["training_batches"][1] for b in faulty)]
    alerts = [a["batch"] for a in acts if a["action"] == "alert" and a["reason"].startswith("Labels arrive with values")]
    lines = [l.split("; wrote")[0] for l in cp.stdout.strip().splitlines()]
    return (f"r{i} rows/batch={bs} drift={shape} factor={fault['factor']} faulty={fault['start']}-{fault['end']} "
            f"label_alerts={alerts} trained_on_faulty={trained} | {lines[0]} | {lines[1]}")


with ThreadPoolExecutor(2) as ex:
    for line in ex.map(one, range(FIRST, FIRST + COUNT)):
        print(line, flush=True)
