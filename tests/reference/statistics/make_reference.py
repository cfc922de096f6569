"""Reference values for the drift statistics, computed with numpy/scipy.

Run once with Debian's python (numpy 1.24.2, scipy 1.10.1):
    /usr/bin/python3 tests/reference/statistics/make_reference.py
It writes tests/DriftCatcher.Core.Tests/Statistics/Reference/statistics.json, which the C# tests
read. Conventions (the issue's, stated here so the numbers are reproducible):
  numeric: non-finite values left out and counted as missing; edges = np.quantile(reference,
  np.linspace(0, 1, 11)) (linear), np.unique, outer edges open; bin = np.searchsorted(inner, v, 'left');
  PSI with zero proportions replaced by 0.0001; JS = scipy.spatial.distance.jensenshannon;
  KS = scipy.stats.ks_2samp(method='asymp'); Wasserstein = scipy.stats.wasserstein_distance,
  normed by np.std(reference) (ddof 0).
  categorical: union of categories; PSI/JS over proportions; scipy.stats.chi2_contingency(correction=False).
"""
import json
import math
import os

import numpy as np
from scipy import stats
from scipy.spatial.distance import jensenshannon

rng = np.random.default_rng(20261123)
OUT = os.path.join(os.path.dirname(__file__), "..", "..", "DriftCatcher.Core.Tests", "Statistics", "Reference", "statistics.json")


def enc(values):
    out = []
    for v in values:
        if v is None or (isinstance(v, float) and math.isnan(v)):
            out.append(None)
        elif isinstance(v, float) and math.isinf(v):
            out.append("inf" if v > 0 else "-inf")
        else:
            out.append(float(v))
    return out


def psi(p, q):
    p = np.where(p == 0, 0.0001, p)
    q = np.where(q == 0, 0.0001, q)
    return float(np.sum((q - p) * np.log(q / p)))


def unscale(x, exponent):
    """x * 2**exponent, exactly; inf where the product is beyond the largest double."""
    try:
        return math.ldexp(float(x), exponent)
    except OverflowError:
        return math.inf if x > 0 else -math.inf


def numeric_case(name, ref, cur, exponent=0):
    """With exponent k, numpy/scipy see the samples divided by a power of two (exact), and the edges, the
    distance and the deviation are multiplied back; PSI, JS, KS and the normed distance do not change under
    the scaling. For k > 0 (values near ±1.8e308) the quantiles and the distance see the samples divided by 4,
    enough that no difference overflows while values near 1 keep every bit, and the deviation sees them
    divided by 2**k, so that no square overflows. For k < 0 (tiny values) only the deviation is scaled, so
    that no square underflows."""
    ref = np.asarray(ref, dtype=float)
    cur = np.asarray(cur, dtype=float)
    r = ref[np.isfinite(ref)]
    c = cur[np.isfinite(cur)]
    spread = 2 if exponent > 0 else 0
    rs = np.ldexp(r, -spread)
    cs = np.ldexp(c, -spread)
    edges = np.unique(np.quantile(rs, np.linspace(0, 1, 11)))
    inner = edges[1:-1]
    rb = np.bincount(np.searchsorted(inner, rs, side="left"), minlength=len(inner) + 1)
    cb = np.bincount(np.searchsorted(inner, cs, side="left"), minlength=len(inner) + 1)
    p = rb / len(r)
    q = cb / len(c)
    ks = stats.ks_2samp(rs, cs, method="asymp")
    w_scaled = stats.wasserstein_distance(rs, cs)
    sd_scaled = np.std(np.ldexp(r, -exponent))
    w = unscale(w_scaled, spread)
    sd = unscale(sd_scaled, exponent)
    return {
        "name": name,
        "reference": enc(ref.tolist()),
        "current": enc(cur.tolist()),
        "inner_edges": [unscale(e, spread) for e in inner],
        "reference_bins": rb.tolist(),
        "current_bins": cb.tolist(),
        "missing_reference": int(len(ref) - len(r)),
        "missing_current": int(len(cur) - len(c)),
        "psi": psi(p, q),
        "jensen_shannon": float(jensenshannon(p, q)),
        "ks_statistic": float(ks.statistic),
        "ks_p_value": float(ks.pvalue),
        "wasserstein": enc([w])[0],
        "wasserstein_normed": unscale(w_scaled / sd_scaled, spread - exponent) if sd_scaled > 0 else None,
        "std_reference": float(sd),
    }


