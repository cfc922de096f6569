using DriftCatcher.Core.Data;

namespace DriftCatcher.Core.Statistics;

/// <summary>One categorical feature of a window against its reference profile, over the union of categories.</summary>
internal static class CategoricalComparison
{
    public static FeatureDrift Compare(string name, CategoricalProfile reference, Column current, double alpha, DriftOptions options)
    {
        var index = new Dictionary<string, int>(reference.Categories.Length, StringComparer.Ordinal);
        for (var i = 0; i < reference.Categories.Length; i++)
        {
            index[reference.Categories[i]] = i;
        }

        var lumped = reference.OtherCount > 0;
        var otherIndex = lumped ? reference.Categories.Length : -1;
        var known = reference.Categories.Length + (lumped ? 1 : 0);
        var unseen = new List<string>();

        // Map the window's own levels to union slots once, then count codes.
        string?[] values;
        int[] codes;
        if (current.Kind == ColumnKind.Categorical)
        {
            values = current.Levels;
            codes = current.Codes;
        }
        else
        {
            // A window whose categories all look like numbers was read as numeric: compare them as text.
            var asText = Column.Categorical(current.Name, [.. Enumerable.Range(0, current.Length).Select(current.GetString)]);
            values = asText.Levels;
            codes = asText.Codes;
        }

        var map = new int[values.Length];
        for (var l = 0; l < values.Length; l++)
        {
            var v = values[l]!;
            if (index.TryGetValue(v, out var slot))
            {
                map[l] = slot;
            }
            else if (lumped)
            {
                map[l] = otherIndex;
            }
            else
            {
                map[l] = -2 - unseen.Count;
                unseen.Add(v);
            }
        }

        var cur = new long[known + unseen.Count];
        long missing = 0;
        foreach (var c in codes)
        {
            if (c < 0)
            {
                missing++;
                continue;
            }

            var s = map[c];
            cur[s >= 0 ? s : known + (-2 - s)]++;
        }

        var refCounts = new long[cur.Length];
        reference.Counts.CopyTo(refCounts, 0);
        if (lumped)
        {
            refCounts[otherIndex] = reference.OtherCount;
        }

        // Unseen categories the window named but never used (levels without rows) are dropped.
        var used = new List<int>();
        var unseenUsed = new List<string>();
        for (var i = 0; i < cur.Length; i++)
        {
            if (refCounts[i] > 0 || cur[i] > 0)
            {
                used.Add(i);
                if (i >= known)
                {
                    unseenUsed.Add(unseen[i - known]);
                }
            }
        }

        var r = used.Select(i => refCounts[i]).ToArray();
        var q = used.Select(i => cur[i]).ToArray();
        long n = r.Sum(), m = q.Sum();
        var psi = DriftStatistics.Psi(r, q);
        var js = DriftStatistics.JensenShannon(r, q);
        var chi = DriftStatistics.ChiSquareHomogeneity(r, q);

        if (n == 0 || m == 0)
        {
            return new FeatureDrift
            {
                Name = name, Kind = ColumnKind.Categorical, ReferenceCount = n, CurrentCount = m,
                MissingReference = reference.Missing, MissingCurrent = missing, Psi = psi, JensenShannon = js,
                ChiSquareStatistic = chi.Statistic, ChiSquarePValue = chi.PValue, UnseenCategories = unseenUsed,
                Method = DriftMethod.InsufficientData, Score = double.NaN, Threshold = double.NaN, Drifted = false,
            };
        }

        // Under no drift 8·(n·m/N)·JS² is asymptotically chi-square with k−1 degrees of freedom (the
        // second-order expansion of the JS divergence is the Pearson statistic over 8), so the critical
        // distance follows from the chi-square critical value at the Bonferroni level.
        var critical = chi.DegreesOfFreedom == 0
            ? 0
            : Math.Sqrt(DriftStatistics.ChiSquareCriticalValue(alpha, chi.DegreesOfFreedom) * (n + (double)m) / (8.0 * n * m));
        var threshold = Math.Max(options.MinimumJensenShannon, critical);
        return new FeatureDrift
        {
            Name = name,
            Kind = ColumnKind.Categorical,
            ReferenceCount = n,
            CurrentCount = m,
            MissingReference = reference.Missing,
            MissingCurrent = missing,
            Psi = psi,
            JensenShannon = js,
            ChiSquareStatistic = chi.Statistic,
            ChiSquarePValue = chi.PValue,
            UnseenCategories = unseenUsed,
            Method = DriftMethod.JensenShannonChiSquare,
            Score = js,
            Threshold = threshold,
            Drifted = js > threshold,
        };
    }
}
