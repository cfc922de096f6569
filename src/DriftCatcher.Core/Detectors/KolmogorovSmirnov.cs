namespace DriftCatcher.Core.Detectors;

/// <summary>
/// The two-sample Kolmogorov-Smirnov test for two samples of the same size n, with the exact
/// null distribution (what scipy.stats.ks_2samp's "auto" method uses at these sizes).
/// </summary>
internal static class KolmogorovSmirnov
{
    /// <summary>
    /// max over x of |#{a &lt;= x} - #{b &lt;= x}| for sorted samples of equal length: the statistic
    /// times n, an integer, so no rounding decides ties.
    /// </summary>
    public static int StatisticCount(ReadOnlySpan<double> sortedA, ReadOnlySpan<double> sortedB)
    {
        int i = 0, j = 0, best = 0;
        while (i < sortedA.Length || j < sortedB.Length)
        {
            // Step past every copy of the next smallest value in both samples before comparing:
            // the empirical CDFs jump at a value, and ties must jump together.
            var x = j >= sortedB.Length || (i < sortedA.Length && sortedA[i] <= sortedB[j]) ? sortedA[i] : sortedB[j];
            while (i < sortedA.Length && sortedA[i] == x)
            {
                i++;
            }

            while (j < sortedB.Length && sortedB[j] == x)
            {
                j++;
            }

            best = Math.Max(best, Math.Abs(i - j));
        }

        return best;
    }

    /// <summary>
    /// P(D &gt;= h/n) under the null for two samples of size n: the probability that a lattice path
    /// leaves the band |i - j| &lt; h, 2 * sum_{k&gt;=1} (-1)^(k+1) C(2n, n - kh) / C(2n, n).
    /// </summary>
    public static double PValue(int n, int h)
    {
        if (h <= 0)
        {
            return 1.0;
        }

        // The alternating sum is evaluated from its innermost term outwards,
        // t_1 (1 - t_2 (1 - t_3 (...))), where t_k = C(2n, n-kh) / C(2n, n-(k-1)h) is a product of
        // h ratios; this avoids the cancellation of adding large terms of opposite signs.
        var p = 0.0;
        for (var k = n / h; k >= 1; k--)
        {
            var t = 1.0;
            var start = (k - 1) * h;
            for (var i = start; i < start + h; i++)
            {
                t *= (double)(n - i) / (n + 1 + i);
            }

            p = t * (1.0 - p);
        }

        return Math.Clamp(2.0 * p, 0.0, 1.0);
    }
}