def categorical_case(name, ref, cur):
    rv = [v for v in ref if v is not None]
    cv = [v for v in cur if v is not None]
    union = list(dict.fromkeys(rv + cv))
    rc = np.array([rv.count(u) for u in union])
    cc = np.array([cv.count(u) for u in union])
    p = rc / rc.sum()
    q = cc / cc.sum()
    if len(union) > 1:
        chi2, pval, dof, _ = stats.chi2_contingency(np.vstack([rc, cc]), correction=False)
    else:
        chi2, pval, dof = 0.0, 1.0, 0
    seen = set(rv)
    unseen = list(dict.fromkeys(v for v in cv if v not in seen))
    return {
        "name": name,
        "reference": ref,
        "current": cur,
        "missing_reference": len(ref) - len(rv),
        "missing_current": len(cur) - len(cv),
        "psi": psi(p, q),
        "jensen_shannon": float(jensenshannon(p, q)),
        "chi2_statistic": float(chi2),
        "chi2_p_value": float(pval),
        "chi2_dof": int(dof),
        "unseen_categories": unseen,
    }


def with_missing(a, share, values=(np.nan, np.inf, -np.inf)):
    a = np.array(a, dtype=float)
    idx = rng.choice(len(a), int(len(a) * share), replace=False)
    a[idx] = rng.choice(values, len(idx))
    return a


numeric = [
    numeric_case("normal_shift", rng.normal(0, 1, 1000), rng.normal(0.3, 1, 800)),
    numeric_case("normal_same", rng.normal(5, 2, 1200), rng.normal(5, 2, 900)),
    numeric_case("lognormal_body_shift", rng.lognormal(0, 1, 1500), rng.lognormal(0.2, 1, 1200)),
    numeric_case("pareto_tail", rng.pareto(1.5, 1000) + 1, rng.pareto(1.1, 700) + 1),
    numeric_case("discrete_ties", rng.poisson(3, 1000), rng.poisson(3.5, 900)),
    numeric_case("duplicate_edges", np.where(rng.random(1000) < 0.7, 0.0, rng.exponential(1, 1000)),
                 np.where(rng.random(600) < 0.5, 0.0, rng.exponential(1, 600))),
    numeric_case("constant_reference", np.full(200, 3.0), rng.normal(3, 1, 150)),
    numeric_case("values_on_edges", np.arange(0, 101, dtype=float), np.repeat(np.arange(0, 101, 10, dtype=float), 3)),
    numeric_case("tiny_5_vs_4", [1.0, 2.0, 3.0, 4.0, 5.0], [2.5, 3.5, 6.0, 7.0]),
    numeric_case("tiny_7_vs_3", [0.1, 0.4, 0.2, 0.9, 0.5, 0.3, 0.8], [0.6, 1.5, 1.2]),
    numeric_case("non_finite", with_missing(rng.normal(0, 1, 500), 0.1), with_missing(rng.normal(0.5, 1, 400), 0.2)),
    numeric_case("identical", np.arange(50, dtype=float), np.arange(50, dtype=float)),
    numeric_case("medium_n_stephens", rng.normal(0, 1, 3000), rng.normal(0.05, 1, 2000)),
    numeric_case("small_n_exact", rng.normal(0, 1, 60), rng.normal(0.4, 1, 40)),
    numeric_case("negative_and_zero", np.concatenate([rng.normal(-2, 1, 300), np.zeros(50), -np.zeros(50)]),
                 np.concatenate([rng.normal(-1.5, 1, 200), np.zeros(20)])),
]

