"""Writes a large network-flow-like reference/current pair for the end-to-end CLI comparison.

    /usr/bin/python3 bench/compare/make_flows.py [ROWS] [OUT_DIR]   (defaults: 200000 /tmp)

80 feature columns (77 numeric, 3 categorical) plus 'Label'; the current file shifts a quarter of the
numeric columns. The files are not committed (about 2 x 150 MB).
"""
import os
import sys

import numpy as np
import pandas as pd

rows = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
out = sys.argv[2] if len(sys.argv) > 2 else "/tmp"
rng = np.random.default_rng(7)


def frame(shift):
    cols = {}
    for f in range(77):
        s = shift if f % 4 == 0 else 0.0
        kind = f % 5
        if kind == 0:
            x = np.exp(rng.normal(s, 2, rows)).round(3)
        elif kind == 1:
            x = np.floor(rng.exponential(5 * (1 + s), rows))
        elif kind == 2:
            x = rng.normal(s, 1, rows).round(6)
        elif kind == 3:
            x = (1e3 * (1 - rng.random(rows)) ** -0.7).round(2)
            x[rng.random(rows) < 0.02] = np.nan
        else:
            x = rng.integers(0, 2, rows).astype(float)
        cols[f"f{f:02d}"] = x
    for c in range(3):
        p = np.array([0.6, 0.25, 0.1, 0.05])
        if shift:
            p = np.array([0.45, 0.3, 0.15, 0.1])
        cols[f"proto{c}"] = rng.choice(["TCP", "UDP", "ICMP", "GRE"], rows, p=p)
    cols["Label"] = rng.choice(["BENIGN", "DDoS"], rows, p=[0.8, 0.2])
    return pd.DataFrame(cols)


frame(0.0).to_csv(os.path.join(out, "drift_ref.csv"), index=False)
frame(0.3).to_csv(os.path.join(out, "drift_cur.csv"), index=False)
print("wrote", os.path.join(out, "drift_ref.csv"), "and drift_cur.csv,", rows, "rows each")
