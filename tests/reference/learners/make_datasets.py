#!/usr/bin/python3
"""Exports small public datasets (those shipped inside scikit-learn, plus seeded synthetic ones) as
CSV train/test files under data/datasets/, and records scikit-learn's HistGradientBoosting results on
them in tests/DriftCatcher.Core.Tests/Learning/Gbt/Reference/gbt_reference.json. DriftCatcher's GBT
tests hold those numbers; CI never runs this script.

Run from anywhere with Debian's python (sklearn 1.2.1, numpy 1.24.2, pandas 1.5.3):
    /usr/bin/python3 tests/reference/learners/make_datasets.py

Every file has a header row and a 'target' column: the class index (0..k-1) for classification, the
value for regression. sklearn is fitted on the CSV as read back (round-trip float parsing), so both
sides see exactly the same numbers.
"""
import json
import os
import sys

import numpy as np
import pandas as pd
import sklearn
from sklearn import datasets
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.ensemble._hist_gradient_boosting.binning import _BinMapper
from sklearn.metrics import accuracy_score, log_loss, mean_squared_error
from sklearn.model_selection import train_test_split

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
OUT = os.path.join(ROOT, "data", "datasets")
REF_DIR = os.path.join(ROOT, "tests", "DriftCatcher.Core.Tests", "Learning", "Gbt", "Reference")
SEED = 0

# NaN injected by the tests themselves (every k-th row of one informative column, train and test),
# so that no extra files are needed.
# Test rows whose sklearn predictions are kept, to compare model by model and not only by accuracy.
PREDICTIONS_KEPT = 40

MISSING_VARIANT = {"dataset": "breast_cancer", "column": "worst concave points", "every": 3}


def bundled(loader):
    d = loader()
    names = [str(n) for n in d.feature_names]
    return pd.DataFrame(d.data, columns=names), d.target


def synthetic_classification():
    X, y = datasets.make_classification(
        n_samples=5000, n_features=10, n_informative=6, n_redundant=2, n_classes=3,
        class_sep=0.8, random_state=SEED)
    return pd.DataFrame(X, columns=[f"f{i}" for i in range(X.shape[1])]), y


def hastie():
    X, y = datasets.make_hastie_10_2(n_samples=13000, random_state=SEED)
    return pd.DataFrame(X, columns=[f"x{i}" for i in range(X.shape[1])]), (y > 0).astype(int)


def friedman():
    X, y = datasets.make_friedman1(n_samples=3000, n_features=10, noise=1.0, random_state=SEED)
    return pd.DataFrame(X, columns=[f"x{i}" for i in range(X.shape[1])]), y


def categorical():
    """Two categorical columns whose effect has no order in their codes, two numeric ones, some missing categories."""
    rng = np.random.RandomState(SEED)
    n = 4000
    levels_a = [f"a{i:02d}" for i in range(12)]
    levels_b = [f"b{i:02d}" for i in range(40)]
    effect_a = rng.normal(0, 1.5, len(levels_a))
    effect_b = rng.normal(0, 1.0, len(levels_b))
    a = rng.randint(0, len(levels_a), n)
    b = rng.randint(0, len(levels_b), n)
    x1 = rng.normal(0, 1, n)
    x2 = rng.normal(0, 1, n)
    logit = effect_a[a] + effect_b[b] + 0.8 * x1
    p = 1 / (1 + np.exp(-logit))
    y = (rng.uniform(0, 1, n) < p).astype(int)
    cat_a = np.array(levels_a, dtype=object)[a]
    cat_a[rng.uniform(0, 1, n) < 0.05] = None
    frame = pd.DataFrame({"cat_a": cat_a, "cat_b": np.array(levels_b, dtype=object)[b], "x1": x1, "x2": x2})
    return frame, y


# name: (task, loader, test_size, decimals used when writing the numbers, categorical columns)
DATASETS = {
    "breast_cancer": ("binary", lambda: bundled(datasets.load_breast_cancer), 0.3, None, []),
    "wine": ("multiclass", lambda: bundled(datasets.load_wine), 0.3, None, []),
    "iris": ("multiclass", lambda: bundled(datasets.load_iris), 0.3, None, []),
    "digits": ("multiclass", lambda: bundled(datasets.load_digits), 0.3, 0, []),
    "synthetic3": ("multiclass", synthetic_classification, 0.25, 3, []),
    "hastie": ("binary", hastie, 0.2, 2, []),
    "categorical": ("binary", categorical, 0.25, 3, ["cat_a", "cat_b"]),
    "diabetes": ("regression", lambda: bundled(datasets.load_diabetes), 0.3, None, []),
    "friedman": ("regression", friedman, 0.25, 2, []),
}


