using MathNet.Numerics;

namespace DriftCatcher.Core.Statistics;

/// <summary>
/// The distribution comparisons behind drift detection, with the conventions of numpy/scipy so results
/// agree with other tools: PSI and Jensen–Shannon over binned counts, two-sample Kolmogorov–Smirnov,
/// Wasserstein-1 and the chi-square test of homogeneity. Inputs that leave a statistic undefined
/// (an empty side) give NaN rather than an exception.
/// </summary>
public static class DriftStatistics
{
    /// <summary>Proportions of zero are replaced by this before the PSI logarithm.</summary>
    public const double PsiFloor = 0.0001;

    /// <summary>2^400 and 2^-400: magnitudes within them are never scaled (<see cref="SafeExponent"/>).</summary>
    internal const double SafeHigh = 2.5822498780869086E+120;

    internal const double SafeLow = 3.8725919148493183E-121;

    /// <summary>PSI = Σ (q − p)·ln(q / p), p the reference and q the current proportions, zeros replaced by <see cref="PsiFloor"/>.</summary>
    public static double Psi(ReadOnlySpan<long> referenceCounts, ReadOnlySpan<long> currentCounts)
    {
        CheckSameLength(referenceCounts, currentCounts);
        var n = Sum(referenceCounts);
        var m = Sum(currentCounts);
        if (n == 0 || m == 0)
        {
            return double.NaN;
        }

        double psi = 0;
        for (var i = 0; i < referenceCounts.Length; i++)
        {
            var p = referenceCounts[i] / (double)n;
            var q = currentCounts[i] / (double)m;
            p = p == 0 ? PsiFloor : p;
            q = q == 0 ? PsiFloor : q;
            psi += (q - p) * Math.Log(q / p);
        }

        return psi;
    }

    /// <summary>Jensen–Shannon distance (square root of the divergence, natural log, no smoothing), as scipy.spatial.distance.jensenshannon.</summary>
    public static double JensenShannon(ReadOnlySpan<long> referenceCounts, ReadOnlySpan<long> currentCounts)
    {
        CheckSameLength(referenceCounts, currentCounts);
        var n = Sum(referenceCounts);
        var m = Sum(currentCounts);
        if (n == 0 || m == 0)
        {
            return double.NaN;
        }

        double js = 0;
        for (var i = 0; i < referenceCounts.Length; i++)
        {
            var p = referenceCounts[i] / (double)n;
            var q = currentCounts[i] / (double)m;
            var mid = (p + q) / 2;
            if (p > 0)
            {
                js += p * Math.Log(p / mid);
            }

            if (q > 0)
            {
                js += q * Math.Log(q / mid);
            }
        }

        return Math.Sqrt(Math.Max(0, js / 2));
    }

    /// <summary>
    /// Counts <paramref name="values"/> into the bins (e[i-1], e[i]] of sorted <paramref name="innerEdges"/>
    /// (outer bins open; <paramref name="bins"/> has one more slot than there are edges) in one vectorized
    /// pass. Non-finite values are left out; their number is returned.
    /// </summary>
    public static long CountBins(ReadOnlySpan<double> values, ReadOnlySpan<double> innerEdges, Span<long> bins) =>
        BinCounter.Count(values, innerEdges, bins);

    /// <summary>Two-sample KS over sorted finite samples; the p-value as scipy.stats.ks_2samp(method="asymp").</summary>
    public static KolmogorovSmirnovResult KolmogorovSmirnov(ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> sortedCurrent)
    {
        var (d, _) = KsAndWasserstein(sortedReference, sortedCurrent);
        return new KolmogorovSmirnovResult(d, KolmogorovSmirnovPValue(d, sortedReference.Length, sortedCurrent.Length));
    }

    /// <summary>Two-sided p-value of a two-sample KS statistic d for samples of sizes n and m.</summary>
    public static double KolmogorovSmirnovPValue(double d, long n, long m) =>
        n <= 0 || m <= 0 ? double.NaN : KolmogorovDistribution.Survival(d, EffectiveSize(n, m));

    /// <summary>The KS statistic at which the two-sided p-value falls to <paramref name="alpha"/> (Stephens-corrected limit, within a few percent of exact in the upper tail).</summary>
    public static double KolmogorovSmirnovCriticalValue(double alpha, long n, long m) =>
        n <= 0 || m <= 0 ? double.NaN : KolmogorovDistribution.CriticalValue(alpha, EffectiveSize(n, m));

