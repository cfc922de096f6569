#!/usr/bin/env python3
"""Random streams with a label-feed fault, replayed under `default` and `none` (GBT, label delay 2); prints, per run: the
label alerts, every retrain whose training window includes a faulty batch, and the two summary lines (scored on the
truth: the true targets, or the true classes). stdlib only.

- Regression (session 19; docs/quality-and-performance.md, "Regression labels"): Friedman streams with a drift (none,
  sudden, gradual, incremental, recurring), 20-500-row batches and a `label_unit_change` fault (factor 1000, 0.001,
  100, 10, 0.1, -1 or 1.609344).
- `--classes` (session 20; "Class labels"): classifier streams (SEA, STAGGER, Agrawal, rotating hyperplane, random RBF
  with 2 or 3 classes, CICIDS-like flows) with a drift fitting the generator (none, or sudden; incremental for the
  hyperplane and random RBF), 20-1000-row batches and a `label_stuck` fault on one of its classes.
- `--swaps` (session 21; "Class labels"): the same classifier streams with a `label_swapped` fault: two classes
  written as each other, or (three classes) all three rotated.
- `--renames` (session 22; "Class labels"): CICIDS-like flows of 3-5 classes in random shares, 20-1000-row batches,
  and a `label_respelled` fault whose spelling is a new name (`DDoS` written `DDoS-LOIC`, `ddos_v2`, `Attack 7`):
  one class renamed.

Usage (from the repository root, after `dotnet build src/DriftCatcher.Cli -c Release`):
    python3 bench/fuzz/label_faults.py COUNT OUT_DIR [FIRST] [--classes | --swaps | --renames]
DC_CLI overrides the CLI's dll. 2 runs at a time.
"""
import json, os, random, subprocess, sys
from concurrent.futures import ThreadPoolExecutor

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DLL = os.environ.get("DC_CLI", os.path.join(REPO, "src/DriftCatcher.Cli/bin/Release/net10.0/driftcatcher.dll"))
SWAPS = "--swaps" in sys.argv
RENAMES = "--renames" in sys.argv
CLASSES = "--classes" in sys.argv or SWAPS or RENAMES
ARGS = [a for a in sys.argv[1:] if a not in ("--classes", "--swaps", "--renames")]
CICIDS_CLASSES = ["BENIGN", "DDoS", "PortScan", "DoS Hulk", "DoS slowloris", "SSH-Patator", "FTP-Patator", "Bot"]
COUNT, OUT = int(ARGS[0]), ARGS[1]
FIRST = int(ARGS[2]) if len(ARGS) > 2 else 0


def regression_scenario(i):
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
    s = {"name": f"lf{i}", "seed": R.randint(0, 10**6), "generator": {"type": "friedman", "noise": R.choice([0.5, 1, 2])},
         "batches": batches, "batch_size": bs, "drifts": drifts, "faults": [fault]}
    return f"friedman rows/batch={bs} drift={shape} factor={fault['factor']}", fault, s


def classifier(R):
    kind = R.choice(["sea", "stagger", "agrawal", "hyperplane", "rbf", "rbf3", "cicids"])
    if kind == "sea":
        return kind, {"type": "sea", "noise": R.choice([0, 0.05, 0.1])}, ["0", "1"], {"to": R.randint(1, 3)}
    if kind == "stagger":
        return kind, {"type": "stagger"}, ["0", "1"], {"to": R.randint(1, 2)}
    if kind == "agrawal":
        return kind, {"type": "agrawal"}, ["0", "1"], {"to": R.randint(1, 3)}
    if kind == "hyperplane":
        return kind, {"type": "hyperplane", "dimensions": 10, "drift_features": 5, "noise": 0.05}, ["0", "1"], {"magnitude": 0.001}
    if kind in ("rbf", "rbf3"):
        classes = 3 if kind == "rbf3" else 2
        return kind, {"type": "rbf", "dimensions": 10, "centroids": 50, "classes": classes, "drift_centroids": 25}, \
            [str(c) for c in range(classes)], {"magnitude": 0.0001}
    return kind, {"type": "cicids", "mixtures": [{"BENIGN": 0.8, "DDoS": 0.1, "PortScan": 0.1}]}, ["BENIGN", "DDoS", "PortScan"], None


