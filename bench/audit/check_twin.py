#!/usr/bin/env python3
"""Independent trust audit of a `driftcatcher twin run` directory.

Recomputes from the raw rows (stream.csv, train.csv, scenario.json) what each policy's outputs
(predictions.csv, actions.jsonl, decisions.jsonl, report.html, the CLI summary line) claim, and prints
one line per discrepancy. It shares no code with the replay: it reads only the files a person gets.

    python3 bench/audit/check_twin.py RUN_DIR [--summary SUMMARY.txt] [--policy NAME ...]

RUN_DIR is a `twin run --out` directory (stream.csv, scenario.json, one sub-directory per policy).
SUMMARY.txt holds the CLI's stdout (the `policy: accuracy ...` lines); without it that check is skipped.
Exit code 0 when nothing was found, 1 otherwise. See docs/twin.md, "Auditing a run".
"""

from __future__ import annotations

import argparse
import csv
import html
import json
import math
import os
import re
import sys
from collections import defaultdict

TOL3 = 0.0005 + 1e-9  # a number printed with 3 decimals
SIGNALS = ("latency_ms", "failed", "arrival_delay_s")
CHANGES = ("promote", "rollback", "fallback", "disable", "restore")


def fnum(s):
    try:
        return float(s)
    except (TypeError, ValueError):
        return math.nan


