#!/usr/bin/env python3
"""Random valid scenario + policy fuzzer for `driftcatcher twin run` (session 18, docs/agent.md "What the outputs
guarantee").

Each run draws a valid scenario (any generator, drift shapes, injected faults, 20-1500-row batches) and a policy derived
from data/policies/default.json (promotion mode, approval, budget, cooldowns, challenger and verification keys within
their documented ranges), replays it under `default` and that policy with a random algorithm and label delay, and checks
the outputs: exit code, predictions.csv shape and order, action fields, training only on visible labels, no promote of
a rejected candidate, and bench/audit/check_twin.py (the version_before chain, the served version from the next batch,
one tick per batch, every figure a reason quotes). stdlib only.

Usage (from the repository root, after `dotnet build src/DriftCatcher.Cli -c Release`):
    python3 bench/fuzz/fuzz.py FIRST COUNT SECONDS [OUT_DIR]
e.g. `python3 bench/fuzz/fuzz.py 0 400 1800 /tmp/fz` (2 runs at a time; results in OUT_DIR/results.jsonl, each run's
files in OUT_DIR/runs/rN). DC_CLI overrides the CLI's dll.
"""
import json, os, random, subprocess, sys, time, copy, csv
from concurrent.futures import ThreadPoolExecutor

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLI = ["dotnet", os.environ.get("DC_CLI", os.path.join(REPO, "src/DriftCatcher.Cli/bin/Release/net10.0/driftcatcher.dll"))]
OUT = sys.argv[4] if len(sys.argv) > 4 else "/tmp/fz"
ROOT = os.path.join(OUT, "runs")
DEFAULT_POLICY = json.load(open(os.path.join(REPO, "data/policies/default.json")))
CICIDS_COLS = ['Destination Port', 'Flow Duration', 'Total Fwd Packets', 'Total Backward Packets', 'Total Length of Fwd Packets',
               'Fwd Packet Length Max', 'Flow IAT Mean', 'Average Packet Size', 'Init_Win_bytes_forward', 'Idle Mean']
CICIDS_CLASSES = ["BENIGN", "DDoS", "PortScan", "DoS Hulk", "DoS slowloris", "DoS Slowhttptest", "SSH-Patator", "FTP-Patator", "Bot"]
AGRAWAL_NUM = ["salary", "commission", "age", "hvalue", "hyears", "loan"]


def gen_generator(R):
    t = R.choice(["sea", "sea", "stagger", "hyperplane", "agrawal", "rbf", "cicids", "friedman"])
    g = {"type": t}
    if t == "sea":
        if R.random() < 0.5:
            g["thetas"] = [round(R.uniform(5, 12), 2) for _ in range(R.randint(2, 5))]
        g["noise"] = R.choice([0, 0.05, 0.1, 0.2])
        cols, ncon = ["x1", "x2", "x3"], len(g.get("thetas", [8, 9, 7, 9.5]))
    elif t == "stagger":
        g["noise"] = R.choice([0, 0.05, 0.1])
        cols, ncon = [], 3
    elif t == "hyperplane":
        d = R.randint(2, 15)
        g["dimensions"] = d
        g["concept_count"] = R.randint(1, 4)
        g["drift_features"] = R.randint(1, d)
        g["sigma"] = R.choice([0, 0.1, 0.3])
        g["noise"] = R.choice([0, 0.05, 0.1])
        cols, ncon = [f"x{i}" for i in range(1, d + 1)], g["concept_count"]
    elif t == "agrawal":
        fs = R.sample(range(1, 11), R.randint(1, 5))
        g["functions"] = fs
        g["perturbation"] = R.choice([0, 0.05, 0.1])
        cols, ncon = AGRAWAL_NUM, len(fs)
    elif t == "rbf":
        d = R.randint(2, 12)
        c = R.randint(2, 60)
        g.update(dimensions=d, centroids=c, classes=R.randint(2, 4), concept_count=R.randint(1, 3), drift_centroids=R.randint(1, c))
        cols, ncon = [f"x{i}" for i in range(1, d + 1)], g["concept_count"]
    elif t == "cicids":
        mix = []
        for _ in range(R.randint(1, 3)):
            cl = R.sample(CICIDS_CLASSES, R.randint(1, 4))
            if "BENIGN" not in cl:
                cl.append("BENIGN")
            mix.append({c: round(R.uniform(0.01, 1), 3) for c in cl})
        g["mixtures"] = mix
        cols, ncon = CICIDS_COLS, len(mix)
    else:
        g["noise"] = R.choice([0, 0.5, 1, 3])
        cols, ncon = [f"x{i}" for i in range(1, 11)], 3
    return g, cols, ncon