# Magnitudes where plain arithmetic overflows or underflows (a sentinel of ±DBL_MAX, a unit of 1e-300): the
# statistics come from the scaled samples (see numeric_case), with their own generator so the cases above and
# below keep their draws.
extreme = np.random.default_rng(20261129)
MAX = np.finfo(float).max
numeric += [
    numeric_case("huge_normal_with_sentinels",
                 np.concatenate([extreme.normal(0, 1, 600) * 1e307, [MAX, -MAX, 1e308]]),
                 np.concatenate([extreme.normal(0.4, 1.2, 500) * 1e307, [MAX, -MAX, -MAX]]), 1023),
    numeric_case("huge_two_points", np.where(extreme.random(500) < 0.5, -1.7e308, 1.7e308),
                 np.where(extreme.random(400) < 0.35, -1.7e308, 1.7e308), 1023),
    numeric_case("huge_distance_beyond_max",
                 np.concatenate([np.full(90, -1.7e308), np.full(10, 1.7e308), extreme.normal(0, 1, 20) * 1e306]),
                 np.concatenate([np.full(80, 1.7e308), extreme.normal(1.6e308, 1e306, 20)]), 1023),
    numeric_case("huge_among_small", np.concatenate([extreme.normal(0, 1, 700), [1e308, -1e308]]),
                 np.concatenate([extreme.normal(0.2, 1, 600), [1.5e308]]), 1023),
    numeric_case("tiny_normal", extreme.normal(0, 1, 500) * 1e-300, extreme.normal(0.3, 1, 400) * 1e-300, -997),
]

cats = ["tcp", "udp", "icmp"]
categorical = [
    categorical_case("shift", list(rng.choice(cats, 1000, p=[0.6, 0.3, 0.1])), list(rng.choice(cats, 800, p=[0.45, 0.4, 0.15]))),
    categorical_case("same", list(rng.choice(cats, 900, p=[0.5, 0.3, 0.2])), list(rng.choice(cats, 700, p=[0.5, 0.3, 0.2]))),
    categorical_case("unseen", list(rng.choice(cats, 600, p=[0.6, 0.3, 0.1])),
                     list(rng.choice(cats + ["gre", "sctp"], 500, p=[0.5, 0.3, 0.1, 0.06, 0.04]))),
    categorical_case("with_missing", [None if rng.random() < 0.1 else str(v) for v in rng.choice(["a", "b"], 400)],
                     [None if rng.random() < 0.3 else str(v) for v in rng.choice(["a", "b"], 300, p=[0.7, 0.3])]),
    categorical_case("single_category", ["x"] * 30, ["x"] * 20),
    categorical_case("reference_category_absent_now", list(rng.choice(cats, 500)), list(rng.choice(["tcp", "udp"], 300))),
]
for c in categorical:
    c["reference"] = [None if v is None else str(v) for v in c["reference"]]
    c["current"] = [None if v is None else str(v) for v in c["current"]]

# Kolmogorov distribution points for the p-value function alone (scipy.stats.kstwo.sf(d, n)).
kstwo = []
for n in [1, 2, 3, 5, 10, 40, 100, 250, 400, 401, 1000, 100000]:
    for d in [0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 0.8]:
        kstwo.append({"n": n, "d": d, "sf": float(stats.kstwo.sf(d, n))})

chi2_critical = [{"alpha": a, "dof": k, "value": float(stats.chi2.isf(a, k))}
                 for a in [0.05, 0.05 / 80, 1e-6] for k in [1, 2, 5, 30]]

with open(OUT, "w") as f:
    json.dump({"numeric": numeric, "categorical": categorical, "kstwo": kstwo, "chi2_critical": chi2_critical}, f, separators=(",", ":"))
print("wrote", os.path.normpath(OUT), os.path.getsize(OUT), "bytes")
