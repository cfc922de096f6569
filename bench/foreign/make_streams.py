#!/usr/bin/python3
"""Hand-made ("foreign") TRAIN.csv / STREAM.csv pairs, shaped like what a user hands to
`driftcatcher twin replay`, built without any DriftCatcher generator.

usage: /usr/bin/python3 bench/foreign/make_streams.py OUT [--seeds 1,2,3] [--cases stable,...]

Writes OUT/<case>-s<seed>/{train.csv,stream.csv,meta.json}. meta.json holds the ground truth the
evaluation needs: family, case, label column, onset (first batch whose rows differ from training in
a way that matters), fault end, the column that moves.

Three families of data, chosen by seed ((seed - 1) % 3), so every case is seen on each family:
  fraud: string label fraud/ok, 9 features (amount log-normal, score 0-1, n_tx counts, balance in
         thousands, age integer, hour integer, country and device strings)
  churn: 0/1 integer label, 7 features (tenure months, monthly charge, usage_gb log-normal,
         support_calls counts, satisfaction 0-1, plan and region strings)
  tier:  three classes low/mid/high, 6 features (income in thousands, debt ratio 0-1, accounts
         count, utilization 0-1, segment and channel strings)
Each label is a nonlinear rule of a few features, with 5-9 % of labels flipped to another class.
Cases: stable, harmless (a column the rule ignores moves a lot), unit (an important numeric column
x1000 or /100 for 5-10 batches, then back), sudden (the rule changes), gradual (old and new rule mixed
with a growing share), incremental (the rule's threshold moves every batch for 15-20 batches),
newclass (a new category value appears and carries a different label).
Only numpy; deterministic per (case, seed).
"""
import json
import os
import sys

import numpy as np

CASES = ["stable", "harmless", "unit", "sudden", "gradual", "incremental", "newclass"]
FAMILIES = ["fraud", "churn", "tier"]


# ---------------------------------------------------------------- feature generators

def fraud_features(rng, n, new_country_share=0.0):
    countries = np.array(["US", "DE", "FR", "BR", "IN"])
    country = countries[rng.choice(5, size=n, p=[0.4, 0.2, 0.15, 0.15, 0.1])]
    if new_country_share > 0:
        new = rng.random(n) < new_country_share
        country = country.astype(object)
        country[new] = "NG"
    device = np.array(["mobile", "desktop", "tablet"])[rng.choice(3, size=n, p=[0.55, 0.35, 0.1])]
    return {
        "amount": np.round(rng.lognormal(4.0, 1.1, n), 2),        # currency, heavy tail
        "score": np.round(rng.random(n), 4),                       # 0..1
        "n_tx": rng.poisson(3.0, n),                               # integer counts
        "balance": np.round(rng.normal(5000, 2000, n), 2),         # thousands
        "age": rng.integers(18, 81, n),                            # integer
        "hour": rng.integers(0, 24, n),                            # integer, irrelevant
        "country": country,
        "device": device,
    }


def fraud_label(f, rng, concept=0.0, threshold_shift=0.0):
    """concept 0: large amount with a high score, or many transactions from mobile in BR.
    concept 1 (sudden/gradual): the score no longer matters, young customers with many
    transactions do. threshold_shift moves concept 0's threshold (incremental drift)."""
    la = np.log(f["amount"])
    if concept == 0:
        z = (la - 4.0) * 1.2 + (f["score"] - 0.5) * 4.0 + 1.5 * (la > 5.0) * (f["score"] > 0.6)
        z = z + 2.5 * ((f["country"] == "BR") & (f["n_tx"] >= 5) & (f["device"] == "mobile"))
        y = z > 1.6 + threshold_shift
    else:
        z = (f["n_tx"] - 3.0) * 0.9 + (35 - f["age"]) * 0.06 + (la - 4.0) * 0.5
        y = z > 1.0
    if "country" in f:
        y = y | ((f["country"] == "NG") & (f["amount"] > 30))
    return y


def churn_features(rng, n, new_plan_share=0.0):
    plans = np.array(["basic", "plus", "premium"])
    plan = plans[rng.choice(3, size=n, p=[0.5, 0.3, 0.2])].astype(object)
    if new_plan_share > 0:
        plan[rng.random(n) < new_plan_share] = "family"
    region = np.array(["north", "south", "east", "west"])[rng.choice(4, size=n)]
    return {
        "tenure_months": rng.integers(1, 73, n),
        "monthly_charge": np.round(rng.uniform(15, 120, n), 2),
        "usage_gb": np.round(rng.lognormal(2.5, 0.8, n), 3),
        "support_calls": rng.poisson(1.2, n),
        "satisfaction": np.round(rng.beta(4, 2, n), 4),
        "plan": plan,
        "region": region,
    }