def write(frame, path, decimals):
    frame.to_csv(path, index=False, float_format=None if decimals is None else f"%.{decimals}f")


def read(path, categorical):
    frame = pd.read_csv(path, float_precision="round_trip", dtype={c: object for c in categorical}, keep_default_na=True)
    y = frame.pop("target").to_numpy()
    return frame, y


def encode(train, test, categorical):
    """sklearn 1.2 takes categories as small non-negative integer codes (NaN = missing)."""
    train = train.copy()
    test = test.copy()
    for c in categorical:
        levels = sorted(train[c].dropna().unique())
        index = {v: i for i, v in enumerate(levels)}
        train[c] = train[c].map(index).astype(float)
        test[c] = test[c].map(index).astype(float)
    return train, test


def fit_reference(name, task, train, y_train, test, y_test, categorical):
    mask = [c in categorical for c in train.columns] if categorical else None
    train_x, test_x = encode(train, test, categorical)
    if task == "regression":
        model = HistGradientBoostingRegressor(random_state=SEED, categorical_features=mask)
        model.fit(train_x.to_numpy(), y_train)
        pred = model.predict(test_x.to_numpy())
        rmse = float(np.sqrt(mean_squared_error(y_test, pred)))
        return {"rmse": rmse, "n_iter": int(model.n_iter_), "predictions": [float(v) for v in pred[:PREDICTIONS_KEPT]]}
    model = HistGradientBoostingClassifier(random_state=SEED, categorical_features=mask)
    model.fit(train_x.to_numpy(), y_train)
    proba = model.predict_proba(test_x.to_numpy())
    accuracy = float(accuracy_score(y_test, model.classes_[proba.argmax(axis=1)]))
    return {
        "accuracy": accuracy,
        "log_loss": float(log_loss(y_test, proba, labels=model.classes_)),
        "n_iter": int(model.n_iter_),
        # Per-row class probabilities of the first test rows, row-major.
        "predictions": [float(v) for v in proba[:PREDICTIONS_KEPT].ravel()],
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    os.makedirs(REF_DIR, exist_ok=True)
    reference = {
        "generator": "tests/reference/learners/make_datasets.py",
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "estimator": "HistGradientBoostingClassifier / HistGradientBoostingRegressor, defaults, random_state=0",
        "datasets": {},
    }
    binning = {}
    for name, (task, loader, test_size, decimals, categorical) in DATASETS.items():
        X, y = loader()
        stratify = None if task == "regression" else y
        X_train, X_test, y_train, y_test = train_test_split(
            X, y, test_size=test_size, random_state=SEED, stratify=stratify)
        train_path = os.path.join(OUT, f"{name}_train.csv")
        test_path = os.path.join(OUT, f"{name}_test.csv")
        write(X_train.assign(target=y_train), train_path, decimals)
        write(X_test.assign(target=y_test), test_path, decimals)

        train, y_train = read(train_path, categorical)
        test, y_test = read(test_path, categorical)
        entry = {
            "task": task,
            "train": f"{name}_train.csv",
            "test": f"{name}_test.csv",
            "classes": 0 if task == "regression" else int(len(np.unique(y))),
            "categorical": categorical,
            "train_rows": int(len(train)),
            "test_rows": int(len(test)),
        }
        entry.update(fit_reference(name, task, train, y_train, test, y_test, categorical))
        reference["datasets"][name] = entry
        print(name, entry, file=sys.stderr)

        if name in ("breast_cancer", "hastie"):
            # Bin edges of sklearn's _BinMapper for the training rows (n_bins = 255 + missing bin).
            mapper = _BinMapper(n_bins=256, subsample=int(2e5), random_state=SEED).fit(train.to_numpy())
            binning[name] = {train.columns[i]: [float(t) for t in mapper.bin_thresholds_[i]] for i in range(3)}

        if name == MISSING_VARIANT["dataset"]:
            col = MISSING_VARIANT["column"]
            every = MISSING_VARIANT["every"]
            train_m, test_m = train.copy(), test.copy()
            train_m.loc[np.arange(len(train_m)) % every == 0, col] = np.nan
            test_m.loc[np.arange(len(test_m)) % every == 0, col] = np.nan
            variant = dict(entry)
            variant.update(fit_reference(name, task, train_m, y_train, test_m, y_test, categorical))
            variant["inject_nan"] = MISSING_VARIANT
            reference["datasets"][name + "_missing"] = variant
            print(name + "_missing", variant, file=sys.stderr)

    with open(os.path.join(REF_DIR, "gbt_reference.json"), "w") as f:
        json.dump(reference, f, indent=2)
        f.write("\n")
    with open(os.path.join(REF_DIR, "gbt_binning.json"), "w") as f:
        json.dump({"generator": reference["generator"], "thresholds": binning}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