class Run:
    """One policy's outputs plus the generated stream."""

    def __init__(self, root, pdir):
        self.root, self.dir = root, pdir
        self.problems = []
        self.checked = defaultdict(int)
        sc = json.load(open(os.path.join(root, "scenario.json"), encoding="utf-8"))
        self.scenario = sc
        self.run = json.load(open(os.path.join(pdir, "run.json"), encoding="utf-8"))
        self.D = int(self.run["label_delay"])
        self.regression = self.run.get("task") == "regression"
        self.policy = self.run.get("policy", os.path.basename(pdir))
        label_col = sc["label_column"]
        batch_col = sc["batch_column"]
        # Per-batch delay: the replay's D, or a label_delay fault's longer one.
        self.delay = {}
        self.truth = {}
        for t in sc["truth"]:
            b = int(t["batch"])
            self.truth[b] = t
            # truth's label_delay is the scenario's (5 in label-delay.json) where no fault acts; the replay's D replaces it
            faulted = any(str(f).split(":")[0] == "label_delay" for f in t.get("faults", []) or [])
            self.delay[b] = max(self.D, int(t.get("label_delay", 0) or 0)) if faulted else self.D
        # train classes (for respelled labels)
        with open(os.path.join(root, "train.csv"), encoding="utf-8", newline="") as f:
            r = csv.reader(f)
            header = [h.strip() for h in next(r)]
            li = header.index(label_col)
            self.train_classes = sorted({row[li].strip() for row in r if row[li].strip() not in ("", "NaN")})
        with open(os.path.join(root, "stream.csv"), encoding="utf-8", newline="") as f:
            r = csv.reader(f)
            header = [h.strip() for h in next(r)]
            bi, li = header.index(batch_col), header.index(label_col)
            col = {n: header.index(n) for n in SIGNALS if n in header}
            self.batch_of, self.label, self.raw_label = [], [], []
            self.latency, self.failed, self.arrival = [], [], []
            for row in r:
                self.batch_of.append(int(float(row[bi])))
                self.raw_label.append(row[li])
                self.label.append(self.norm_label(row[li]))
                self.latency.append(fnum(row[col["latency_ms"]]) if "latency_ms" in col else math.nan)
                self.failed.append(fnum(row[col["failed"]]) >= 1 if "failed" in col else False)
                self.arrival.append(fnum(row[col["arrival_delay_s"]]) if "arrival_delay_s" in col else 0.0)
        # Label faults `twin run` scores on the truth: label_unit_change divides back by its factor (as here), and
        # label_swapped writes each class back as the one before it in its list, and label_respelled its spelling back as
        # its class (self.true_class, for the summary line and report.html; the agent's figures are of the labels as
        # written); label_stuck's true classes stay in memory, so the accuracy of its batches (and of a swap under it)
        # cannot be recomputed from the files.
        self.hidden_truth = set()
        self.true_class = {}  # row -> its true class, where a label_swapped or label_respelled fault wrote another
        faults = sc.get("scenario", {}).get("faults", []) or []
        for f in faults:
            if f.get("kind") == "label_stuck":
                self.hidden_truth.update(range(f["start"], f.get("end", sc["scenario"].get("batches", 0) - 1) + 1))
        for f in faults:
            last = f.get("end", sc["scenario"].get("batches", 0) - 1)
            if f.get("kind") == "label_swapped" and f.get("classes"):
                classes = [self.class_key(c) for c in f["classes"]]
                for i, b in enumerate(self.batch_of):
                    if f["start"] <= b <= last and b not in self.hidden_truth and self.label[i] is not None \
                            and self.class_key(self.label[i]) in classes:
                        self.true_class[i] = f["classes"][classes.index(self.class_key(self.label[i])) - 1]
            elif f.get("kind") == "label_respelled" and f.get("spelling") is not None and f.get("class"):
                for i, b in enumerate(self.batch_of):
                    if f["start"] <= b <= last and b not in self.hidden_truth and self.label[i] is not None \
                            and self.label[i] == f["spelling"].strip():
                        self.true_class[i] = f["class"]
            elif f.get("kind") == "label_unit_change" and f.get("factor"):
                for i, b in enumerate(self.batch_of):
                    if f["start"] <= b <= last and self.label[i] is not None:
                        self.label[i] = repr(fnum(self.label[i]) / f["factor"])
        self.rows_of = defaultdict(list)
        for i, b in enumerate(self.batch_of):
            self.rows_of[b].append(i)
        self.batches = sorted(self.rows_of)
        # predictions.csv
        with open(os.path.join(pdir, "predictions.csv"), encoding="utf-8", newline="") as f:
            r = csv.DictReader(f)
            self.pred, self.served = [None] * len(self.batch_of), [None] * len(self.batch_of)
            n = 0
            for row in r:
                i = int(row["row"])
                if i != n:
                    self.bad(f"predictions.csv line {n + 2}: row {i}, expected {n}")
                if int(row["batch"]) != self.batch_of[i]:
                    self.bad(f"predictions.csv row {i}: batch {row['batch']}, the stream says {self.batch_of[i]}")
                p = row["prediction"]
                self.pred[i] = None if p == "" else p
                self.served[i] = row["served_version"]
                n += 1
            if n != len(self.batch_of):
                self.bad(f"predictions.csv has {n} rows, the stream {len(self.batch_of)}")
        self.actions = [json.loads(l) for l in open(os.path.join(pdir, "actions.jsonl"), encoding="utf-8") if l.strip()]
        self.ticks = [json.loads(l) for l in open(os.path.join(pdir, "decisions.jsonl"), encoding="utf-8") if l.strip()]
        self.tick_of = {d["batch"]: d for d in self.ticks}
        self.state = json.load(open(os.path.join(pdir, "agent-state.json"), encoding="utf-8"))

    def count(self, what):
        self.checked[what] += 1

    def bad(self, msg):
        self.problems.append(msg)

    @staticmethod
    def class_key(s):
        """A class as a scenario or the stream writes it: numbers compare by value ("1" and "1.0" are one class)."""
        try:
            return repr(float(s))
        except ValueError:
            return s.strip()

    def norm_label(self, s):
        s2 = s.strip()
        if s2 == "" or s2.lower() == "nan":
            return None
        return s2

    def klass(self, i):
        """The row's class as the replay scores it (a respelled label counts as the class it spells)."""
        lab = self.label[i]
        if lab is None:
            return None
        if self.regression:
            v = fnum(lab)
            return v if math.isfinite(v) else None
        if lab in self.train_classes:
            return lab
        for c in self.train_classes:
            if c.strip().casefold() == lab.casefold():
                return c
        return lab

    def respelled(self, i):
        lab = self.label[i]
        return lab is not None and not self.regression and lab not in self.train_classes and self.klass(i) != lab

    def same(self, pred, truth):
        if pred == truth:
            return True
        a, b = fnum(pred), fnum(truth)
        return math.isfinite(a) and math.isfinite(b) and a == b

    # ---- levels over rows -------------------------------------------------------------------------------------
    def level(self, rows, version=None):
        """(accuracy or MAE, scored rows) of the served answers on rows (only rows served by version, if given)."""
        n, s = 0, 0.0
        for i in rows:
            if self.pred[i] is None or (version is not None and self.served[i] != version):
                continue
            t = self.klass(i)
            if t is None:
                continue
            if self.regression:
                e = abs(fnum(self.pred[i]) - t)
                if not math.isfinite(e):
                    continue
                s += e
            else:
                s += 1 if self.same(self.pred[i], t) else 0
            n += 1
        return (s / n if n else math.nan), n

    def level_true(self, rows):
        """level() against the true classes, as `twin run` scores its summary and report (a label_swapped batch's)."""
        written = {i: self.label[i] for i in rows if i in self.true_class}
        for i in written:
            self.label[i] = self.true_class[i]
        try:
            return self.level(rows)
        finally:
            for i, w in written.items():
                self.label[i] = w

    def visible_by(self, lb, b):
        return lb + self.delay.get(lb, self.D) <= b