def churn_label(f, rng, concept=0.0, threshold_shift=0.0):
    if concept == 0:
        z = (f["support_calls"] * 0.8 + (0.6 - f["satisfaction"]) * 5.0
             + (f["monthly_charge"] > 80) * (f["tenure_months"] < 24) * 1.8 - f["tenure_months"] / 40.0)
        y = z > 0.8 + threshold_shift
    else:
        z = (np.log(f["usage_gb"]) - 2.5) * -2.0 + (f["plan"] == "basic") * 1.2 + f["support_calls"] * 0.3
        y = z > 1.3
    y = y | ((f["plan"] == "family") & (f["support_calls"] >= 1))
    return y


def tier_features(rng, n, new_segment_share=0.0):
    seg = np.array(["retail", "smb", "corp"])[rng.choice(3, size=n, p=[0.6, 0.3, 0.1])].astype(object)
    if new_segment_share > 0:
        seg[rng.random(n) < new_segment_share] = "gov"
    return {
        "income": np.round(rng.lognormal(10.8, 0.5, n), 0),        # tens of thousands
        "debt_ratio": np.round(rng.beta(2, 5, n), 4),
        "accounts": rng.poisson(2.0, n) + 1,
        "utilization": np.round(rng.random(n), 4),
        "segment": seg,
        "channel": np.array(["web", "branch", "phone"])[rng.choice(3, size=n)],
    }


def tier_label(f, rng, concept=0.0, threshold_shift=0.0):
    """0 low, 1 mid, 2 high (returned as an int code, written as a string)."""
    if concept == 0:
        z = (np.log(f["income"]) - 10.8) * 2.0 - f["debt_ratio"] * 3.0 + 0.3 * f["accounts"] \
            + (f["segment"] == "corp") * 1.0 - (f["utilization"] > 0.8) * 1.2
        cuts = (-0.4 + threshold_shift, 0.9 + threshold_shift)
    else:
        z = f["utilization"] * 3.0 - f["debt_ratio"] * 2.0 + (f["channel"] == "branch") * 1.0
        cuts = (0.6, 1.6)
    y = (z > cuts[0]).astype(int) + (z > cuts[1]).astype(int)
    y = np.where(f["segment"] == "gov", 2, y)
    return y


FAMILY = {
    "fraud": dict(features=fraud_features, label=fraud_label, label_col="is_fraud",
                  classes=["ok", "fraud"], harmless="hour", unit=("amount", 1000.0),
                  noise=0.06, incr_step=0.09),
    "churn": dict(features=churn_features, label=churn_label, label_col="churned",
                  classes=[0, 1], harmless="region_code_dummy", unit=("tenure_months", 0.01),
                  noise=0.07, incr_step=0.08),
    "tier": dict(features=tier_features, label=tier_label, label_col="tier",
                 classes=["low", "mid", "high"], harmless="channel", unit=("income", 1000.0),
                 noise=0.06, incr_step=0.07),
}


def noisy(y, rng, noise, k):
    """Flip a share `noise` of labels to another class (k classes)."""
    y = np.asarray(y).astype(int)
    flip = rng.random(len(y)) < noise
    y = y.copy()
    y[flip] = (y[flip] + rng.integers(1, k, flip.sum())) % k
    return y


# ---------------------------------------------------------------- writing

def fmt(v):
    if isinstance(v, (float, np.floating)):
        s = repr(float(v))
        return s[:-2] if s.endswith(".0") else s
    return str(v)


def write_csv(path, cols, data, n):
    with open(path, "w", newline="\n") as fh:
        fh.write(",".join(cols) + "\n")
        arrays = [data[c] for c in cols]
        for i in range(n):
            fh.write(",".join(fmt(a[i]) for a in arrays) + "\n")


