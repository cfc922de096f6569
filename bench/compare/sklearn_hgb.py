#!/usr/bin/python3
"""Times scikit-learn's HistGradientBoostingClassifier (defaults, random_state=0) on the rows that
bench/DriftCatcher.Bench/GbtBenchmarks.cs writes to /tmp/driftcatcher-gbt-100k.csv (run that benchmark,
or `dotnet run -c Release --project bench/DriftCatcher.Bench -- --filter '*GbtBenchmarks.ReadCsv*' --job dry`,
first). Prints wall and CPU seconds per fit and the best of the runs.

    /usr/bin/python3 bench/compare/sklearn_hgb.py [csv] [repeats]
"""
import os
import sys
import time

import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier

path = sys.argv[1] if len(sys.argv) > 1 else "/tmp/driftcatcher-gbt-100k.csv"
repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 5

t0 = time.perf_counter()
frame = pd.read_csv(path, float_precision="round_trip")
print(f"read_csv {time.perf_counter() - t0:.3f} s ({frame.shape[0]} rows x {frame.shape[1] - 1} features)")
y = frame.pop("target").to_numpy()
X = frame.to_numpy()

walls, cpus = [], []
for r in range(repeats):
    model = HistGradientBoostingClassifier(random_state=0)
    w0, c0 = time.perf_counter(), time.process_time()
    model.fit(X, y)
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    walls.append(wall)
    cpus.append(cpu)
    print(f"fit {r}: wall {wall:.3f} s, cpu {cpu:.3f} s, n_iter {model.n_iter_}, threads {os.environ.get('OMP_NUM_THREADS', 'default')}")
print(f"best wall {min(walls):.3f} s, median wall {sorted(walls)[len(walls) // 2]:.3f} s, best cpu {min(cpus):.3f} s")
