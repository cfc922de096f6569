namespace DriftCatcher.Core.Quality;

/// <summary>
/// Quantiles (numpy's linear method) of a column's finite values, from an evenly strided sample of at most
/// <see cref="MaxSample"/> of them, so a check of a million rows sorts four thousand (the lower quartile of a
/// uniform column then has a relative standard error under 3 %, far inside the scale check's tolerance).
/// </summary>
internal static class Quartiles
{
    public const int MaxSample = 4_000;

    /// <summary>Finite values needed for quartiles worth comparing.</summary>
    public const int MinValues = 20;

    /// <summary>The three quartiles, or null with fewer than <see cref="MinValues"/> finite values.</summary>
    public static double[]? Of(ReadOnlySpan<double> values) => SortedSample(values) is { } sample ? OfSorted(sample) : null;

    /// <summary>The three quartiles of a sorted sample (see <see cref="SortedSample"/>).</summary>
    public static double[] OfSorted(ReadOnlySpan<double> sample) =>
    [
        Statistics.DriftStatistics.Quantile(sample, 0.25),
        Statistics.DriftStatistics.Quantile(sample, 0.50),
        Statistics.DriftStatistics.Quantile(sample, 0.75),
    ];

    /// <summary>The percentiles p1 … p99 of a sorted sample (see <see cref="SortedSample"/>).</summary>
    public static double[] PercentilesOfSorted(ReadOnlySpan<double> sample)
    {
        var result = new double[99];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = Statistics.DriftStatistics.Quantile(sample, (i + 1) / 100.0);
        }

        return result;
    }

    /// <summary>The evenly strided sample of at most <see cref="MaxSample"/> finite values, sorted; null with fewer than <see cref="MinValues"/>.</summary>
    public static double[]? SortedSample(ReadOnlySpan<double> values)
    {
        var finite = 0;
        foreach (var v in values)
        {
            if (double.IsFinite(v))
            {
                finite++;
            }
        }

        if (finite < MinValues)
        {
            return null;
        }

        var stride = (finite + MaxSample - 1) / MaxSample;
        var sample = new double[(finite + stride - 1) / stride];
        int seen = 0, kept = 0;
        foreach (var v in values)
        {
            if (double.IsFinite(v) && seen++ % stride == 0)
            {
                sample[kept++] = v;
            }
        }

        Array.Sort(sample);
        return sample;
    }
}