    /// <summary>Wasserstein-1 distance between two sorted finite samples' empirical distributions (scipy.stats.wasserstein_distance).</summary>
    public static double Wasserstein(ReadOnlySpan<double> sortedA, ReadOnlySpan<double> sortedB) =>
        KsAndWasserstein(sortedA, sortedB).Wasserstein;

    /// <summary>Chi-square test of homogeneity on the 2×k table of counts, no continuity correction (scipy.stats.chi2_contingency(correction=False)).</summary>
    public static ChiSquareResult ChiSquareHomogeneity(ReadOnlySpan<long> referenceCounts, ReadOnlySpan<long> currentCounts)
    {
        CheckSameLength(referenceCounts, currentCounts);
        var n = (double)Sum(referenceCounts);
        var m = (double)Sum(currentCounts);
        var total = n + m;
        if (n == 0 || m == 0)
        {
            return new ChiSquareResult(double.NaN, 0, double.NaN);
        }

        double stat = 0;
        var k = 0;
        for (var i = 0; i < referenceCounts.Length; i++)
        {
            var col = referenceCounts[i] + currentCounts[i];
            if (col == 0)
            {
                continue;
            }

            k++;
            var er = n * col / total;
            var ec = m * col / total;
            var dr = referenceCounts[i] - er;
            var dc = currentCounts[i] - ec;
            stat += (dr * dr / er) + (dc * dc / ec);
        }

        var dof = k - 1;
        return dof == 0
            ? new ChiSquareResult(0, 0, 1.0)
            : new ChiSquareResult(stat, dof, ChiSquareSurvival(stat, dof));
    }

