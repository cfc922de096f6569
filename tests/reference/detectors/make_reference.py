#!/usr/bin/python3
"""Reference data for the streaming change detectors (DriftCatcher.Core.Detectors).

Run once with Debian's python (numpy 1.24.2, scipy 1.10.1):

    /usr/bin/python3 tests/reference/detectors/make_reference.py

It writes into tests/DriftCatcher.Core.Tests/Detectors/Reference/:

* river_stream_1.txt, river_stream_2.txt, river_stream_3.txt -- the three test streams of
  River's river/drift/test_drift_detectors.py, generated exactly as River generates them
  (np.random.seed(12345) before each one).
* adwin_doc_stream.txt -- the stream of the ADWIN docstring of River 0.11-0.14
  (randint(2) then randint(4, 8), seed 12345).
* no_change_bernoulli.txt -- 10,000 x Bernoulli(0.1), a stream without any change.
* mean_shift_up.txt / mean_shift_down.txt -- 1,000 x N(0, 0.5^2) then 1,000 x N(+-1, 0.5^2).
* variance_change.txt -- 1,000 x N(0, 1) then 1,000 x N(0, 3): same mean, other distribution.
* ks_2samp.json -- scipy.stats.ks_2samp (method="auto") statistics and p-values for pairs of
  equal-sized samples, the test KSWIN runs.
* python_random.json -- draws of Python's random.Random (Mersenne Twister), which KSWIN uses
  to pick its reference sample: getrandbits(32) and sample(range(n), k) for a few seeds.

The expected detection indices (river_expected.json) are not computed here: they are copied from
River's own tests (river/drift/test_drift_detectors.py), which is the independent reference.
"""

import json
import os
import random

import numpy as np
from scipy import stats

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "..", "DriftCatcher.Core.Tests", "Detectors", "Reference"))
os.makedirs(OUT, exist_ok=True)


def write_stream(name, values):
    with open(os.path.join(OUT, name), "w", encoding="ascii") as f:
        for v in values:
            if isinstance(v, (int, np.integer)):
                f.write(f"{int(v)}\n")
            else:
                f.write(f"{float(v)!r}\n")


# River's test streams, verbatim generation (numpy legacy global seed).
np.random.seed(12345)
stream_1 = np.concatenate((np.random.randint(2, size=1000), np.random.randint(8, size=1000)))

np.random.seed(12345)
stream_2 = np.concatenate(
    [
        [np.random.binomial(1, 0.2) for _ in range(1000)],
        [np.random.binomial(1, 0.8) for _ in range(1000)],
    ]
).astype(int)

np.random.seed(12345)
stream_3 = np.concatenate(
    (
        np.random.normal(0.0, 0.1, 500) > 0,
        np.random.normal(0.25, 0.1, 500) > 0,
        np.random.normal(0.0, 0.1, 500) > 0,
        np.random.normal(0.25, 0.1, 500) > 0,
    )
).astype(int)

np.random.seed(12345)
adwin_doc = np.concatenate((np.random.randint(2, size=1000), np.random.randint(4, high=8, size=1000)))

write_stream("river_stream_1.txt", stream_1)
write_stream("river_stream_2.txt", stream_2)
write_stream("river_stream_3.txt", stream_3)
write_stream("adwin_doc_stream.txt", adwin_doc)

# Streams of our own, each from its own seeded generator.
rng = np.random.default_rng(20261123)
write_stream("no_change_bernoulli.txt", rng.binomial(1, 0.1, size=10_000).astype(int))

rng = np.random.default_rng(7)
write_stream("mean_shift_up.txt", np.concatenate((rng.normal(0.0, 0.5, 1000), rng.normal(1.0, 0.5, 1000))))

rng = np.random.default_rng(8)
write_stream("mean_shift_down.txt", np.concatenate((rng.normal(0.0, 0.5, 1000), rng.normal(-1.0, 0.5, 1000))))

rng = np.random.default_rng(9)
write_stream("variance_change.txt", np.concatenate((rng.normal(0.0, 1.0, 1000), rng.normal(0.0, 3.0, 1000))))

# Two-sample Kolmogorov-Smirnov on equal-sized samples: continuous, tied integers, shifted.
rng = np.random.default_rng(99)
ks_cases = []
for n in (5, 10, 30, 100, 250):
    for kind in ("same", "shifted", "ties", "ties_shifted", "disjoint"):
        if kind == "same":
            a, b = rng.normal(0, 1, n), rng.normal(0, 1, n)
        elif kind == "shifted":
            a, b = rng.normal(0, 1, n), rng.normal(0.7, 1, n)
        elif kind == "ties":
            a, b = rng.integers(0, 3, n).astype(float), rng.integers(0, 3, n).astype(float)
        elif kind == "ties_shifted":
            a, b = rng.integers(0, 2, n).astype(float), rng.integers(0, 8, n).astype(float)
        else:
            a, b = rng.normal(0, 1, n), rng.normal(100, 1, n)
        res = stats.ks_2samp(a, b, method="auto")
        ks_cases.append(
            {
                "kind": kind,
                "a": [float(x) for x in a],
                "b": [float(x) for x in b],
                "statistic": float(res.statistic),
                "p_value": float(res.pvalue),
            }
        )
with open(os.path.join(OUT, "ks_2samp.json"), "w", encoding="ascii") as f:
    json.dump({"scipy": "1.10.1", "cases": ks_cases}, f, indent=1)

# Python's Mersenne Twister: raw words and sample() as KSWIN calls it.
rand_cases = []
for seed in (0, 1, 42, 12345, 2**40 + 5):
    r = random.Random(seed)
    words = [r.getrandbits(32) for _ in range(8)]
    r = random.Random(seed)
    samples = [r.sample(range(70), 30), r.sample(range(70), 30), r.sample(range(100), 100)]
    r = random.Random(seed)
    big = [r.sample(range(10_000), 30)]  # the set-based branch of sample()
    rand_cases.append({"seed": seed, "words": words, "samples": [{"n": 70, "k": 30, "draws": samples[0]},
                                                                {"n": 70, "k": 30, "draws": samples[1]},
                                                                {"n": 100, "k": 100, "draws": samples[2]}],
                       "big_sample": {"n": 10_000, "k": 30, "draws": big[0]}})
with open(os.path.join(OUT, "python_random.json"), "w", encoding="ascii") as f:
    json.dump({"cases": rand_cases}, f, indent=1)

print("wrote", OUT)

# Streams of River's docstrings and regression tests drawn with Python's own random module.
r = random.Random(12345)
write_stream("river_doc_choices_12345.txt", r.choices([0, 1], k=1000) + r.choices(range(4, 8), k=1000))

r = random.Random(42)
write_stream(
    "river_adwin_multi.txt",
    r.choices([0, 1], k=1000) + r.choices(range(4, 8), k=1000) + r.choices([0, 1], k=1000) + r.choices(range(4, 8), k=1000),
)

r = random.Random(42)
write_stream("river_doc_binary_42.txt", r.choices([0, 1], k=1000) + r.choices([0, 1], k=1000, weights=[0.3, 0.7]))
print("wrote the random-module streams")