# ------------------------------------------------------------------------------------------------------------------
def serving_timeline(r: Run):
    """served version per batch implied by actions.jsonl (effective from b+1); canary candidates per batch."""
    cur = "v1"
    mode = "champion"
    canary = None
    expected, canaries = {}, {}
    by_batch = defaultdict(list)
    for a in r.actions:
        by_batch[a["batch"]].append(a)
    for b in r.batches:
        expected[b] = "" if mode == "disabled" else cur
        canaries[b] = canary
        for a in by_batch.get(b, []):
            act = a["action"]
            vb = a.get("version_before")
            now = "disabled" if mode == "disabled" else cur
            if act in CHANGES or act in ("canary",):
                if act == "canary" and vb == canary and canary is not None:
                    pass  # the end of a canary: version_before is the candidate
                elif vb != now:
                    r.bad(f"batch {b}: {act} says version_before {vb}, but {now} served")
            if act in ("promote", "rollback"):
                cur, mode, canary = a["version_after"], "champion", None
            elif act == "fallback":
                cur, mode, canary = a["version_after"], "fallback", None
            elif act == "disable":
                mode, canary = "disabled", None
            elif act == "restore":
                cur, mode = a["version_after"], "champion"
            elif act == "canary":
                canary = a["version_after"] if a["version_after"] != a["version_before"] and canary is None else None
            elif act == "shadow" and a["version_before"] != a["version_after"]:
                r.bad(f"batch {b}: shadow changes the served version {a['version_before']} -> {a['version_after']}")
    return expected, canaries


def check_serving(r: Run):
    expected, canaries = serving_timeline(r)
    for b in r.batches:
        r.count("served_version batch")
        seen = defaultdict(int)
        for i in r.rows_of[b]:
            seen[r.served[i]] += 1
        allowed = {expected[b]} | ({canaries[b]} if canaries[b] else set())
        extra = {v: n for v, n in seen.items() if v not in allowed}
        if extra:
            r.bad(f"batch {b}: predictions.csv served_version {extra}, actions.jsonl imply {sorted(allowed)}")
        t = r.tick_of.get(b)
        if t and canaries[b] is None and expected[b] and t["served_version"] != expected[b]:
            r.bad(f"batch {b}: decisions.jsonl served_version {t['served_version']}, actions imply {expected[b]}")
        for i in r.rows_of[b]:
            if r.pred[i] is None and expected[b] != "" and not r.failed[i]:
                r.bad(f"row {i} (batch {b}): no prediction, but the row's request did not fail and serving was not disabled")
                break
    return expected, canaries


# ------------------------------------------------------------------------------------------------------------------
def check_ticks(r: Run, expected, canaries):
    """decisions.jsonl metrics against the rows: rows, realized accuracy/MAE of labeled_batch, failure rate, p95."""
    for b in r.batches:
        t = r.tick_of.get(b)
        if t is None:
            r.bad(f"batch {b}: no tick decision")
            continue
        m = t["metrics"]
        rows = r.rows_of[b]
        if m["rows"] != len(rows):
            r.bad(f"batch {b}: decisions rows {m['rows']}, the stream has {len(rows)}")
        fr = sum(1 for i in rows if r.failed[i]) / len(rows)
        if m.get("failure_rate") is not None and abs(m["failure_rate"] - fr) > 1e-9:
            r.bad(f"batch {b}: failure_rate {m['failure_rate']}, stream {fr}")
        lat = sorted(x for x in (r.latency[i] for i in rows) if math.isfinite(x))
        if lat and m.get("latency_p95_ms") is not None:
            p95 = lat[min(len(lat) - 1, math.ceil(0.95 * len(lat)) - 1)]
            if abs(p95 - m["latency_p95_ms"]) > 1e-9 * max(1, p95):
                r.bad(f"batch {b}: latency_p95_ms {m['latency_p95_ms']}, nearest-rank p95 of the stream {p95}")
        lb = m.get("labeled_batch")
        key = "mae_realized" if r.regression else "accuracy_realized"
        if lb is not None and m.get(key) is not None:
            if not r.visible_by(lb, b):
                r.bad(f"batch {b}: labeled_batch {lb}, whose labels are due only at {lb + r.delay[lb]}")
            if canaries.get(lb) is None and not any(r.respelled(i) for i in r.rows_of[lb]):
                lvl, n = r.level(r.rows_of[lb])
                r.count("tick: realized accuracy/MAE")
                tol = 1e-9 if n <= 10000 else 0.011
                if not (abs(lvl - m[key]) <= tol * (max(1, abs(lvl)) if r.regression else 1)):
                    r.bad(f"batch {b}: {key} {m[key]:.6g} for batch {lb}, the rows give {lvl:.6g} over {n} rows")


# ------------------------------------------------------------------------------------------------------------------
def faulty_batches(r: Run):
    flagged = set(r.state.get("memory", {}).get("faulty_batches", []) or [])
    truth = set()
    for b, t in r.truth.items():
        for f in t.get("faults", []) or []:
            if f.split(":")[0] in ("unit_change", "missing_column", "stuck_value", "label_respelled"):
                truth.add(b)
    return flagged, truth


def check_training(r: Run):
    flagged, truth = faulty_batches(r)
    rules = r.policy not in ("none",) and not str(r.policy).startswith("periodic")
    for a in r.actions:
        if a["action"] != "retrain" or a.get("training_batches") is None:
            continue
        first, last = a["training_batches"]
        b = a["batch"]
        r.count("training_batches")
        if first > last:
            r.bad(f"batch {b}: training_batches [{first}, {last}] is empty")
        arrived = [x for x in r.batches if first <= x <= last]
        late = [x for x in arrived if not r.visible_by(x, b)]
        if last not in r.rows_of or not r.visible_by(last, b):
            r.bad(f"batch {b}: {a['version_after']} training_batches [{first}, {last}] end at a batch whose labels are not visible at {b}")
        elif late and not said_without(r, a["version_after"], b, late):
            r.bad(f"batch {b}: {a['version_after']} training_batches [{first}, {last}] include batches {late} whose labels come after {b}: the range names batches not trained on")
        if rules:
            on = sorted(x for x in range(first, last + 1) if x in flagged or x in truth)
            if on:
                r.bad(f"batch {b}: {a['version_after']} training_batches [{first}, {last}] span faulty batches {on}")


