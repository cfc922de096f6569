#!/usr/bin/env python3
"""Judge foreign-stream replays against issue #4's targets (standard library only).

usage: evaluate.py STREAMS RUNS
  STREAMS: make_streams.py's output (STREAMS/<name>/{stream.csv,meta.json})
  RUNS:    one directory per stream (RUNS/<name>/{default,none,periodic1}/), as run.sh writes them;
           the label delay is read from default/run.json.

Prints one line per stream and a last line with the count of targets met. Accuracy is computed from
the rows (predictions.csv against stream.csv's label, over answered rows that carry a label), model
changes and alerts from actions.jsonl; a model change is an action of ActionRecord.IsModelChange
(promote, rollback, fallback, disable, restore).

Targets (issue #4):
  stable      no model change and at most one alert
  harmless    no model change
  unit        a fallback or disable within one batch of the fault's first batch; no promoted model trained
              on a faulty batch; accuracy after the fault (batches after its end + D + 1) within 0.03 of before it
  sudden, gradual, incremental, newclass
              first response (any action) at most D + 2 batches after the onset; mean accuracy at least
              periodic:1's with at most a quarter of its model changes
"""
import csv
import json
import os
import sys

MODEL_CHANGES = {"promote", "rollback", "fallback", "disable", "restore"}
DRIFT_CASES = {"sudden", "gradual", "incremental", "newclass"}


def load_labels(stream_csv, label_col):
    with open(stream_csv, newline="") as fh:
        r = csv.reader(fh)
        header = [h.strip() for h in next(r)]
        li, bi = header.index(label_col), header.index("batch")
        labels, batches = [], []
        for row in r:
            labels.append(row[li].strip())
            batches.append(int(row[bi]))
    return labels, batches


def load_run(d):
    preds = []
    with open(os.path.join(d, "predictions.csv"), newline="") as fh:
        r = csv.DictReader(fh)
        for row in r:
            preds.append((int(row["batch"]), int(row["row"]), row["prediction"], row["served_version"]))
    actions = []
    with open(os.path.join(d, "actions.jsonl")) as fh:
        for line in fh:
            if line.strip():
                actions.append(json.loads(line))
    with open(os.path.join(d, "run.json")) as fh:
        run = json.load(fh)
    return preds, actions, run


def same(pred, label):
    if pred == label:
        return True
    try:
        return float(pred) == float(label)
    except ValueError:
        return False


def accuracy(preds, labels, lo=None, hi=None):
    ok = n = 0
    for b, row, p, _ in preds:
        if (lo is not None and b < lo) or (hi is not None and b > hi):
            continue
        if p == "" or labels[row] in ("", "NaN"):
            continue
        n += 1
        ok += same(p, labels[row])
    return (ok / n if n else float("nan")), n


def trained_on(actions):
    """version -> training_batches of the retrain that made it."""
    out = {}
    for a in actions:
        if a["action"] == "retrain" and a.get("training_batches"):
            out[a["version_after"]] = a["training_batches"]
    return out


def fmt(x):
    return "n/a" if x != x else f"{x:.4f}"


def main(streams, runs):
    met = total = 0
    print("stream | family | D | default | none | periodic:1 | changes default/periodic:1 | alerts | onset | first response | verdict")
    for name in sorted(os.listdir(runs)):
        rd = os.path.join(runs, name)
        if not os.path.isdir(os.path.join(rd, "default")):
            continue
        with open(os.path.join(streams, name, "meta.json")) as fh:
            meta = json.load(fh)
        labels, _ = load_labels(os.path.join(streams, name, "stream.csv"), meta["label_col"])
        res = {}
        for pol in ("default", "none", "periodic1"):
            if os.path.isfile(os.path.join(rd, pol, "predictions.csv")):
                res[pol] = load_run(os.path.join(rd, pol))
        preds, actions, run = res["default"]
        D = run["label_delay"]
        acc = {p: accuracy(res[p][0], labels)[0] for p in res}
        changes = {p: sum(a["action"] in MODEL_CHANGES for a in res[p][1]) for p in res}
        alerts = sum(a["action"] == "alert" for a in actions)
        case, onset = meta["case"], meta.get("onset")
        first = next((a for a in actions if onset is not None and a["batch"] >= onset), None)
        first_txt = f"{first['batch']} ({first['action']})" if first else "-"
        early = [a for a in actions if onset is not None and a["batch"] < onset]
        verdict, notes = True, []
        if case == "stable":
            verdict = changes["default"] == 0 and alerts <= 1
        elif case == "harmless":
            verdict = changes["default"] == 0
        elif case == "unit":
            lo, hi = onset, meta["fault_end"]
            answered = any(a["action"] in ("fallback", "disable") and lo <= a["batch"] <= lo + 1 for a in actions)
            made = trained_on(actions)
            bad = [a["version_after"] for a in actions if a["action"] == "promote"
                   and a["version_after"] in made
                   and made[a["version_after"]][0] <= hi and made[a["version_after"]][1] >= lo]
            before, _ = accuracy(preds, labels, hi=lo - 1)
            after, n_after = accuracy(preds, labels, lo=hi + D + 1)
            back = n_after == 0 or after >= before - 0.03
            verdict = answered and not bad and back
            notes.append(f"answered {'yes' if answered else 'NO'}; faulty-trained promoted {bad or 'none'}; "
                         f"accuracy before {fmt(before)} after {fmt(after)}")
        elif case in DRIFT_CASES:
            fast = first is not None and first["batch"] <= onset + D + 2
            p1 = "periodic1" in res
            good = p1 and acc["default"] >= acc["periodic1"]
            few = p1 and changes["default"] * 4 <= changes["periodic1"]
            verdict = fast and good and few
            notes.append(f"response {'ok' if fast else 'LATE'}, accuracy {'ok' if good else 'BELOW'}, "
                         f"changes {'ok' if few else 'TOO MANY'}")
        if early:
            notes.append(f"{len(early)} actions before the onset (first: {early[0]['batch']} {early[0]['action']})")
        if case == "stable" and actions:
            notes.append(f"actions: {', '.join(str(a['batch']) + ' ' + a['action'] for a in actions[:6])}")
        total += 1
        met += verdict
        print(f"{name} | {meta['family']} | {D} | {fmt(acc['default'])} | {fmt(acc.get('none', float('nan')))} | "
              f"{fmt(acc.get('periodic1', float('nan')))} | {changes['default']}/{changes.get('periodic1', '-')} | "
              f"{alerts} | {onset if onset is not None else '-'} | {first_txt} | "
              f"{'met' if verdict else 'MISSED'}{'; ' + '; '.join(notes) if notes else ''}")
    print(f"targets met: {met} of {total}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
