#!/usr/bin/python3
"""Regression scores at magnitudes where plain arithmetic overflows or underflows, for RegressionMetricsTests.

Run with Debian's python (numpy 1.24.2; scikit-learn is not needed):
    /usr/bin/python3 tests/reference/performance/make_extreme.py
It sets the "regression_extreme" section of tests/DriftCatcher.Core.Tests/Performance/Reference/performance.json and
leaves the sections make_reference.py wrote as they are. Each case is scored on the values divided by 2**k (exact for a
power of two), where squared errors near 1e200 do not overflow and those near 1e-300 do not underflow, with the
definitions scikit-learn uses (mean_absolute_error, the square root of mean_squared_error, r2_score); MAE and RMSE are
multiplied back, R² does not change under the scaling.
"""
import json
import math
import os

import numpy as np

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "DriftCatcher.Core.Tests", "Performance", "Reference",
                   "performance.json")


def case(name, y, p, exponent):
    y = np.asarray(y, dtype=float)
    p = np.asarray(p, dtype=float)
    ys, ps = np.ldexp(y, -exponent), np.ldexp(p, -exponent)
    err = ys - ps
    ss_res = float(np.sum(err ** 2))
    ss_tot = float(np.sum((ys - np.mean(ys)) ** 2))
    return {"name": name, "y_true": y.tolist(), "y_pred": p.tolist(), "expected": {
        "mae": math.ldexp(float(np.mean(np.abs(err))), exponent),
        "rmse": math.ldexp(math.sqrt(ss_res / len(ys)), exponent),
        "r2": 1 - ss_res / ss_tot,
    }}


def main():
    rng = np.random.default_rng(20261129)
    cases = []
    y = rng.normal(0, 1, 300) * 1e200
    cases.append(case("huge_1e200", y, y + rng.normal(0, 0.3, 300) * 1e200, 665))
    y = np.concatenate([rng.normal(0, 1, 200) * 1e307, [1.7e308, -1.7e308]])
    cases.append(case("huge_near_max", y, -y * 0.9 + rng.normal(0, 1, 202) * 1e306, 1023))
    y = rng.normal(0, 1, 300) * 1e-300
    cases.append(case("tiny_1e-300", y, y + rng.normal(0, 0.2, 300) * 1e-300, -997))
    with open(OUT) as f:
        doc = json.load(f)
    doc["regression_extreme"] = cases
    with open(OUT, "w") as f:
        json.dump(doc, f)
        f.write("\n")


if __name__ == "__main__":
    main()
