"""Reference labels for the twin's labeling functions, written independently from the papers.

SEA (Street & Kim 2001): class 1 iff f1 + f2 <= theta.
STAGGER (Schlimmer & Granger 1986): three boolean concepts over size/color/shape.
Hyperplane (Hulten et al. 2001): class 1 iff sum(w*x) >= sum(w)/2.
Agrawal et al. (1993), functions 1..10 (group A -> 0, group B -> 1), vectorized with numpy masks.

Run with Debian's python: /usr/bin/python3 tests/reference/twin/labeling_reference.py
Writes tests/DriftCatcher.Twin.Tests/Generators/Reference/labeling.json
"""
import json
import os

import numpy as np

rng = np.random.default_rng(20260923)
out = {}

# SEA: random points plus exact boundary points.
n = 400
x = np.round(rng.uniform(0, 10, size=(n, 2)), 4)
theta = rng.choice([8.0, 9.0, 7.0, 9.5], size=n)
x[:20, 1] = theta[:20] - x[:20, 0]  # on the line x1 + x2 = theta (where representable)
out["sea"] = [
    {"x1": float(a), "x2": float(b), "theta": float(t), "label": int(a + b <= t)}
    for (a, b), t in zip(x, theta)
]

# STAGGER: all 27 combinations for each of the 3 concepts.
sizes, colors, shapes = ["small", "medium", "large"], ["red", "green", "blue"], ["circle", "square", "triangle"]
stagger = []
for c in range(3):
    for s in sizes:
        for col in colors:
            for sh in shapes:
                if c == 0:
                    y = s == "small" and col == "red"
                elif c == 1:
                    y = col == "green" or sh == "circle"
                else:
                    y = s in ("medium", "large")
                stagger.append({"concept": c, "size": s, "color": col, "shape": sh, "label": int(y)})
out["stagger"] = stagger

# Hyperplane: 5 dimensions, weights possibly negative after drift.
hp = []
for _ in range(300):
    w = rng.uniform(-0.5, 1.5, size=5)
    xx = rng.uniform(0, 1, size=5)
    hp.append({"w": w.tolist(), "x": xx.tolist(), "label": int(np.dot(w, xx) >= w.sum() / 2)})
out["hyperplane"] = hp

# Agrawal: random applicants plus values on the function boundaries.
m = 1500
salary = np.round(rng.uniform(20000, 150000, m), 2)
salary[:300] = rng.choice([25000, 50000, 75000, 100000, 125000], 300)
commission = np.where(salary >= 75000, 0.0, np.round(rng.uniform(10000, 75000, m), 2))
age = rng.integers(20, 81, m).astype(float)
age[300:600] = rng.choice([39, 40, 59, 60], 300)
elevel = rng.integers(0, 5, m)
car = rng.integers(1, 21, m)
zipcode = rng.integers(0, 9, m)
hvalue = np.round((9 - zipcode) * 100000.0 * rng.uniform(0.5, 1.5, m), 2)
hyears = rng.integers(1, 31, m).astype(float)
hyears[600:700] = 20
loan = np.round(rng.uniform(0, 500000, m), 2)
loan[700:900] = rng.choice([100000, 200000, 300000, 400000, 500000], 200)


def between(v, lo, hi):
    return (v >= lo) & (v <= hi)


young, mid, old = age < 40, (age >= 40) & (age < 60), age >= 60
total = salary + commission
groups = {
    1: young | old,
    2: np.select([young, mid], [between(salary, 50000, 100000), between(salary, 75000, 125000)], between(salary, 25000, 75000)),
    3: np.select([young, mid], [elevel <= 1, between(elevel, 1, 3)], between(elevel, 2, 4)),
    4: np.select(
        [young, mid],
        [
            np.where(elevel <= 1, between(salary, 25000, 75000), between(salary, 50000, 100000)),
            np.where(between(elevel, 1, 3), between(salary, 50000, 100000), between(salary, 75000, 125000)),
        ],
        np.where(between(elevel, 2, 4), between(salary, 50000, 100000), between(salary, 25000, 75000)),
    ),
    5: np.select(
        [young, mid],
        [
            np.where(between(salary, 50000, 100000), between(loan, 100000, 300000), between(loan, 200000, 400000)),
            np.where(between(salary, 75000, 125000), between(loan, 200000, 400000), between(loan, 300000, 500000)),
        ],
        np.where(between(salary, 25000, 75000), between(loan, 300000, 500000), between(loan, 100000, 300000)),
    ),
    6: np.select([young, mid], [between(total, 50000, 100000), between(total, 75000, 125000)], between(total, 25000, 75000)),
    7: 2.0 * total / 3.0 - loan / 5.0 - 20000 > 0,
    8: 2.0 * total / 3.0 - 5000.0 * elevel - 20000 > 0,
    9: 2.0 * total / 3.0 - 5000.0 * elevel - loan / 5.0 - 10000 > 0,
    10: 2.0 * total / 3.0 - 5000.0 * elevel + np.where(hyears >= 20, hvalue * (hyears - 20) / 10.0, 0.0) / 5.0 - 10000 > 0,
}
agrawal = []
for i in range(m):
    agrawal.append({
        "salary": float(salary[i]), "commission": float(commission[i]), "age": float(age[i]),
        "elevel": int(elevel[i]), "car": int(car[i]), "zipcode": int(zipcode[i]), "hvalue": float(hvalue[i]),
        "hyears": float(hyears[i]), "loan": float(loan[i]),
        "labels": [0 if bool(groups[f][i]) else 1 for f in range(1, 11)],
    })
out["agrawal"] = agrawal

here = os.path.dirname(os.path.abspath(__file__))
target = os.path.join(here, "..", "..", "DriftCatcher.Twin.Tests", "Generators", "Reference", "labeling.json")
with open(target, "w") as f:
    json.dump(out, f, separators=(",", ":"))
print("wrote", os.path.normpath(target), {k: len(v) for k, v in out.items()})
