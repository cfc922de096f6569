#!/usr/bin/python3
"""Reference values for tests/DriftCatcher.Core.Tests/Performance, computed once with scikit-learn.

Run with Debian's python (numpy 1.24.2, sklearn 1.2.1):
    /usr/bin/python3 tests/reference/performance/make_reference.py
It writes tests/DriftCatcher.Core.Tests/Performance/Reference/performance.json. Every case is seeded.
Probabilities are stored flat, row-major (n x k), as the C# API takes them.
"""
import json
import os

import numpy as np
import sklearn
from sklearn.isotonic import IsotonicRegression
from sklearn.metrics import (accuracy_score, brier_score_loss, f1_score, log_loss, mean_absolute_error,
                             mean_squared_error, precision_score, r2_score, recall_score, roc_auc_score)

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "DriftCatcher.Core.Tests", "Performance", "Reference",
                   "performance.json")


def softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def classification_case(name, y, p):
    y = np.asarray(y, dtype=int)
    p = np.asarray(p, dtype=float)
    k = p.shape[1]
    pred = p.argmax(axis=1)
    labels = list(range(k))
    exp = {
        "accuracy": accuracy_score(y, pred),
        # macro over the labels present in y_true or y_pred (sklearn's default), zero_division = 0
        "macro_precision": precision_score(y, pred, average="macro", zero_division=0),
        "macro_recall": recall_score(y, pred, average="macro", zero_division=0),
        "macro_f1": f1_score(y, pred, average="macro", zero_division=0),
        "precision": precision_score(y, pred, labels=labels, average=None, zero_division=0).tolist(),
        "recall": recall_score(y, pred, labels=labels, average=None, zero_division=0).tolist(),
        "f1": f1_score(y, pred, labels=labels, average=None, zero_division=0).tolist(),
        "log_loss": log_loss(y, p, labels=labels),  # eps="auto": float64 machine epsilon in sklearn 1.2
    }
    if k == 2:
        exp["roc_auc"] = roc_auc_score(y, p[:, 1])
        exp["brier"] = brier_score_loss(y, p[:, 1])
    else:
        exp["roc_auc"] = roc_auc_score(y, p, multi_class="ovr", average="macro", labels=labels)
        onehot = np.eye(k)[y]
        exp["brier"] = float(np.mean(np.sum((p - onehot) ** 2, axis=1)))
    return {"name": name, "classes": k, "y_true": y.tolist(), "proba": p.ravel().tolist(),
            "expected": {key: (float(v) if not isinstance(v, list) else v) for key, v in exp.items()}}


def binary_from_scores(s):
    s = np.asarray(s, dtype=float)
    return np.column_stack([1 - s, s])


def classification_cases():
    rng = np.random.default_rng(20261123)
    cases = []

    n = 500
    y = rng.integers(0, 2, n)
    s = 1 / (1 + np.exp(-(1.5 * (2 * y - 1) + rng.normal(0, 1.5, n))))
    cases.append(classification_case("binary_balanced", y, binary_from_scores(s)))

    n = 400
    y = rng.integers(0, 2, n)
    s = np.round(np.clip(0.5 + 0.2 * (2 * y - 1) + rng.normal(0, 0.25, n), 0, 1), 1)  # many tied scores
    cases.append(classification_case("binary_ties", y, binary_from_scores(s)))

    n = 1000
    y = (rng.random(n) < 0.05).astype(int)
    s = 1 / (1 + np.exp(-(-2.5 + 2.0 * y + rng.normal(0, 1.0, n))))
    cases.append(classification_case("binary_imbalanced", y, binary_from_scores(s)))

    n = 600
    y = rng.integers(0, 4, n)
    z = rng.normal(0, 1, (n, 4))
    z[np.arange(n), y] += 1.2
    cases.append(classification_case("multiclass_4", y, softmax(z)))

    # Few distinct probability rows: ties everywhere; imbalanced classes.
    n = 800
    y = rng.choice(3, n, p=[0.8, 0.15, 0.05])
    palette = softmax(rng.normal(0, 1.0, (6, 3)))
    rows = np.where(rng.random(n) < 0.5, y, rng.integers(0, 6, n)) % 6
    cases.append(classification_case("multiclass_ties_imbalanced", y, palette[rows]))

    # Class 2 is never the arg max: its precision is 0 by the zero_division rule.
    n = 300
    y = rng.integers(0, 3, n)
    z = rng.normal(0, 1, (n, 3))
    z[np.arange(n), y] += 1.0
    z[:, 2] -= 10
    cases.append(classification_case("multiclass_never_predicted", y, softmax(z)))

    n = 50
    y = rng.integers(0, 2, n)
    cases.append(classification_case("binary_perfect", y, np.eye(2)[y]))
    cases.append(classification_case("binary_worst", y, np.eye(2)[1 - y]))

    n = 60
    y = rng.integers(0, 3, n)
    cases.append(classification_case("multiclass_perfect", y, np.eye(3)[y]))
    cases.append(classification_case("multiclass_worst", y, np.eye(3)[(y + 1) % 3]))
    return cases


def regression_case(name, y, p):
    y = np.asarray(y, dtype=float)
    p = np.asarray(p, dtype=float)
    return {"name": name, "y_true": y.tolist(), "y_pred": p.tolist(), "expected": {
        "mae": float(mean_absolute_error(y, p)),
        "rmse": float(mean_squared_error(y, p, squared=False)),
        "r2": float(r2_score(y, p)),
    }}


def regression_cases():
    rng = np.random.default_rng(7)
    cases = []
    y = rng.normal(10, 3, 700)
    cases.append(regression_case("linear_noise", y, y + rng.normal(0.5, 1.0, 700)))
    y = rng.lognormal(2, 1, 500)
    cases.append(regression_case("heavy_tail", y, np.exp(np.log(y) + rng.normal(0, 0.4, 500))))
    cases.append(regression_case("worse_than_mean", y, rng.permutation(y) * 2))
    cases.append(regression_case("perfect", y, y.copy()))
    c = np.full(40, 3.25)
    cases.append(regression_case("constant_truth_perfect", c, c.copy()))
    cases.append(regression_case("constant_truth_imperfect", c, c + rng.normal(0, 1, 40)))
    return cases


def isotonic_cases():
    rng = np.random.default_rng(11)
    cases = []
    for name, n, decimals in [("distinct_scores", 400, None), ("tied_scores", 600, 2)]:
        x = rng.random(n)
        if decimals is not None:
            x = np.round(x, decimals)
        y = (rng.random(n) < x ** 2).astype(float)
        iso = IsotonicRegression(out_of_bounds="clip").fit(x, y)
        q = np.concatenate([np.linspace(-0.1, 1.1, 61), x[:20]])
        cases.append({"name": name, "x": x.tolist(), "y": y.tolist(), "query": q.tolist(),
                      "expected": iso.predict(q).tolist()})
    return cases


def main():
    doc = {
        "generator": "tests/reference/performance/make_reference.py",
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "classification": classification_cases(),
        "regression": regression_cases(),
        "isotonic": isotonic_cases(),
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(doc, f)
        f.write("\n")


if __name__ == "__main__":
    main()
