namespace DriftCatcher.Core.Quality;

/// <summary>
/// The quartiles (p25, p50, p75; numpy's linear method) of a column's finite values, from an evenly strided
/// sample of at most <see cref="MaxSample"/> of them, so a check of a million rows sorts four thousand (the lower
/// quartile of a uniform column then has a relative standard error under 3 %, far inside the scale check's tolerance).
/// </summary>
internal static class Quartiles
{
    public const int MaxSample = 4_000;

    /// <summary>Finite values needed for quartiles worth comparing.</summary>
    public const int MinValues = 20;

    /// <summary>The three quartiles, or null with fewer than <see cref="MinValues"/> finite values.</summary>
    public static double[]? Of(ReadOnlySpan<double> values)
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
        return
        [
            Statistics.DriftStatistics.Quantile(sample, 0.25),
            Statistics.DriftStatistics.Quantile(sample, 0.50),
            Statistics.DriftStatistics.Quantile(sample, 0.75),
        ];
    }
}
