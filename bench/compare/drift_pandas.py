"""pandas + scipy doing what `driftcatcher drift` does, for the end-to-end speed comparison.

    /usr/bin/python3 bench/compare/drift_pandas.py REF.csv CUR.csv [LABEL] > out.json

Same conventions as the CLI (see docs/drift.md and tests/reference/statistics/make_reference.py):
decile bins from the reference, PSI with 0.0001 for empty bins, scipy's jensenshannon, ks_2samp
(method="asymp"), wasserstein_distance and its ratio to np.std; chi2_contingency(correction=False)
for text columns. It computes the statistics only (no drift decision), so it does less work than the CLI.
"""
import json
import sys

import numpy as np
import pandas as pd
from scipy import stats
from scipy.spatial.distance import jensenshannon


def psi(p, q):
    p = np.where(p == 0, 0.0001, p)
    q = np.where(q == 0, 0.0001, q)
    return float(np.sum((q - p) * np.log(q / p)))


def numeric(r, c):
    r = r[np.isfinite(r)]
    c = c[np.isfinite(c)]
    inner = np.unique(np.quantile(r, np.linspace(0, 1, 11)))[1:-1]
    p = np.bincount(np.searchsorted(inner, r, side="left"), minlength=len(inner) + 1) / len(r)
    q = np.bincount(np.searchsorted(inner, c, side="left"), minlength=len(inner) + 1) / len(c)
    ks = stats.ks_2samp(r, c, method="asymp")
    w = stats.wasserstein_distance(r, c)
    sd = np.std(r)
    return {"type": "numeric", "psi": psi(p, q), "jensen_shannon": float(jensenshannon(p, q)),
            "ks_statistic": float(ks.statistic), "ks_p_value": float(ks.pvalue),
            "wasserstein": float(w), "wasserstein_normed": float(w / sd) if sd > 0 else None}


def categorical(r, c):
    rc = r.dropna().value_counts()
    cc = c.dropna().value_counts()
    union = list(dict.fromkeys(list(rc.index) + list(cc.index)))
    a = np.array([rc.get(u, 0) for u in union])
    b = np.array([cc.get(u, 0) for u in union])
    chi2, pval, _, _ = stats.chi2_contingency(np.vstack([a, b]), correction=False)
    return {"type": "categorical", "psi": psi(a / a.sum(), b / b.sum()),
            "jensen_shannon": float(jensenshannon(a / a.sum(), b / b.sum())),
            "chi2_statistic": float(chi2), "chi2_p_value": float(pval),
            "unseen_categories": [u for u in union if rc.get(u, 0) == 0]}


def main():
    ref = pd.read_csv(sys.argv[1])
    cur = pd.read_csv(sys.argv[2])
    label = sys.argv[3] if len(sys.argv) > 3 else None
    features = []
    for name in ref.columns:
        if name == label:
            continue
        r, c = ref[name], cur[name]
        if pd.api.types.is_numeric_dtype(r) and pd.api.types.is_numeric_dtype(c):
            f = numeric(r.to_numpy(dtype=float), c.to_numpy(dtype=float))
        else:
            f = categorical(r.astype("string"), c.astype("string"))
        f["name"] = name
        features.append(f)
    json.dump({"reference_rows": len(ref), "current_rows": len(cur), "features": features}, sys.stdout)


main()
