"""Monte Carlo of the input-drift persistence rule on small batches (docs/agent.md, "Input drift on small batches").

Usage: python3 bench/sim/drift_persistence.py [streams]   (numpy, scipy; about 3 min at 40 streams)

Three features, uniform on [0, 10]; the reference is 1 600 rows (as a 2 000-row TRAIN leaves after validation) and
its decile edges. A batch's feature drifts when the two-sample KS test rejects at 0.05 / 3 (Bonferroni) with D above
the floor 0.1 — the engine's rule. Drift is sustained (and alerted once, cleared after 3 quiet batches) when:
  a: some feature drifted in 2 of the last 3 batches (the rule before session 14);
  b: the same feature drifted in 2 of the last 3;
  c: a, and a feature drifting now still drifts with the 3 batches' rows pooled (binned KS at the decile edges,
     same rate and floor, on the pooled count);
  d: b for a feature drifting now, and that feature holds pooled over the 3 batches (built);
  e: b, pooled over only the batches in which that feature drifted.
Prints alerts per 200-batch stable stream at 20–500 rows a batch, then, for x1 moved up by 1, 2 and 3 (KS D about
0.1, 0.2, 0.3) at batch 10 of 30, the median batches from the move to the alert and the share alerted within 3.
"""
import sys

import numpy as np
from scipy import stats

F, ALPHA, FLOOR, M, K, CLEAR, REF = 3, 0.05 / 3, 0.1, 3, 2, 3, 1600
RULES = "abcde"
rng = np.random.default_rng(1)
ref = rng.uniform(0, 10, (REF, F))
edges = [np.quantile(ref[:, f], np.arange(1, 10) / 10) for f in range(F)]
refcum = [np.array([(ref[:, f] <= e).mean() for e in edges[f]]) for f in range(F)]


def critical(n, m, a):
    return stats.kstwobign.isf(a) / np.sqrt(n * m / (n + m))


def observe(batch):
    flags, hists = [], []
    for f in range(F):
        d, p = stats.ks_2samp(ref[:, f], batch[:, f], method="asymp" if len(batch) > 100 else "exact")
        flags.append(p < ALPHA and d > FLOOR)
        hists.append(np.histogram(batch[:, f], bins=np.r_[-np.inf, edges[f], np.inf])[0])
    return np.array(flags), hists


def holds(hists, f):
    h = np.sum([x[f] for x in hists], axis=0)
    n = h.sum()
    return np.abs(np.cumsum(h)[:-1] / n - refcum[f]).max() > max(FLOOR, critical(n, REF, ALPHA))


def run(n, batches, move=None):
    flags, hists = [], []
    active = dict.fromkeys(RULES, False)
    quiet = dict.fromkeys(RULES, 0)
    onsets = {r: [] for r in RULES}
    for b in range(batches):
        x = rng.uniform(0, 10, (n, F))
        if move and b >= move[0]:
            x[:, 0] += move[1]
        f, h = observe(x)
        flags.append(f)
        hists.append(h)
        last, lh = flags[-M:], hists[-M:]
        same = [j for j in range(F) if sum(v[j] for v in last) >= K]
        sustained = {
            "a": sum(v.any() for v in last) >= K,
            "b": len(same) > 0,
        }
        sustained["c"] = sustained["a"] and any(holds(lh, j) for j in range(F) if f[j])
        sustained["d"] = any(holds(lh, j) for j in same if f[j])
        sustained["e"] = any(holds([lh[i] for i in range(len(last)) if last[i][j]], j) for j in same if f[j])
        for r in RULES:
            if not active[r] and sustained[r] and f.any():
                active[r], quiet[r] = True, 0
                onsets[r].append(b)
            elif active[r]:
                quiet[r] = 0 if f.any() else quiet[r] + 1
                active[r] = quiet[r] < CLEAR
    return onsets


def main():
    streams = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    print("alerts per 200-batch stable stream")
    for n in (20, 50, 100, 200, 500):
        total = dict.fromkeys(RULES, 0)
        for _ in range(streams):
            for r, on in run(n, 200).items():
                total[r] += len(on)
        print(n, {r: round(total[r] / streams, 3) for r in RULES}, flush=True)
    print("x1 moved at batch 10: (median batches to the alert, share within 3)")
    for shift in (1.0, 2.0, 3.0):
        for n in (20, 50, 100, 200, 500):
            delays = {r: [] for r in RULES}
            for _ in range(streams):
                for r, on in run(n, 30, (10, shift)).items():
                    after = [b for b in on if b >= 10]
                    delays[r].append(after[0] - 10 if after else 99)
            print(n, shift, {r: (float(np.median(delays[r])), float(np.mean(np.array(delays[r]) <= 3))) for r in RULES}, flush=True)


if __name__ == "__main__":
    main()