def make(case, seed, out):
    fam_name = FAMILIES[(seed - 1) % 3]
    fam = FAMILY[fam_name]
    rng = np.random.default_rng(1000 * seed + CASES.index(case))
    k = len(fam["classes"])
    batches = int(rng.integers(30, 61))
    batch_size = int(rng.choice([200, 400, 800, 1500]))
    train_rows = int(rng.choice([3000, 4000, 6000]))
    onset = int(rng.integers(int(batches * 0.35), int(batches * 0.5) + 1))
    meta = dict(family=fam_name, case=case, seed=seed, batches=batches, batch_size=batch_size,
                train_rows=train_rows, label_col=fam["label_col"], classes=[str(c) for c in fam["classes"]])

    # harmless column: churn has none the rule ignores except region; add an extra numeric that is pure noise
    def features(n, **kw):
        f = fam["features"](rng, n, **kw)
        if fam_name == "churn":
            f["region_code_dummy"] = np.round(rng.normal(50, 10, n), 2)   # a score nobody uses
        return f

    tr = features(train_rows)
    ytr = noisy(fam["label"](tr, rng), rng, fam["noise"], k)
    feat_cols = list(tr.keys())
    if fam_name == "fraud":
        feat_cols = ["amount", "score", "n_tx", "balance", "age", "hour", "country", "device"]
    tr[fam["label_col"]] = np.array(fam["classes"], dtype=object)[ytr]
    write_dir = os.path.join(out, f"{case}-s{seed}")
    os.makedirs(write_dir, exist_ok=True)
    write_csv(os.path.join(write_dir, "train.csv"), feat_cols + [fam["label_col"]], tr, train_rows)

    rows = {c: [] for c in ["batch"] + feat_cols + [fam["label_col"]]}
    fault_end = None
    incr_len = int(rng.integers(15, 21))
    grad_len = int(rng.integers(8, 13))
    unit_len = int(rng.integers(5, 11))
    for b in range(batches):
        new_share = 0.0
        if case == "newclass" and b >= onset:
            new_share = 0.2
        f = features(batch_size, **({"new_country_share": new_share} if fam_name == "fraud" else
                                     {"new_plan_share": new_share} if fam_name == "churn" else
                                     {"new_segment_share": new_share}))
        if case == "sudden" and b >= onset:
            y = fam["label"](f, rng, concept=1)
        elif case == "gradual" and b >= onset:
            share = min(1.0, (b - onset + 1) / grad_len)
            y0 = fam["label"](f, rng, concept=0)
            y1 = fam["label"](f, rng, concept=1)
            y = np.where(rng.random(batch_size) < share, y1, y0)
        elif case == "incremental" and b >= onset:
            steps = min(b - onset + 1, incr_len)
            y = fam["label"](f, rng, concept=0, threshold_shift=fam["incr_step"] * steps * (1 if fam_name != "churn" else -1))
        else:
            y = fam["label"](f, rng, concept=0)
        y = noisy(y, rng, fam["noise"], k)
        # after labeling: shifts and faults of the inputs
        if case == "harmless" and b >= onset:
            col = fam["harmless"]
            if col == "hour":
                f[col] = rng.integers(0, 6, batch_size)  # night traffic only
            elif col == "channel":
                f[col] = np.array(["web", "branch", "phone", "app"])[rng.choice(4, size=batch_size, p=[0.1, 0.05, 0.05, 0.8])]
            else:
                f[col] = np.round(f[col] * 3 + 100, 2)
        if case == "unit" and onset <= b < onset + unit_len:
            col, factor = fam["unit"]
            f[col] = np.round(f[col] * factor, 4) if factor < 1 else f[col] * factor
        n = batch_size
        rows["batch"].extend([b] * n)
        for c in feat_cols:
            rows[c].extend(list(f[c]))
        rows[fam["label_col"]].extend(list(np.array(fam["classes"], dtype=object)[y]))
    total = batches * batch_size
    data = {c: np.array(v, dtype=object) for c, v in rows.items()}
    write_csv(os.path.join(write_dir, "stream.csv"), ["batch"] + feat_cols + [fam["label_col"]], data, total)

    if case != "stable":
        meta["onset"] = onset
    if case == "unit":
        meta["fault_end"] = onset + unit_len - 1
        meta["fault_column"], meta["fault_factor"] = fam["unit"]
    if case == "harmless":
        meta["shifted_column"] = fam["harmless"]
    if case == "incremental":
        meta["drift_end"] = onset + incr_len - 1
    if case == "gradual":
        meta["drift_end"] = onset + grad_len - 1
    with open(os.path.join(write_dir, "meta.json"), "w") as fh:
        json.dump(meta, fh, indent=1)
    return write_dir, meta


def main(argv):
    out = argv[1]
    seeds = [1, 2, 3]
    cases = CASES
    i = 2
    while i < len(argv):
        if argv[i] == "--seeds":
            seeds = [int(s) for s in argv[i + 1].split(",")]
            i += 2
        elif argv[i] == "--cases":
            cases = argv[i + 1].split(",")
            i += 2
        else:
            sys.exit(f"unknown argument {argv[i]}")
    for seed in seeds:
        for case in cases:
            d, m = make(case, seed, out)
            print(f"{d}: {m['family']} {m['batches']}x{m['batch_size']} onset {m.get('onset', '-')}")


if __name__ == "__main__":
    main(sys.argv)