def canaries_of(r: Run, b):
    return [c for c in [serving_timeline_cache(r)[1].get(b)] if c]


def serving_timeline_cache(r: Run):
    if not hasattr(r, "_timeline"):
        saved = list(r.problems)
        r._timeline = serving_timeline(r)
        r.problems[:] = saved  # reported once, by check_serving
    return r._timeline


def ranges(text):
    out = []
    for part in text.split(", "):
        lo, _, hi = part.partition("–")
        out.extend(range(int(lo), int(hi or lo) + 1))
    return out


def said_without(r: Run, version, b, late):
    """Whether the retrain's verdict names the batches of its window it could not train on (labels not yet in)."""
    for d, _ in all_decisions(r):
        m = re.search(re.escape(version) + r" trained on batches \d+\.\.\d+ \(\d+ rows; without batch(?:es)? ([\d–, ]+), whose labels had not come\)", d.get("reason") or "")
        if d["batch"] == b and m:
            named = set()
            for part in m.group(1).split(", "):
                lo, _, hi = part.partition("–")
                named.update(range(int(lo), int(hi or lo) + 1))
            return named == set(late)
    return False


# ------------------------------------------------------------------------------------------------------------------
def labeled_rows(r: Run, first, last, b):
    """Labeled rows of visible batches first..last at tick b, in stream order, as the replay's window takes them."""
    out = []
    for x in r.batches:
        if first <= x <= last and r.visible_by(x, b):
            out.extend(i for i in r.rows_of[x] if r.klass(i) is not None)
    return out


def gate_options(r: Run, first, last, b):
    """Every (short_first, gate rows, fit rows) the replay's gate could have used for a window first..last."""
    rows = labeled_rows(r, first, last, b)
    opts = []
    for s in [None] + [x for x in r.batches if first < x <= last]:
        recent = rows if s is None else [i for i in rows if r.batch_of[i] >= s]
        gate = [i for k, i in enumerate(recent) if k % 5 == 4]
        opts.append((s, gate, len(rows) - len(gate)))
        if s is not None:  # the short window kept: trained on it alone
            opts.append((("short", s), gate, len(recent) - len(gate)))
    return opts


def champion_gate_score(r: Run, gate, champion):
    if not gate or any(r.served[i] != champion or r.pred[i] is None for i in gate):
        return None
    ok = 0.0
    for i in gate:
        t = r.klass(i)
        ok += abs(fnum(r.pred[i]) - t) if r.regression else (1 if r.same(r.pred[i], t) else 0)
    return ok / len(gate)


TRAINED = re.compile(r"(v\d+) trained on batches (\d+)\.\.(\d+) \((\d+) rows\)")
GATE = re.compile(r"passed the gate:? \(?(accuracy |MAE )?(\d+(?:\.\d+)?|n/a) against the champion's (\d+(?:\.\d+)?|n/a)")
DROP = re.compile(r"(accuracy|MAE) (\d+(?:\.\d+)?) on the labeled (?:batches since (\d+)|batch(?:es)? ([\d–, ]+)) against a baseline of (\d+(?:\.\d+)?)")
VERIF = re.compile(r"verification of the (\w+) (succeeded|failed|partial)[^:]*: (accuracy|MAE) (\d+(?:\.\d+)?|n/a) against baseline (\d+(?:\.\d+)?|n/a)")
ESTIMATE = re.compile(r"estimated accuracy (\d+(?:\.\d+)?) \(label-free\) against (\d+(?:\.\d+)?) when (\S+) was deployed")
CONSOL = re.compile(r"consolidate: the recovery model learned from (\d+) rows")
SERVED_BEFORE = re.compile(r"the labels of batch (\d+) are(?: of (\S+))?, served before the (\w+) at batch (\d+)")
RESPELT = re.compile(r"'([^']*)' for the class '([^']*)' in (\d+) labels of batch(?:es)? (\d+)(?:–(\d+))?")
LATENCY = re.compile(r"latency p95 (\d+(?:\.\d+)?) ms")
FAILRATE = re.compile(r"failure rate (\d+(?:\.\d+)?) \(limit")
TRIAL = re.compile(r"(v\d+) (\d+(?:\.\d+)?) against (v\d+) (\d+(?:\.\d+)?) on the same (\d+) labeled rows of batches (\d+)\.\.(\d+)")


def all_decisions(r: Run):
    for d in r.ticks:
        yield d, None
        for f in d.get("follow_ups", []):
            yield f, d


