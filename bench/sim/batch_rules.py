"""Monte Carlo of the agent's batch rules on binomial streams (docs/agent.md, "Crying wolf").

Usage: python3 bench/sim/batch_rules.py   (numpy; about 20 s)

Each stream: 50 batches of n rows; accuracy p0, or p0 - slope * (b - onset + 1) from the onset on.
Labels of batch b are visible at tick b + 2 (D = 2). The rule at each tick (the agent's defaults):
a batch is worse when its drop below the baseline is >= the floor (min(0.04, max(0.01, error rate)))
and its z >= threshold; sustained = the newest batch at z >= 4, or 2 of the last 3 at z >= 2.
Variants: the baseline from the first 2 batches and the one-sample z ("before"), or pooled with
1 000 validation rows and up to 10 batches with the two-proportion z ("after"); optionally a
sustained-drop scan (pooled z of the last 2..6 batches >= 4 with half the floor), not built.
Prints the share of stable streams with a false alarm and the median delay to detect a drift.
"""
import numpy as np

rng = np.random.default_rng(7)


def z_of(kind, p0, pb, n, n0):
    if kind == "two-proportion":
        pp = (p0 * n0 + pb * n) / (n0 + n)
        return (p0 - pb) / np.sqrt(max(pp * (1 - pp), 1e-6) * (1 / n + 1 / n0))
    return (p0 - pb) / np.sqrt(max(p0 * (1 - p0), 0.0025) / n)


def first_alarm(c, n, kind, bmax, val, vc, scan):
    batches = len(c)
    acc = c / n
    for t in range(batches):
        last = t - 2
        if last < 2:
            continue
        b = min(last + 1, bmax)
        n0 = n * b + val
        base = (c[:b].sum() + vc) / n0
        floor = min(0.04, max(0.01, 1 - base))

        def bad(i, zz):
            return base - acc[i] >= floor and z_of(kind, base, acc[i], n, n0) >= zz

        if bad(last, 4) or sum(bad(i, 2) for i in range(max(0, last - 2), last + 1)) >= 2:
            return t
        if scan:
            for m in range(2, 7):
                lo = last - m + 1
                if lo < 0:
                    break
                pooled = c[lo:last + 1].sum() / (n * m)
                if base - pooled >= floor / 2 and z_of(kind, base, pooled, n * m, n0) >= 4:
                    return t
    return None


def run(p0, n, slope, onset, kind, bmax, val, scan=False, reps=400):
    hits = []
    for _ in range(reps):
        p = np.array([p0 - (slope * (b - onset + 1) if b >= onset else 0) for b in range(50)])
        c = rng.binomial(n, np.clip(p, 0, 1))
        vc = rng.binomial(val, p0) if val else 0
        hits.append(first_alarm(c, n, kind, bmax, val, vc, scan))
    found = [h for h in hits if h is not None]
    if slope == 0:
        return f"false alarms {len(found) / reps:.3f}"
    delays = [h - onset for h in found]
    return f"detected {len(found) / reps:.2f}, median delay {np.median(delays) if delays else None}"


VARIANTS = {
    "before": dict(kind="one-sample", bmax=2, val=0),
    "after": dict(kind="two-proportion", bmax=10, val=1000),
    "after + scan": dict(kind="two-proportion", bmax=10, val=1000, scan=True),
}
CASES = [
    ("stable 0.87, 500 rows", (0.87, 500, 0, 0)),
    ("stable 0.99, 500 rows", (0.99, 500, 0, 0)),
    ("stable 0.95, 200 rows", (0.95, 200, 0, 0)),
    ("slow drift 0.87, -0.003/batch", (0.87, 500, 0.003, 15)),
    ("slow drift 0.99, -0.0013/batch", (0.99, 500, 0.0013, 15)),
    ("sudden 0.87 -> 0.79", (0.87, 500, 0.08, 25)),
    ("sudden 0.99 -> 0.97", (0.99, 500, 0.02, 25)),
]
for name, v in VARIANTS.items():
    print(name)
    for label, args in CASES:
        print(f"  {label:32s} {run(*args, **v)}")
