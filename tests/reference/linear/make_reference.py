#!/usr/bin/python3
"""Reference numbers for DriftCatcher's logistic and linear regression.

Run once with Debian's python (sklearn 1.2.1, numpy 1.24.2):
    /usr/bin/python3 tests/reference/linear/make_reference.py
It writes data/datasets/linear_*.csv (datasets that ship with sklearn, no download) and
tests/DriftCatcher.Core.Tests/Learning/Reference/linear_reference.json.
"""
import json
import os
import warnings

import numpy as np
import pandas as pd
from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris, load_wine
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.metrics import (accuracy_score, f1_score, log_loss, mean_absolute_error,
                             mean_squared_error, r2_score, roc_auc_score)
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
DATA = os.path.join(ROOT, "data", "datasets")
OUT = os.path.join(ROOT, "tests", "DriftCatcher.Core.Tests", "Learning", "Reference", "linear_reference.json")
os.makedirs(DATA, exist_ok=True)


def write_csv(name, X, y, columns, label="label"):
    frame = pd.DataFrame(X, columns=columns)
    frame[label] = y
    frame.to_csv(os.path.join(DATA, name), index=False, float_format="%.17g")


result = {"sklearn": __import__("sklearn").__version__, "classification": [], "coefficients": [], "regression": [], "metrics": []}

# Accuracy on held-out data: sklearn's LogisticRegression with default settings (no scaling, as
# sklearn users call it) and the same with a StandardScaler in front (what DriftCatcher does).
for name, loader in [("breast_cancer", load_breast_cancer), ("wine", load_wine), ("iris", load_iris)]:
    ds = loader()
    columns = [c.replace(" ", "_") for c in ds.feature_names]
    Xtr, Xte, ytr, yte = train_test_split(ds.data, ds.target, test_size=0.3, stratify=ds.target, random_state=0)
    write_csv(f"linear_{name}_train.csv", Xtr, ytr, columns)
    write_csv(f"linear_{name}_test.csv", Xte, yte, columns)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        raw = LogisticRegression().fit(Xtr, ytr)
        scaled = make_pipeline(StandardScaler(), LogisticRegression()).fit(Xtr, ytr)
    result["classification"].append({
        "dataset": name,
        "train": f"linear_{name}_train.csv",
        "test": f"linear_{name}_test.csv",
        "sklearn_default_accuracy": accuracy_score(yte, raw.predict(Xte)),
        "sklearn_standardized_accuracy": accuracy_score(yte, scaled.predict(Xte)),
        "sklearn_standardized_log_loss": log_loss(yte, scaled.predict_proba(Xte)),
    })

# Coefficients on standardized small problems, fitted to full convergence with the same C.
for name, loader, rows in [("breast_cancer", load_breast_cancer, 200), ("iris", load_iris, 150)]:
    ds = loader()
    rng = np.random.RandomState(1)
    idx = np.sort(rng.choice(len(ds.target), rows, replace=False))
    X = StandardScaler().fit_transform(ds.data[idx])
    y = ds.target[idx]
    columns = [f"x{i}" for i in range(X.shape[1])]
    fname = f"linear_coef_{name}.csv"
    write_csv(fname, X, y, columns)
    # Read back what the CSV holds so both sides fit exactly the same numbers.
    back = pd.read_csv(os.path.join(DATA, fname))
    X = back[columns].to_numpy()
    for C in (1.0, 0.1):
        model = LogisticRegression(C=C, tol=1e-12, max_iter=100000).fit(X, y)
        result["coefficients"].append({
            "dataset": fname, "c": C,
            "classes": [int(c) for c in model.classes_],
            "coef": model.coef_.tolist(),
            "intercept": model.intercept_.tolist(),
        })

# Linear regression: coefficients and held-out scores.
ds = load_diabetes()
columns = list(ds.feature_names)
Xtr, Xte, ytr, yte = train_test_split(ds.data, ds.target, test_size=0.3, random_state=0)
write_csv("linear_diabetes_train.csv", Xtr, ytr, columns, label="target")
write_csv("linear_diabetes_test.csv", Xte, yte, columns, label="target")
tr = pd.read_csv(os.path.join(DATA, "linear_diabetes_train.csv"))
te = pd.read_csv(os.path.join(DATA, "linear_diabetes_test.csv"))
model = LinearRegression().fit(tr[columns].to_numpy(), tr["target"].to_numpy())
pred = model.predict(te[columns].to_numpy())
result["regression"].append({
    "train": "linear_diabetes_train.csv", "test": "linear_diabetes_test.csv", "label": "target",
    "coef": model.coef_.tolist(), "intercept": float(model.intercept_),
    "mae": mean_absolute_error(te["target"], pred),
    "rmse": float(np.sqrt(mean_squared_error(te["target"], pred))),
    "r2": r2_score(te["target"], pred),
})

# Metric cases: labels and probabilities with sklearn's scores, for the internal metric code.
rng = np.random.RandomState(7)
for k, n in [(2, 60), (3, 90), (4, 40)]:
    y = rng.randint(0, k, n)
    p = rng.dirichlet(np.ones(k), n)
    p[: n // 4] = np.round(p[: n // 4], 1)  # ties in the scores
    p = p / p.sum(axis=1, keepdims=True)
    pred = p.argmax(axis=1)
    case = {"classes": k, "y": y.tolist(), "proba": p.tolist(),
            "accuracy": accuracy_score(y, pred),
            "f1_macro": f1_score(y, pred, average="macro"),
            "log_loss": log_loss(y, p, labels=list(range(k)))}
    if k == 2:
        case["roc_auc"] = roc_auc_score(y, p[:, 1])
    result["metrics"].append(case)
yr = rng.normal(10, 3, 50)
pr = yr + rng.normal(0, 1, 50)
result["regression_metrics"] = {"y": yr.tolist(), "pred": pr.tolist(), "mae": mean_absolute_error(yr, pr),
                                "rmse": float(np.sqrt(mean_squared_error(yr, pr))), "r2": r2_score(yr, pr)}

with open(OUT, "w") as f:
    json.dump(result, f, indent=1)
print(json.dumps(result["classification"], indent=1))