def check_reasons(r: Run, expected):
    trained = {}  # version -> (first, last, rows, batch)
    for a in r.actions:
        if a["action"] == "retrain" and a.get("training_batches"):
            trained[a["version_after"]] = (a["training_batches"][0], a["training_batches"][1], a["batch"], a["version_before"])
    rows_of_version = {}
    texts = [(d["batch"], d.get("reason") or "", d, "decision") for d, _ in all_decisions(r)]
    texts += [(a["batch"], a.get("reason") or "", a, "action") for a in r.actions]
    for d, _ in all_decisions(r):
        for alt in d.get("alternatives", []) or []:
            texts.append((d["batch"], alt.get("rejected_because") or "", d, "alternative"))
    for b, text, obj, kind in texts:
        where = f"batch {b} ({kind}): "
        for m in TRAINED.finditer(text):
            v, first, last, n = m.group(1), int(m.group(2)), int(m.group(3)), int(m.group(4))
            r.count("reason: trained window and rows")
            if v in trained and trained[v][:2] != (first, last):
                r.bad(where + f"'{m.group(0)}', actions.jsonl says {v} trained on {trained[v][:2]}")
            opts = gate_options(r, first, last, b)
            opts = [o for o in opts if o[2] == n or o[2] + r.train_rows() == n]  # the gates that fit the row count
            if not opts:
                r.bad(where + f"'{m.group(0)}': the window's labeled rows minus the gate's give {sorted({o[2] for o in gate_options(r, first, last, b)})}")
            rows_of_version[v] = n
            g = GATE.search(text, m.end())
            if g and v in trained and g.group(3) != "n/a":
                champ = trained[v][3]
                scores = [champion_gate_score(r, o[1], champ) for o in opts]
                if None in scores:
                    continue  # some possible gate row was not answered by the champion in predictions.csv
                r.count("reason: champion's gate score")
                if scores and not any(abs(s - float(g.group(3))) <= TOL3 for s in scores):
                    r.bad(where + f"'{g.group(0)}': {champ} scores {sorted(round(s, 4) for s in scores)} on the possible gate rows (predictions.csv)")
        for m in DROP.finditer(text):
            lvl, base = float(m.group(2)), float(m.group(5))
            r.count("reason: accuracy/MAE drop and baseline")
            tick = r.tick_of.get(b)
            ver = (tick or {}).get("served_version") if kind == "decision" else obj.get("version_before")
            if m.group(3):
                since = int(m.group(3))
                judged = [x for x in r.batches if since <= x <= b and r.visible_by(x, b)]
            else:  # the batches named one by one: exactly those
                judged = ranges(m.group(4))
                since = judged[0]
                if any(not r.visible_by(x, b) for x in judged):
                    r.bad(where + f"'{m.group(0)}': names batches whose labels were not visible at {b}")
            rows = [i for x in judged for i in r.rows_of[x]]
            all_lvl, n = r.level(rows, ver)
            # the agent pools the degraded batches among the last 3 judged ones: try every subset that starts at `since`
            cands = [all_lvl]
            xs = [x for x in judged if r.level(r.rows_of[x], ver)[1] > 0][-3:]
            import itertools
            for k in range(1, len(xs) + 1):
                for sub in itertools.combinations(xs, k):
                    if sub[0] == since:
                        cands.append(r.level([i for x in sub for i in r.rows_of[x]], ver)[0])
            tol = 0.0005 if not r.regression else 0.0005 + 0.0005 * lvl
            if not any(abs(c - lvl) <= tol for c in cands if math.isfinite(c)):
                r.bad(where + f"'{m.group(0)}': {ver} on batches {judged} gives {all_lvl:.4f} ({n} rows); no subset starting at {since} gives it")
            elif abs(all_lvl - lvl) > tol:
                r.bad(where + f"'{m.group(0)}': the labeled batches since {since} ({judged}) give {all_lvl:.4f} over {n} rows; the number is of a subset of them (the degraded ones)")
            if tick and kind == "decision":
                key = "mae_baseline" if r.regression else "accuracy_baseline"
                mb = tick["metrics"].get(key)
                if mb is not None and abs(mb - base) > tol:
                    r.bad(where + f"'{m.group(0)}': the tick's {key} is {mb:.4f}")
        for m in CONSOL.finditer(text):
            n = int(m.group(1))
            r.count("reason: consolidation rows")
            champ = expected.get(b)
            if champ in rows_of_version and rows_of_version[champ] != n:
                r.bad(where + f"'{m.group(0)}': {champ} was trained on {rows_of_version[champ]} rows")
        for m in SERVED_BEFORE.finditer(text):
            lb, ver, act, ab = int(m.group(1)), m.group(2), m.group(3), int(m.group(4))
            r.count("reason: labels served before an action")
            # a canary's rows carry the candidate: the agent judges the champion on its own answers to every row there
            others = {r.served[i] for i in r.rows_of.get(lb, [])} - {ver, ""}
            if ver and lb in r.rows_of and (others - set(canaries_of(r, lb)) or ver not in {r.served[i] for i in r.rows_of[lb]}):
                r.bad(where + f"'{m.group(0)}': batch {lb} was served by {sorted(set(r.served[i] for i in r.rows_of[lb]))}")
            if not any(a["batch"] == ab and a["action"] == act for a in r.actions):
                r.bad(where + f"'{m.group(0)}': no {act} at batch {ab} in actions.jsonl")
            if lb > ab:
                r.bad(where + f"'{m.group(0)}': batch {lb} was served after the {act}")
        for m in RESPELT.finditer(text):
            sp, cls, n = m.group(1), m.group(2), int(m.group(3))
            r.count("reason: respelled label counts")
            b1 = int(m.group(4))
            b2 = int(m.group(5)) if m.group(5) else b1
            count = sum(1 for x in r.batches if b1 <= x <= b2 for i in r.rows_of[x] if r.raw_label[i].strip() == sp.strip())
            if count != n:
                r.bad(where + f"'{m.group(0)}': the stream has {count} labels '{sp}' in batches {b1}..{b2}")
        for m in LATENCY.finditer(text):
            tick = r.tick_of.get(b)
            if tick and tick["metrics"].get("latency_p95_ms") is not None:
                p = tick["metrics"]["latency_p95_ms"]
                r.count("reason: latency p95")
                if abs(round(p, 1) - float(m.group(1))) > 0.051:
                    r.bad(where + f"'{m.group(0)}': batch {b}'s p95 is {p}")
        for m in FAILRATE.finditer(text):
            rows = r.rows_of.get(b, [])
            if rows:
                fr = sum(1 for i in rows if r.failed[i]) / len(rows)
                r.count("reason: failure rate")
                if abs(fr - float(m.group(1))) > 0.0005 + 1e-9:
                    r.bad(where + f"'{m.group(0)}': batch {b}'s failure rate is {fr:.4f}")
        for m in TRIAL.finditer(text):
            cand, cs, champ, hs, n, f, l = m.group(1), float(m.group(2)), m.group(3), float(m.group(4)), int(m.group(5)), int(m.group(6)), int(m.group(7))
            rows = [i for x in r.batches if f <= x <= l for i in r.rows_of[x] if r.klass(i) is not None and r.pred[i] is not None]
            if all(r.served[i] == champ for i in rows):  # a shadow: the champion's answers are all in predictions.csv
                lvl, k = r.level(rows, champ)
                r.count("reason: trial champion score")
                if k != n or abs(lvl - hs) > TOL3:
                    r.bad(where + f"'{m.group(0)}': {champ} scores {lvl:.4f} on {k} labeled rows of batches {f}..{l}")
    # a verification's verdict in words against its numbers
    for d, _ in all_decisions(r):
        for m in VERIF.finditer(d.get("reason") or ""):
            v = d.get("verification") or {}
            r.count("reason: verification verdict")
            for g, key in ((4, "observed"), (5, "baseline")):
                if m.group(g) != "n/a" and v.get(key) is not None and abs(float(m.group(g)) - v[key]) > TOL3:
                    r.bad(f"batch {d['batch']}: '{m.group(0)}', its verification says {key} {v[key]:.4f}")
            if m.group(2) == "succeeded" and m.group(4) != "n/a" and m.group(5) != "n/a":
                o, base = float(m.group(4)), float(m.group(5))
                worse = o > base * 1.05 if r.regression else o < base - 0.02
                tail = (d.get("reason") or "")[m.end():m.end() + 80]
                if worse and not re.match(r" \((recovered|within)", tail):
                    r.bad(f"batch {d['batch']}: '{m.group(0)}': says succeeded with the level clearly short of the baseline, and not why")
        for m in ESTIMATE.finditer(d.get("reason") or ""):
            r.count("reason: label-free estimate")
            est = r.tick_of.get(d["batch"], {}).get("metrics", {}).get("accuracy_estimated")
            if est is not None and abs(float(m.group(1)) - est) > TOL3:
                r.bad(f"batch {d['batch']}: '{m.group(0)}', the tick's accuracy_estimated is {est:.4f}")
    # verifications in decisions: observed over their window
    for d, _ in all_decisions(r):
        v = d.get("verification")
        if not v or v.get("observed") is None or v.get("estimated"):
            continue
        win = v.get("window") or ""
        w = re.match(r"batches (\d+)\.\.(\d+)$", win)
        if w:
            judged = [x for x in r.batches if int(w.group(1)) <= x <= int(w.group(2))]
        elif re.match(r"batches \d+(, \d+)+$", win):
            judged = [int(x) for x in win[len("batches "):].split(", ")]
        else:
            continue
        b = d["batch"]
        rows = [i for x in judged for i in r.rows_of[x]]
        vers = {r.served[i] for i in rows} - {""}
        if len(vers) != 1:
            continue
        lvl, n = r.level(rows)
        r.count("verification observed level")
        if n and abs(lvl - v["observed"]) > 1e-6 * max(1, lvl):
            r.bad(f"batch {b}: verification observed {v['observed']} over {v['window']}, the rows ({sorted(vers)}) give {lvl:.6f}")