    /// <summary>The chi-square value exceeded with probability <paramref name="alpha"/> at <paramref name="degreesOfFreedom"/>.</summary>
    public static double ChiSquareCriticalValue(double alpha, int degreesOfFreedom)
    {
        if (degreesOfFreedom <= 0 || alpha <= 0 || alpha >= 1)
        {
            return double.NaN;
        }

        // Bisection on the upper tail keeps full relative precision for small alpha.
        double lo = 0, hi = Math.Max(1, degreesOfFreedom);
        while (ChiSquareSurvival(hi, degreesOfFreedom) > alpha)
        {
            lo = hi;
            hi *= 2;
        }

        for (var i = 0; i < 100 && hi - lo > 1e-12 * hi; i++)
        {
            var mid = 0.5 * (lo + hi);
            if (ChiSquareSurvival(mid, degreesOfFreedom) > alpha)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return hi;
    }

    internal static double ChiSquareSurvival(double x, int dof) =>
        x <= 0 ? 1.0 : SpecialFunctions.GammaUpperRegularized(dof / 2.0, x / 2.0);

    internal static double EffectiveSize(long n, long m) => n * (double)m / (n + (double)m);

    /// <summary>
    /// KS D and Wasserstein-1 in one merge walk over the distinct values of both sorted samples:
    /// both empirical CDFs are step functions, so D is attained at a value of either sample and the
    /// area between them is a sum of rectangles between consecutive values.
    /// </summary>
    internal static (double D, double Wasserstein) KsAndWasserstein(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int n = a.Length, m = b.Length;
        if (n == 0 || m == 0)
        {
            return (double.NaN, double.NaN);
        }

        double invN = 1.0 / n, invM = 1.0 / m;
        int i = 0, j = 0;
        double d = 0, w = 0, fa = 0, fb = 0;
        var prev = Math.Min(a[0], b[0]);
        while (i < n && j < m)
        {
            var ai = a[i];
            var bj = b[j];
            if (bj < ai)
            {
                // A run of current values below the next reference value: the reference CDF stays put.
                var diff = fa - fb;
                w += Math.Abs(diff) * (bj - prev);
                j++;
                while (j < m && b[j] < ai)
                {
                    var x = b[j];
                    fb = j * invM;
                    w += Math.Abs(fa - fb) * (x - b[j - 1]);
                    j++;
                }

                fb = j * invM;
                prev = b[j - 1];
                d = Math.Max(d, Math.Abs(fa - fb));
                continue;
            }

            var v = ai;
            w += Math.Abs(fa - fb) * (v - prev);
            while (i < n && a[i] == v)
            {
                i++;
            }

            while (j < m && b[j] == v)
            {
                j++;
            }

            fa = i * invN;
            fb = j * invM;
            d = Math.Max(d, Math.Abs(fa - fb));
            prev = v;
        }

        // One side is used up: its CDF is 1 from here on.
        while (i < n)
        {
            var v = a[i];
            w += Math.Abs(fa - fb) * (v - prev);
            while (i < n && a[i] == v)
            {
                i++;
            }

            fa = i * invN;
            d = Math.Max(d, Math.Abs(fa - fb));
            prev = v;
        }

        while (j < m)
        {
            var v = b[j];
            w += Math.Abs(fa - fb) * (v - prev);
            while (j < m && b[j] == v)
            {
                j++;
            }

            fb = j * invM;
            d = Math.Max(d, Math.Abs(fa - fb));
            prev = v;
        }

        if (!double.IsFinite(w) && SafeExponent(MaxAbs(a, b)) != 0)
        {
            // Steps wider than double.MaxValue: the walk again on the samples scaled down, exactly.
            var (scaled, e) = ScaledWasserstein(a, b);
            w = Math.ScaleB(scaled, e);
        }

        return (d, w);
    }

    /// <summary>
    /// numpy.quantile(sorted, p) with the default linear method, bit for bit (numpy's two-sided lerp). Where
    /// the two neighbours are more than double.MaxValue apart (numpy's difference overflows to inf, and its
    /// quantile to inf or NaN), the lerp runs on half the difference: the quantile numpy gives for the
    /// sample scaled by a power of two, scaled back.
    /// </summary>
    internal static double Quantile(ReadOnlySpan<double> sorted, double p)
    {
        var n = sorted.Length;
        var virtualIndex = (n - 1) * p;
        var lower = Math.Floor(virtualIndex);
        var lo = (int)Math.Clamp(lower, 0, n - 1);
        var hi = Math.Min(lo + 1, n - 1);
        var gamma = virtualIndex - lower;
        var a = sorted[lo];
        var b = sorted[hi];
        var diff = b - a;
        if (double.IsInfinity(diff) && double.IsFinite(a) && double.IsFinite(b))
        {
            // Halving is exact here (both neighbours are huge), and so is doubling the weight.
            var half = (b * 0.5) - (a * 0.5);
            return gamma >= 0.5 ? b - (half * (2 * (1 - gamma))) : a + (half * (2 * gamma));
        }

        return gamma >= 0.5 ? b - (diff * (1 - gamma)) : a + (diff * gamma);
    }

    /// <summary>
    /// The power of two by which to divide a sample whose largest magnitude is <paramref name="maxAbs"/> so
    /// that sums, squares and differences over it neither overflow nor underflow: 0 (no scaling, results
    /// unchanged) for magnitudes within 2^±400, else the exponent that brings the largest into [1, 2).
    /// Dividing by a power of two is exact, so a statistic computed on the scaled sample and scaled back is
    /// the one the unscaled sample would give with unbounded range.
    /// </summary>
    internal static int SafeExponent(double maxAbs) =>
        !double.IsFinite(maxAbs) || maxAbs == 0 || (maxAbs <= SafeHigh && maxAbs >= SafeLow) ? 0 : Math.ILogB(maxAbs);

    /// <summary>
    /// Wasserstein-1 between two sorted finite samples, both divided by 2^Exponent first (see
    /// <see cref="SafeExponent"/>), for samples so spread that the distance or a step of the walk overflows.
    /// </summary>
    internal static (double Scaled, int Exponent) ScaledWasserstein(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var e = SafeExponent(MaxAbs(a, b));
        return e == 0 ? (KsAndWasserstein(a, b).Wasserstein, 0) : (KsAndWasserstein(Scaled(a, e), Scaled(b, e)).Wasserstein, e);
    }

    private static double MaxAbs(ReadOnlySpan<double> sortedA, ReadOnlySpan<double> sortedB) =>
        Math.Max(Math.Max(Math.Abs(sortedA[0]), Math.Abs(sortedA[^1])), Math.Max(Math.Abs(sortedB[0]), Math.Abs(sortedB[^1])));

    /// <summary><paramref name="value"/> divided by 2^<paramref name="exponent"/> (exact but for subnormal results; itself for 0).</summary>
    internal static double ScaleDown(double value, int exponent) => exponent == 0 ? value : Math.ScaleB(value, -exponent);

    private static double[] Scaled(ReadOnlySpan<double> values, int exponent)
    {
        var scaled = new double[values.Length];
        for (var i = 0; i < scaled.Length; i++)
        {
            scaled[i] = ScaleDown(values[i], exponent);
        }

        return scaled;
    }

    private static long Sum(ReadOnlySpan<long> counts)
    {
        long s = 0;
        foreach (var c in counts)
        {
            s += c;
        }

        return s;
    }

    private static void CheckSameLength(ReadOnlySpan<long> a, ReadOnlySpan<long> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"count vectors differ in length ({a.Length} vs {b.Length})", nameof(b));
        }
    }
}
