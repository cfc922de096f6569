"""Monte Carlo of the agent's batch rules on binomial streams (docs/agent.md, "Crying wolf").

Usage: python3 bench/sim/batch_rules.py   (numpy, scipy; about 45 s)

Each stream: 50 batches of n rows; accuracy p0, or p0 - slope * (b - onset + 1) from the onset on.
Labels of batch b are visible at tick b + 2 (D = 2). The rule at each tick (the agent's defaults):
a batch is worse when its drop below the baseline is >= the floor (min(0.04, max(0.01, error rate)))
and its z >= threshold; sustained = the newest batch at z >= 4, or 2 of the last 3 at z >= 2.
Variants: the baseline from the first 2 batches and the one-sample z ("before"), or pooled with
1 000 validation rows and up to 10 batches with the two-proportion z ("after"); optionally a
sustained-drop scan (pooled z of the last 2..6 batches >= 4 with half the floor), not built.
Prints the share of stable streams with a false alarm and the median delay to detect a drift.

Second part (session 12, needs scipy): 200-batch stable streams and drifts on small batches, the rules of
session 11 against the exact-tail and pooled rules (docs/agent.md, "Small batches, fixed"): every z towards
persistence capped by the exact binomial tail at the baseline's error rate, 2-of-3 also needs the flagged
batches pooled at z >= 3.5, a batch alone needs z >= 4 by the normal test and 3.5 by the tail.
Third variant (session 13, measured and not built: it catches marginal drifts later, docs/agent.md "Small batches,
session 13"): the same, with the baseline's own sampling error in the exact tail (the beta-binomial predictive of the
batch's errors given the baseline's errors in its rows, instead of the binomial at its rate).
"""
import numpy as np
from scipy.stats import betabinom, binom, norm

rng = np.random.default_rng(7)


def z_of(kind, p0, pb, n, n0):
    if kind == "two-proportion":
        pp = (p0 * n0 + pb * n) / (n0 + n)
        return (p0 - pb) / np.sqrt(max(pp * (1 - pp), 1e-6) * (1 / n + 1 / n0))
    return (p0 - pb) / np.sqrt(max(p0 * (1 - p0), 0.0025) / n)


def baseline_at(c, n, last, bmax, val, vc):
    """The level at the tick that sees batch `last`: up to bmax first batches pooled with the validation rows."""
    b = min(last + 1, bmax)
    n0 = n * b + val
    base = (c[:b].sum() + vc) / n0
    return base, n0, min(0.04, max(0.01, 1 - base))


def first_alarm(c, n, kind, bmax, val, vc, scan):
    batches = len(c)
    acc = c / n
    for t in range(batches):
        last = t - 2
        if last < 2:
            continue
        base, n0, floor = baseline_at(c, n, last, bmax, val, vc)

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


def exact_z(p0, correct, n, n0=0):
    # n0 > 0 (session 13, not built): the baseline's error rate is known from n0 rows only; the tail is the
    # beta-binomial predictive (Jeffreys prior).
    errors = n - correct
    if errors <= 0:
        return -np.inf
    rate = max(1 - p0, 0.0025)
    if n0 > 0:
        tail = betabinom.sf(errors - 1, n, rate * n0 + 0.5, (1 - rate) * n0 + 0.5)
    else:
        tail = binom.sf(errors - 1, n, rate)
    return -norm.ppf(tail) if tail > 0 else np.inf


def first_alarm_small(c, n, new, bmax=10, val=1000, vc=0):
    acc = c / n
    for t in range(len(c)):
        last = t - 2
        if last < 2:
            continue
        base, n0, floor = baseline_at(c, n, last, bmax, val, vc)

        def z(correct, rows, exact):
            zz = z_of("two-proportion", base, correct / rows, rows, n0)
            return min(zz, exact_z(base, correct, rows, n0 if new == "beta-binomial" else 0)) if exact else zz

        def bad(i, zz, exact=new):
            return base - acc[i] >= floor and z(c[i], n, exact) >= zz

        if bad(last, 4, exact=False) and (not new or bad(last, 3.5)):
            return t
        flagged = [i for i in range(max(0, last - 2), last + 1) if bad(i, 2)]
        if len(flagged) >= 2 and (not new or z(c[flagged].sum(), n * len(flagged), True) >= 3.5):
            return t
    return None


def run_small(p0, n, drop, onset, batches, new, reps=300):
    r = np.random.default_rng(11)
    hits = []
    for _ in range(reps):
        p = np.array([p0 - drop if b >= onset else p0 for b in range(batches)])
        c = r.binomial(n, p)
        hits.append(first_alarm_small(c, n, new, vc=r.binomial(1000, p0)))
    found = [h for h in hits if h is not None]
    if drop == 0:
        return f"false alarms {len(found) / len(hits):.3f}"
    delays = [h - onset for h in found]
    return f"detected {len(found) / len(hits):.2f}, median delay {np.median(delays) if delays else None}"


SMALL = [
    ("stable 0.93, 20 rows, 200 batches", (0.93, 20, 0, 0, 200)),
    ("stable 0.93, 50 rows, 200 batches", (0.93, 50, 0, 0, 200)),
    ("stable 0.93, 100 rows, 200 batches", (0.93, 100, 0, 0, 200)),
    ("stable 0.93, 500 rows, 200 batches", (0.93, 500, 0, 0, 200)),
    ("stable 0.87, 500 rows, 200 batches", (0.87, 500, 0, 0, 200)),
    ("stable 0.99, 500 rows, 200 batches", (0.99, 500, 0, 0, 200)),
    ("sudden 0.93 -> 0.85, 100 rows", (0.93, 100, 0.08, 25, 50)),
    ("sudden 0.93 -> 0.88, 100 rows", (0.93, 100, 0.05, 25, 50)),
    ("sudden 0.93 -> 0.83, 20 rows", (0.93, 20, 0.10, 25, 50)),
    ("sudden 0.93 -> 0.73, 20 rows", (0.93, 20, 0.20, 25, 50)),
    ("sudden 0.87 -> 0.79, 500 rows", (0.87, 500, 0.08, 25, 50)),
    ("sudden 0.99 -> 0.97, 500 rows", (0.99, 500, 0.02, 25, 50)),
]
for name, new in [("session 11 rules", False), ("exact tail + pooled (session 12)", True),
                  ("+ the baseline's rows in the exact tail (session 13)", "beta-binomial")]:
    print(name)
    for label, args in SMALL:
        print(f"  {label:36s} {run_small(*args, new)}")
