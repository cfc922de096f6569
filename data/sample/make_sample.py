"""Writes the README demo pair: reference.csv (training-like) and current.csv (a later window).

    /usr/bin/python3 data/sample/make_sample.py

3,000 network-flow-like rows each. In current.csv 'Flow Duration' and 'Fwd Packet Length Mean' move,
'Protocol' shifts towards UDP and gains an unseen 'GRE', 'Flow Bytes/s' has more missing and infinite
values (as CICIDS2017 does); the other columns keep their distribution. 'Label' is the target.
"""
import os

import numpy as np
import pandas as pd

rng = np.random.default_rng(2017)
HERE = os.path.dirname(os.path.abspath(__file__))


def frame(n, current):
    duration = np.exp(rng.normal(9.5 + (0.8 if current else 0), 2.0, n)).round(0)
    fwd = rng.geometric(0.15, n)
    bwd = rng.geometric(0.2, n)
    fwd_len = np.abs(rng.normal(120 if current else 90, 40, n)).round(2)
    bytes_s = (fwd * fwd_len / np.maximum(duration, 1) * 1e6).round(3)
    bad = rng.random(n) < (0.06 if current else 0.01)
    bytes_s[bad] = rng.choice([np.nan, np.inf], bad.sum())
    syn = (rng.random(n) < 0.1).astype(int)
    port = rng.choice([80, 443, 53, 22, 8080], n, p=[0.3, 0.45, 0.15, 0.05, 0.05])
    protos = ["TCP", "UDP", "ICMP", "GRE"] if current else ["TCP", "UDP", "ICMP"]
    probs = [0.55, 0.33, 0.07, 0.05] if current else [0.75, 0.2, 0.05]
    label = rng.choice(["BENIGN", "DDoS", "PortScan"], n, p=[0.8, 0.12, 0.08])
    return pd.DataFrame({
        "Destination Port": port,
        "Flow Duration": duration,
        "Total Fwd Packets": fwd,
        "Total Backward Packets": bwd,
        "Fwd Packet Length Mean": fwd_len,
        "Flow Bytes/s": bytes_s,
        "SYN Flag Count": syn,
        "Protocol": rng.choice(protos, n, p=probs),
        "Label": label,
    })


frame(3000, False).to_csv(os.path.join(HERE, "reference.csv"), index=False)
frame(3000, True).to_csv(os.path.join(HERE, "current.csv"), index=False)
print("wrote", os.path.join(HERE, "reference.csv"), "and current.csv")