def _train_rows(self):
    if not hasattr(self, "_trn"):
        with open(os.path.join(self.root, "train.csv"), encoding="utf-8") as f:
            self._trn = sum(1 for _ in f) - 1
    return self._trn


Run.train_rows = _train_rows


# ------------------------------------------------------------------------------------------------------------------
def text_of(path):
    s = open(path, encoding="utf-8").read()
    s = re.sub(r"<script.*?</script>", " ", s, flags=re.S)
    s = re.sub(r"<svg.*?</svg>", " ", s, flags=re.S)
    return s


def check_report(r: Run, expected):
    s = text_of(os.path.join(r.dir, "report.html"))
    flat = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", s)))
    # headline numbers
    answered = [i for i in range(len(r.pred)) if r.pred[i] is not None]
    lvl, n = r.level_true(range(len(r.pred)))
    if r.regression:
        m = re.search(r"Mean MAE ([\d.,E+\-]+) over ([\d,]+) ", flat)
    else:
        m = re.search(r"Mean accuracy ([\d.]+)% over ([\d,]+) answered rows", flat)
    if not m:
        r.bad("report.html: no mean accuracy/MAE card")
    elif r.hidden_truth:
        r.count("report: mean scored on a label_stuck truth the files do not hold (not recomputed)")
    else:
        shown = float(m.group(1).replace(",", ""))
        want = lvl if r.regression else lvl * 100
        if abs(shown - want) > (0.05 + 1e-9 if not r.regression else max(0.0005, 0.0005 * want)):
            r.bad(f"report.html: mean {'MAE' if r.regression else 'accuracy'} {m.group(1)}, the rows give {want:.4f}")
        if int(m.group(2).replace(",", "")) != n:
            r.bad(f"report.html: mean over {m.group(2)} rows, the rows give {n} scored ({len(answered)} answered)")
    spans = {}
    for d, _ in all_decisions(r):
        if d.get("incident_id"):
            lo, hi = spans.get(d["incident_id"], (d["batch"], d["batch"]))
            spans[d["incident_id"]] = (min(lo, d["batch"]), max(hi, d["batch"]))
    inside = [i for b in r.batches if any(lo <= b <= hi for lo, hi in spans.values()) for i in r.rows_of[b]]
    lv, k = r.level_true(inside)
    m = re.search(r"(?:In incidents|MAE in incidents) ([\d.,]+)%? (\d+|no) incidents?", flat)
    r.count("report: incident card")
    if m and k and not any(r.batch_of[i] in r.hidden_truth for i in inside):
        want = lv if r.regression else lv * 100
        if abs(float(m.group(1).replace(",", "")) - want) > (0.05 + 1e-9 if not r.regression else max(0.0005, 0.005 * want)):
            r.bad(f"report.html: in incidents {m.group(1)}, the batches of {len(spans)} incidents {sorted(spans.values())} give {want:.4f}")
    if m and (0 if m.group(2) == "no" else int(m.group(2))) != len(spans):
        r.bad(f"report.html: {m.group(2)} incidents, decisions.jsonl names {len(spans)}")
    m = re.search(r"Model changes (\d+)", flat)
    changes_actions = sum(1 for a in r.actions if a["action"] in CHANGES)
    prev, switches = None, 0
    for b in r.batches:
        cnt = defaultdict(int)
        for i in r.rows_of[b]:
            cnt[r.served[i]] += 1
        main = max(cnt, key=lambda v: cnt[v])
        if prev is not None and main != prev:
            switches += 1
        prev = main
    # The card counts what served (predictions.csv); when actions.jsonl orders more changes it must say how many.
    if m and int(m.group(1)) != switches:
        r.bad(f"report.html: Model changes {m.group(1)}, predictions.csv switches its main version {switches} times")
    if m and changes_actions != int(m.group(1)) and not re.search(r"Model changes \d+ [^;]*; %d in actions\.jsonl" % changes_actions, flat):
        r.bad(f"report.html: Model changes {m.group(1)}, actions.jsonl has {changes_actions} promote/rollback/fallback/disable/restore and the card does not say so")
    for label, act in (("Alerts", "alert"), ("Escalations", "escalate")):
        m = re.search(label + r" (\d+)", flat)
        k = sum(1 for a in r.actions if a["action"] == act)
        if m and int(m.group(1)) != k:
            r.bad(f"report.html: {label} {m.group(1)}, actions.jsonl has {k}")
    m = re.search(r"Abstentions ([\d,]+)", flat)
    k = sum(1 for p in r.pred if p is None)
    if m and int(m.group(1).replace(",", "")) != k:
        r.bad(f"report.html: Abstentions {m.group(1)}, predictions.csv has {k} empty")
    m = re.search(r"First response (\d+|–|n/a|none)", flat)
    fr = next((a["batch"] for a in r.actions if a["action"] != "alert"), None)
    if m and m.group(1).isdigit() and int(m.group(1)) != fr:
        r.bad(f"report.html: First response {m.group(1)}, actions.jsonl says {fr}")
    # per-batch table
    tb = re.search(r'<table class="batches">.*?<tbody>(.*?)</tbody>', s, flags=re.S)
    if not tb:
        r.bad("report.html: no per-batch table")
        return
    for tr in re.findall(r"<tr>(.*?)</tr>", tb.group(1), flags=re.S):
        r.count("report: per-batch row")
        cells = [html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, flags=re.S)]
        b = int(cells[0].replace(",", ""))
        rows = r.rows_of.get(b, [])
        if int(cells[1].replace(",", "")) != len(rows):
            r.bad(f"report.html batch {b}: Rows {cells[1]}, stream {len(rows)}")
        ab = sum(1 for i in rows if r.pred[i] is None)
        if int(cells[3].replace(",", "")) != ab:
            r.bad(f"report.html batch {b}: Abstained {cells[3]}, predictions.csv {ab}")
        lv, k = r.level_true(rows)
        if k and b not in r.hidden_truth:
            shown = cells[4]
            got = fnum(shown.rstrip("%").replace(",", ""))
            want = lv if r.regression else lv * 100
            if not abs(got - want) <= (0.05 + 1e-9 if not r.regression else max(0.0005, 0.005 * want)):
                r.bad(f"report.html batch {b}: {'MAE' if r.regression else 'Accuracy'} {shown}, the rows give {want:.4f}")
        t = r.tick_of.get(b)
        key = "mae_realized" if r.regression else "accuracy_realized"
        if t and t["metrics"].get(key) is not None:
            shown = cells[5]
            mm = re.match(r"([\d.,E+\-]+)%?(?: \(of ([\d,]+)\))?$", shown)
            got = fnum(mm.group(1).replace(",", "")) if mm else math.nan
            of = int(mm.group(2).replace(",", "")) if mm and mm.group(2) else b
            if of != t["metrics"].get("labeled_batch"):
                r.bad(f"report.html batch {b}: Realized '{shown}' is said of batch {of}, the tick's labels were of batch {t['metrics'].get('labeled_batch')}")
            want = t["metrics"][key] * (1 if r.regression else 100)
            if not abs(got - want) <= (0.05 + 1e-9 if not r.regression else max(0.0005, 0.005 * want)):
                r.bad(f"report.html batch {b}: Realized '{shown}', the tick measured {want:.4f} (labels of batch {t['metrics'].get('labeled_batch')})")