def gen_drifts(R, g, cols, ncon, batches):
    drifts = []
    t = g["type"]
    # concept timeline
    pos = R.randint(1, max(1, batches // 2))
    for _ in range(R.randint(0, 2)):
        if pos >= batches - 1 or ncon < 2 and not (t in ("hyperplane", "rbf")):
            break
        shapes = ["sudden", "gradual", "recurring"]
        if t in ("sea", "hyperplane", "rbf", "cicids", "friedman"):
            shapes.append("incremental")
        s = R.choice(shapes)
        if ncon < 2:
            s = "incremental"
        ev = {"shape": s, "start": pos}
        to = R.choice([c for c in range(ncon) if c != 0] or [0])
        last = None
        if s == "sudden":
            ev["to"] = to
            last = batches - 1
        elif s == "gradual":
            ev["width"] = R.randint(1, max(1, batches - pos))
            ev["to"] = to
            last = pos + ev["width"] - 1
        elif s == "incremental":
            ev["width"] = R.randint(1, max(1, batches - pos))
            if t in ("hyperplane", "rbf") and (ncon < 2 or R.random() < 0.5):
                ev["magnitude"] = R.choice([0.0001, 0.001, 0.01])
                if ncon >= 2 and R.random() < 0.3:
                    ev["to"] = to
            else:
                ev["to"] = to
            last = pos + ev["width"] - 1
        elif s == "recurring":
            if batches - pos <= 2:
                break
            ev["period"] = R.randint(1, max(1, min(10, batches - pos - 1)))
            k = R.randint(2, min(3, ncon)) if ncon >= 2 else 2
            ev["concepts"] = R.sample(range(ncon), k)
            last = batches - 1
        if R.random() < 0.4 and last is not None and last < batches - 1:
            pass
        if R.random() < 0.35 and last <= batches - 1:
            end = R.randint(last, batches - 1) if s not in ("sudden", "recurring") else R.randint(pos, batches - 1)
            ev["end"] = end
            last = end
        drifts.append(ev)
        if last is None or last >= batches - 2:
            break
        pos = R.randint(last + 1, batches - 1)
    # column shifts
    if cols and R.random() < 0.5:
        c = R.choice(cols)
        s = R.choice(["sudden", "gradual", "incremental"])
        ev = {"shape": s, "start": R.randint(0, batches - 1), "column": c}
        if s != "sudden":
            ev["width"] = R.randint(1, batches)
        if R.random() < 0.5:
            ev["scale"] = R.choice([0.5, 2, 3, 10, -1])
        else:
            ev["offset"] = R.choice([0.5, 5, 100, -3])
        lastc = ev["start"] + ev.get("width", 1) - 1
        if R.random() < 0.3 and lastc <= batches - 1:
            ev["end"] = R.randint(lastc, batches - 1)
        drifts.append(ev)
    return drifts


def gen_faults(R, g, cols, batches):
    faults = []
    kinds = ["unit_change", "missing_column", "stuck_value", "label_delay", "latency_spike", "latency_creep",
             "failure_burst", "arrival_gap"]
    if g["type"] == "cicids":
        kinds.append("label_respelled")
    if g["type"] == "friedman":
        kinds.append("label_unit_change")
    else:
        kinds += ["label_stuck", "label_swapped"]
    used = set()
    for _ in range(R.choice([0, 0, 1, 1, 2, 3])):
        k = R.choice(kinds)
        f = {"kind": k}
        start = R.randint(0, batches - 1)
        f["start"] = start
        if R.random() < 0.7:
            f["end"] = R.randint(start, min(batches - 1, start + R.randint(0, 15)))
        if k in ("unit_change", "missing_column", "stuck_value"):
            if g["type"] == "stagger":
                if k == "unit_change":
                    continue
                f["column"] = R.choice(["size", "color", "shape"])
            else:
                f["column"] = R.choice(cols)
            if k == "unit_change":
                f["factor"] = R.choice([1000, 0.001, 1.609344, -1, 100, 0.45359237])
            if k == "stuck_value" and R.random() < 0.4 and g["type"] != "stagger":
                f["value"] = R.choice([0, 1, 5.5, -2])
        elif k == "label_delay":
            f["delay"] = R.randint(0, batches - 1)
        elif k == "label_unit_change":
            f["factor"] = R.choice([1000, 0.001, 10, 0.1, 100, -1, 1.609344])
        elif k in ("latency_spike", "latency_creep"):
            f["factor"] = R.choice([2, 10, 50, 1000])
        elif k == "failure_burst":
            f["rate"] = R.choice([0.05, 0.2, 0.5, 0.9, 1.0])
        elif k == "arrival_gap":
            if start == 0 and f.get("end", batches - 1) == batches - 1:
                f["end"] = batches - 2
                if f["end"] < start:
                    continue
        elif k == "label_respelled":
            cls = sorted({c for m in g["mixtures"] for c in m})
            f["class"] = R.choice(cls)
            f["spelling"] = R.choice([f["class"].lower(), f["class"].upper() + " ", f["class"].title(), "weird-" + f["class"]])
            if f["spelling"] in cls:
                f["spelling"] = "zz" + f["class"]
        elif k == "label_stuck":
            # The class the feed writes: a mixture's class of cicids, else class 0 (every class generator has it).
            f["class"] = R.choice(sorted({c for m in g["mixtures"] for c in m})) if g["type"] == "cicids" else "0"
        elif k == "label_swapped":
            # Two classes written as each other: a mixture's classes of cicids, else classes 0 and 1.
            cls = sorted({c for m in g["mixtures"] for c in m}) if g["type"] == "cicids" else ["0", "1"]
            if len(cls) < 2:
                continue
            f["classes"] = R.sample(cls, 2)
        key = (k, f.get("column"), f.get("class"))
        if key in used:
            continue
        used.add(key)
        faults.append(f)
    return faults


def gen_scenario(R, i):
    g, cols, ncon = gen_generator(R)
    batches = R.randint(10, 80)
    bs = R.choice([20, 30, 50, 100, 200, 400, 500, 800, 1000, 1500])
    # keep runtime down
    while batches * bs > 60000:
        bs = R.choice([20, 50, 100, 200, 400, 500])
    s = {"name": f"fz{i}", "seed": R.randint(0, 2147483583), "generator": g,
         "train_rows": R.choice([200, 500, 1000, 2000, 3000, 5000]), "batches": batches, "batch_size": bs}
    if R.random() < 0.5:
        s["label_delay"] = R.randint(0, min(5, batches - 1))
    if ncon > 1 and R.random() < 0.2:
        s["train_concept"] = R.randrange(ncon)
    if R.random() < 0.3:
        s["serving"] = {"latency_ms": R.choice([5, 20, 100, 500]), "failure_rate": R.choice([0, 0.001, 0.01, 0.04]),
                        "batch_interval_s": R.choice([60, 3600, 86400])}
    s["drifts"] = gen_drifts(R, g, cols, ncon, batches)
    s["faults"] = gen_faults(R, g, cols, batches)
    return s


def gen_policy(R, i):
    p = copy.deepcopy(DEFAULT_POLICY)
    p["name"] = f"P{i}"
    del p["rules"]
    rt, v, gd, dt = p["retrain"], p["verification"], p["guards"], p["detection"]
    rt["promotion"] = R.choice(["direct", "shadow", "canary", "auto"])
    gd["approval_mode"] = R.random() < 0.25
    gd["approval_risk"] = R.choice(["low", "medium", "high"])
    gd["daily_budget"] = R.randint(1, 30)
    gd["cooldown_minutes"] = {k: R.choice([0, 30, 60, 120, 360, 1440]) for k in R.sample(["alert", "retrain", "rollback", "promote", "canary", "shadow", "fallback", "restore"], R.randint(0, 5))}
    if R.random() < 0.3:
        gd["budgeted_actions"] = R.sample(["retrain", "promote", "rollback", "canary", "fallback", "alert"], R.randint(0, 4))
    rt["challenger_every"] = R.randint(0, 3)
    rt["challenger_max_every"] = R.choice([0, 1, 2, 4, 8, 16])
    rt["challenger_losses"] = R.randint(1, 4)
    rt["recall_versions"] = R.randint(0, 5)
    rt["window_batches"] = R.randint(1, 10)
    rt["min_rows"] = R.choice([1, 100, 500, 2000, 5000])
    rt["short_min_rows"] = min(rt["min_rows"], R.choice([0, 100, 300, 1000]))
    rt["include_initial_training"] = R.random() < 0.2
    rt["consolidate_below_rows"] = R.choice([0, 500, 2000, 5000])
    rt["canary_share"] = R.choice([0.05, 0.2, 0.5, 0.9])
    rt["shadow_batches"] = R.randint(1, 4)
    rt["canary_batches"] = R.randint(1, 4)
    rt["trial_margin"] = R.choice([0, 0.005, 0.02])
    rt["recency_half_life"] = R.choice([0, 1, 2, 5])
    v["window_batches"] = R.randint(1, 4)
    v["max_wait_batches"] = R.randint(v["window_batches"] + 5, 20)
    v["tolerance"] = R.choice([0.01, 0.05, 0.1])
    v["min_recovered_share"] = R.choice([0.1, 0.3, 0.6])
    v["revert_margin"] = R.choice([0, 0.02, 0.05])
    v["partials_to_escalate"] = R.randint(1, 4)
    v["rejections_to_escalate"] = R.randint(1, 4)
    v["failures_to_escalate"] = R.randint(1, 3)
    v["escalation_hold_batches"] = R.choice([1, 5, 24, 48])
    v["retry_on_new_rows"] = R.random() < 0.7
    v["lasting_fault_batches"] = R.choice([0, 2, 5, 24])
    v["judge_fallback"] = R.random() < 0.7
    m = R.randint(1, 5)
    dt["persistence_m"] = m
    dt["persistence_k"] = R.randint(1, m)
    dt["clear_after"] = R.randint(1, 4)
    dt["min_accuracy_drop"] = R.choice([0.01, 0.02, 0.04, 0.08])
    dt["critical_accuracy_drop"] = R.choice([0.1, 0.15, 0.3])
    dt["min_labels"] = R.choice([1, 5, 20, 50])
    dt["baseline_batches"] = R.randint(1, 4)
    dt["baseline_max_batches"] = R.choice([1, 5, 10, 30])
    dt["drift_share"] = R.choice([0.1, 0.25, 0.5])
    dt["z_pooled"] = R.choice([0, 3.5])
    dt["error_detector"] = R.choice(["hddm-a", "", "hddm-a"])
    dt["regression_window_batches"] = R.randint(1, 5)
    dt["latency_p95_ms"] = R.choice([100, 1000, 5000])
    dt["failure_rate"] = R.choice([0.01, 0.05, 0.2])
    dt["max_arrival_delay_minutes"] = R.choice([30, 120, 600])
    return p


# ---------------------------------------------------------------- checks
ACTIONS = {"alert", "retrain", "rollback", "promote", "fallback", "disable", "restore", "canary", "shadow", "escalate", "end_trial"}


def check_policy_dir(pdir, stream_batches, D, fault_delay, label_faulty=frozenset(), is_periodic=False):
    bad = []
    # predictions
    with open(os.path.join(pdir, "predictions.csv")) as f:
        rd = csv.reader(f)
        hdr = next(rd)
        if hdr != ["batch", "row", "prediction", "served_version"]:
            bad.append(f"predictions header {hdr}")
        pred = list(rd)
    if len(pred) != len(stream_batches):
        bad.append(f"predictions rows {len(pred)} != stream rows {len(stream_batches)}")
    for i, r in enumerate(pred):
        if int(r[1]) != i:
            bad.append(f"row {i} reads {r[1]}"); break
        if i < len(stream_batches) and int(r[0]) != stream_batches[i]:
            bad.append(f"row {i} batch {r[0]} != stream {stream_batches[i]}"); break
    # actions
    acts = [json.loads(l) for l in open(os.path.join(pdir, "actions.jsonl")) if l.strip()]
    decs = [json.loads(l) for l in open(os.path.join(pdir, "decisions.jsonl")) if l.strip()]
    rejected = set()
    for d in decs:
        for fu in d.get("follow_ups", []):
            if fu.get("action") == "retrain_rejected":
                w = fu["reason"].split(" ")
                if len(w) > 1 and w[0] in ("candidate", "challenger"):
                    rejected.add(w[1])
    for a in acts:
        for k in ("batch", "action", "reason", "version_before", "version_after"):
            if k not in a:
                bad.append(f"action missing {k}: {a}")
        if a.get("action") not in ACTIONS:
            bad.append(f"unknown action {a.get('action')}")
        if not a.get("reason"):
            bad.append(f"empty reason {a}")
        if a.get("action") == "promote" and a.get("version_after") in rejected and not is_periodic:
            bad.append(f"batch {a['batch']}: promote of rejected {a['version_after']}")
        if a.get("action") == "retrain" and a.get("training_batches"):
            first, last = a["training_batches"]
            b = a["batch"]
            dl = max(D, fault_delay.get(last, 0))
            if last + dl > b:
                bad.append(f"batch {b}: retrain {a['version_after']} training_batches [{first},{last}] beyond visible (D={D}, delay(last)={dl})")
            hit = sorted(x for x in label_faulty if first <= x <= last)
            if hit and not is_periodic:
                bad.append(f"batch {b}: retrain {a['version_after']} training_batches [{first},{last}] include label-faulty batches {hit}")
    # The serving timeline (version_before chain, the served version from the next batch, one tick per batch) is
    # bench/audit/check_twin.py's, which run_one calls on every run.
    return bad


def run_one(i, seed):
    R = random.Random(seed)
    d = os.path.join(ROOT, f"r{i}")
    os.makedirs(d, exist_ok=True)
    s = gen_scenario(R, i)
    p = gen_policy(R, i)
    json.dump(s, open(os.path.join(d, "scen.json"), "w"), indent=1)
    json.dump(p, open(os.path.join(d, "P.json"), "w"), indent=1)
    alg = "gbt" if s["generator"]["type"] == "friedman" or R.random() < 0.6 else "logistic"
    D = R.randint(0, 5)
    cmd = CLI + ["twin", "run", os.path.join(d, "scen.json"), "--policies", "default," + os.path.join(d, "P.json"),
                 "--algorithm", alg, "--label-delay", str(D), "--out", os.path.join(d, "out")]
    open(os.path.join(d, "cmd"), "w").write(" ".join(cmd))
    t0 = time.time()
    try:
        cp = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        rc, out, err = cp.returncode, cp.stdout, cp.stderr
    except subprocess.TimeoutExpired:
        rc, out, err = "TIMEOUT", "", ""
    el = time.time() - t0
    res = {"i": i, "seed": seed, "rc": rc, "t": round(el, 1), "gen": s["generator"]["type"], "alg": alg, "D": D,
           "rows": s["batches"] * s["batch_size"], "err": err.strip()[-2000:], "bad": []}
    if rc == 0:
        try:
            sc = json.load(open(os.path.join(d, "out", "scenario.json")))
            with open(os.path.join(d, "out", "stream.csv")) as f:
                rd = csv.reader(f); hdr = next(rd); bi = hdr.index("batch")
                sb = [int(r[bi]) for r in rd]
            fault_delay = {}
            for t in sc["truth"]:
                if any(str(x).startswith("label_delay") for x in t.get("faults", [])):
                    fault_delay[t["batch"]] = t["label_delay"]
            # Labels a thousand times off (or a thousandth) in batches of 50 rows or more: the label check must keep every
            # training window off them (docs/quality-and-performance.md, "Regression labels").
            label_faulty = set()
            if sc["scenario"].get("batch_size", 0) >= 50:
                for f in sc["scenario"].get("faults", []):
                    if f["kind"] == "label_unit_change" and abs(f["factor"]) in (1000, 0.001):
                        label_faulty.update(range(f["start"], f.get("end", sc["scenario"]["batches"] - 1) + 1))
            pols = [x for x in os.listdir(os.path.join(d, "out")) if os.path.isdir(os.path.join(d, "out", x))]
            if len(pols) != 2:
                res["bad"].append(f"policy dirs {pols}")
            for pol in pols:
                pd = os.path.join(d, "out", pol)
                res["bad"] += [pol + ": " + x for x in check_policy_dir(pd, sb, D, fault_delay, frozenset(label_faulty))]
            # project's own audit
            try:
                au = subprocess.run(["python3", os.path.join(REPO, "bench/audit/check_twin.py"), os.path.join(d, "out")], capture_output=True, text=True, timeout=120)
                res["audit_rc"] = au.returncode
                res["audit"] = (au.stdout + au.stderr)[-3000:]
            except subprocess.TimeoutExpired:
                res["audit_rc"] = "TIMEOUT"
        except Exception as e:
            res["bad"].append(f"checker exception {e!r}")
    return res


if __name__ == "__main__":
    start = int(sys.argv[1]); n = int(sys.argv[2]); deadline = time.time() + float(sys.argv[3])
    os.makedirs(ROOT, exist_ok=True)
    log = open(os.path.join(OUT, "results.jsonl"), "a")
    def job(i):
        if time.time() > deadline:
            return None
        r = run_one(i, 1000003 * i + 7)
        log.write(json.dumps(r) + "\n"); log.flush()
        flag = r["rc"] != 0 or r["bad"] or r.get("audit_rc") not in (0, None)
        print(i, r["gen"], r["alg"], "D", r["D"], "rows", r["rows"], "rc", r["rc"], f"{r['t']}s", "BAD" if r["bad"] else "", "AUDIT" if r.get("audit_rc") else "", (r["err"][:200] if r["rc"] != 0 else ""), flush=True)
        return r
    with ThreadPoolExecutor(2) as ex:
        list(ex.map(job, range(start, start + n)))