def rename_scenario(i):
    R = random.Random(3000 + i)
    classes = ["BENIGN"] + R.sample(CICIDS_CLASSES[1:], R.randint(2, 4))
    mixture = {c: round(R.uniform(0.05, 0.3), 3) for c in classes[1:]}
    mixture["BENIGN"] = round(R.uniform(0.3, 0.9), 3)
    bs = R.choice([20, 50, 100, 200, 500, 1000])
    batches = R.randint(30, 45)
    start = R.randint(4, batches - 5)
    renamed = R.choice(classes[1:]) if R.random() < 0.8 else "BENIGN"
    name = R.choice([renamed + "-v2", renamed.lower().replace(" ", "_").replace("-", "_") + "_new", f"Attack {R.randint(1, 99)}",
                     renamed.split(" ")[0] + "-LOIC"])
    fault = {"kind": "label_respelled", "class": renamed, "spelling": name, "start": start, "end": min(batches - 1, start + R.randint(0, 8))}
    s = {"name": f"rn{i}", "seed": R.randint(0, 10**6), "generator": {"type": "cicids", "mixtures": [mixture]}, "train_rows": 5000,
         "batches": batches, "batch_size": bs, "faults": [fault]}
    return f"cicids {'+'.join(classes)} rows/batch={bs} class={renamed} as {name!r}", fault, s


def class_scenario(i):
    if RENAMES:
        return rename_scenario(i)
    R = random.Random(2000 + i)
    kind, gen, classes, drift = classifier(R)
    bs = R.choice([20, 50, 100, 200, 500, 1000])
    batches = R.randint(30, 45)
    drifts = []
    if drift is not None and R.random() < 0.5:
        start = R.randint(5, batches - 15)
        drifts = [{"shape": "incremental", "start": start, "width": R.randint(8, 20), **drift} if "magnitude" in drift
                  else {"shape": "sudden", "start": start, **drift}]
    start = R.randint(4, batches - 5)
    if SWAPS:
        # Two classes written as each other (an encoder that maps 0 <-> 1, a reordered class list), or three rotated.
        swapped = R.sample(classes, 2) if len(classes) == 2 or R.random() < 0.6 else list(classes)
        fault = {"kind": "label_swapped", "classes": swapped, "start": start, "end": min(batches - 1, start + R.randint(0, 8))}
        stuck = "+".join(swapped)
    else:
        # A feed stuck on its default: mostly the first class (BENIGN, 0), sometimes another.
        stuck = classes[0] if R.random() < 0.7 else R.choice(classes[1:])
        fault = {"kind": "label_stuck", "class": stuck, "start": start, "end": min(batches - 1, start + R.randint(0, 8))}
    s = {"name": f"cl{i}", "seed": R.randint(0, 10**6), "generator": gen, "train_rows": 5000,
         "batches": batches, "batch_size": bs, "drifts": drifts, "faults": [fault]}
    drifted = drifts[0]["shape"] if drifts else "none"
    return f"{kind} rows/batch={bs} drift={drifted} class={stuck}", fault, s


def one(i):
    what, fault, s = (class_scenario if CLASSES else regression_scenario)(i)
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
    told = "Labels name a class the model never saw" if RENAMES else "Labels disagree with the model" if SWAPS else "Labels arrive all of one class" if CLASSES else "Labels arrive with values"
    alerts = [a["batch"] for a in acts if a["action"] == "alert" and a["reason"].startswith(told)]
    lines = [l.split("; wrote")[0] for l in cp.stdout.strip().splitlines()]
    return (f"r{i} {what} faulty={fault['start']}-{fault['end']} "
            f"label_alerts={alerts} trained_on_faulty={trained} | {lines[0]} | {lines[1]}")


with ThreadPoolExecutor(2) as ex:
    for line in ex.map(one, range(FIRST, FIRST + COUNT)):
        print(line, flush=True)