def check_summary(r: Run, line):
    m = re.match(r"(\S+): (accuracy|regression, MAE) (\S+)(?: RMSE (\S+))? \(coverage ([\d.]+)\), (\d+) model changes, (\d+) alerts, (\d+) actions", line)
    if not m:
        r.bad(f"summary line not understood: {line}")
        return
    lvl, n = r.level_true(range(len(r.pred)))
    if m.group(3) not in ("n/a",) and not r.hidden_truth and abs(float(m.group(3)) - lvl) > 0.00005 + 1e-9 * max(1, lvl):
        r.bad(f"summary: {m.group(2)} {m.group(3)}, the rows give {lvl:.6f}")
    cov = sum(1 for p in r.pred if p is not None) / len(r.pred)
    if abs(float(m.group(5)) - cov) > 0.0005 + 1e-9:
        r.bad(f"summary: coverage {m.group(5)}, predictions.csv gives {cov:.4f}")
    ch = sum(1 for a in r.actions if a["action"] in CHANGES)
    if int(m.group(6)) != ch:
        r.bad(f"summary: {m.group(6)} model changes, actions.jsonl has {ch}")
    al = sum(1 for a in r.actions if a["action"] == "alert")
    if int(m.group(7)) != al:
        r.bad(f"summary: {m.group(7)} alerts, actions.jsonl has {al}")
    if int(m.group(8)) != len(r.actions):
        r.bad(f"summary: {m.group(8)} actions, actions.jsonl has {len(r.actions)}")


