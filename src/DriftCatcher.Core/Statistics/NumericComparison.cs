using DriftCatcher.Core.Data;

namespace DriftCatcher.Core.Statistics;

/// <summary>One numeric feature of a window against its reference profile.</summary>
internal static class NumericComparison
{
    public static FeatureDrift Compare(string name, NumericProfile reference, double[] current, double alpha, DriftOptions options)
    {
        var bins = new long[reference.BinCounts.Length];
        var index = SampleGapIndex.For(reference);
        SampleGapIndex.GapComparison? measured = index?.Compare(current, bins);
        var missing = measured?.Missing ?? BinCounter.Count(current, reference.InnerEdges, bins);
        var m = current.Length - missing;
        var n = reference.Count;

        double psi, js;
        if (reference.BinCounts.Length == bins.Length)
        {
            psi = DriftStatistics.Psi(reference.BinCounts, bins);
            js = DriftStatistics.JensenShannon(reference.BinCounts, bins);
        }
        else
        {
            throw new InvalidOperationException($"profile of '{name}' has {reference.BinCounts.Length} bins for {reference.InnerEdges.Length} edges");
        }

        if (n == 0 || m == 0)
        {
            return new FeatureDrift
            {
                Name = name, Kind = ColumnKind.Numeric, ReferenceCount = n, CurrentCount = m,
                MissingReference = reference.Missing, MissingCurrent = missing, Psi = psi, JensenShannon = js,
                KsStatistic = double.NaN, KsPValue = double.NaN, Wasserstein = double.NaN, WassersteinNormed = double.NaN,
                Method = DriftMethod.InsufficientData, Score = double.NaN, Threshold = double.NaN, Drifted = false,
            };
        }

        double d, w, normed;
        if (measured is { } gap && double.IsFinite(gap.Wasserstein))
        {
            (d, w) = (gap.D, gap.Wasserstein);
            normed = w / reference.StandardDeviation;
        }
        else
        {
            // Also where the gap walk overflowed: the merge walk scales such a sample down.
            using var sorted = FiniteSorter.Sort(current);
            (d, w) = DriftStatistics.KsAndWasserstein(reference.Sample, sorted.Values);
            normed = w / reference.StandardDeviation;
            if (double.IsInfinity(w))
            {
                // A distance beyond double.MaxValue; its ratio to the deviation is still a number.
                var (scaled, e) = DriftStatistics.ScaledWasserstein(reference.Sample, sorted.Values);
                normed = scaled / Math.ScaleB(reference.StandardDeviation, -e);
            }
        }

        // A reduced sample stands for the whole reference (its CDF is within 1/k), so the test uses the true n.
        var p = DriftStatistics.KolmogorovSmirnovPValue(d, n, m);
        var critical = DriftStatistics.KolmogorovSmirnovCriticalValue(alpha, n, m);
        var threshold = Math.Max(options.MinimumKsStatistic, critical);
        return new FeatureDrift
        {
            Name = name,
            Kind = ColumnKind.Numeric,
            ReferenceCount = n,
            CurrentCount = m,
            MissingReference = reference.Missing,
            MissingCurrent = missing,
            Psi = psi,
            JensenShannon = js,
            KsStatistic = d,
            KsPValue = p,
            Wasserstein = w,
            WassersteinNormed = normed,
            Method = DriftMethod.Ks,
            Score = d,
            Threshold = threshold,
            Drifted = d > threshold,
        };
    }
}
