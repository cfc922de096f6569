"""How close can a quarter of retraining every batch's model changes come to it, with perfect foresight?
(docs/agent.md, "What a quarter of the changes can buy: an oracle", session 18.)

periodic:1 trains a model at every batch. Given every one of those models' correct answers on every batch, this finds
the schedule of at most K switches among them (each model only from the batch periodic:1 first served it; the initial
model v1 from batch 0) that answers the most rows right: an upper bound for any agent that serves periodic:1's own
models with K changes, knowing the future. Dynamic programming over (batch, serving model, switches used).

The scores come from a replay built with bench/sim/dump-version-scores.patch (it writes them when DC_DUMP is set):
    git apply bench/sim/dump-version-scores.patch && dotnet build src/DriftCatcher.Cli -c Release -o /tmp/oracle-bin
    mkdir -p /tmp/or/b && DC_DUMP=/tmp/or/b/dump.csv dotnet /tmp/oracle-bin/driftcatcher.dll twin run \\
        data/scenarios/holdout/incremental-drift-b.json --policies periodic:1 --algorithm gbt --label-delay 2 --out /tmp/or/b
    git checkout src/DriftCatcher.Twin/Replay/ReplayDriver.cs
    python3 bench/sim/oracle_schedule.py /tmp/or/b 9

Prints periodic:1's accuracy (recomputed from the scores), doing nothing (v1), the oracle's best accuracy with
0..K switches, and its schedule at K ("batch:version").
"""
import collections
import csv
import json
import sys


def main(run_dir, k_max):
    correct = collections.defaultdict(dict)
    rows = {}
    with open(f"{run_dir}/dump.csv", newline="") as f:
        for r in csv.DictReader(f):
            correct[r["version"]][int(r["batch"])] = int(r["correct"])
            rows[int(r["batch"])] = int(r["rows"])
    serves_from = {"v1": 0}
    with open(f"{run_dir}/periodic-1/actions.jsonl") as f:
        for line in f:
            a = json.loads(line)
            if a["action"] == "promote":
                serves_from[a["version_after"]] = a["batch"] + 1
    batches = sorted(rows)
    total = sum(rows.values())
    versions = sorted(serves_from, key=serves_from.get)

    periodic = sum(correct[max((v for v in versions if serves_from[v] <= b), key=serves_from.get)][b] for b in batches)
    nothing = sum(correct["v1"][b] for b in batches)

    # best[(k, v)] = (right answers so far, back pointer); one table per batch for the schedule.
    best = {(0, "v1"): (0, None)}
    tables = []
    for b in batches:
        top = {}
        for (k, v), (score, _) in best.items():
            if score > top.get(k, (-1, None))[0]:
                top[k] = (score, (k, v))
        nxt = {}
        for (k, v), (score, _) in best.items():
            s = score + correct[v][b]
            if s > nxt.get((k, v), (-1,))[0]:
                nxt[(k, v)] = (s, (k, v))
        for k, (score, back) in top.items():
            if k + 1 > k_max:
                continue
            for v in versions:
                if serves_from[v] <= b:
                    s = score + correct[v][b]
                    if s > nxt.get((k + 1, v), (-1,))[0]:
                        nxt[(k + 1, v)] = (s, back)
        tables.append(nxt)
        best = nxt

    by_k = [max((s for (k, _), (s, _) in best.items() if k <= kk), default=0) / total for kk in range(k_max + 1)]
    state = max(best, key=lambda key: best[key][0])
    path = []
    for i in range(len(batches) - 1, -1, -1):
        path.append((batches[i], state[1]))
        state = tables[i][state][1]
    path.reverse()
    schedule, last = [], None
    for b, v in path:
        if v != last:
            schedule.append(f"{b}:{v}")
            last = v
    print(f"periodic:1 {periodic / total:.4f}  none {nothing / total:.4f}")
    print("oracle, 0.." + str(k_max) + " switches: " + " ".join(f"{x:.4f}" for x in by_k))
    print("schedule at " + str(k_max) + ": " + " ".join(schedule))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 9)