def audit(root, summary_lines, only):
    total = 0
    for name in sorted(os.listdir(root)):
        pdir = os.path.join(root, name)
        if not os.path.isfile(os.path.join(pdir, "run.json")):
            continue
        r = Run(root, pdir)
        if only and r.policy not in only:
            continue
        expected, canaries = check_serving(r)
        check_ticks(r, expected, canaries)
        check_training(r)
        check_reasons(r, expected)
        check_report(r, expected)
        line = next((l for l in summary_lines if l.startswith(r.policy + ": ")), None)
        if line:
            check_summary(r, line)
        for p in r.problems:
            print(f"{os.path.basename(root.rstrip('/'))}/{name}: {p}")
        total += len(r.problems)
        for k, v in r.checked.items():
            CHECKED[k] += v
    return total


CHECKED = defaultdict(int)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("run_dir")
    ap.add_argument("--summary", help="the CLI's stdout of the run")
    ap.add_argument("--policy", action="append", help="only these policies (run.json's name)")
    ap.add_argument("--counts", action="store_true", help="print how many claims of each kind were checked (JSON)")
    a = ap.parse_args()
    lines = open(a.summary, encoding="utf-8").read().splitlines() if a.summary else []
    n = audit(a.run_dir, lines, a.policy)
    if a.counts:
        print(json.dumps(dict(sorted(CHECKED.items()))))
    sys.exit(1 if n else 0)


if __name__ == "__main__":
    main()
