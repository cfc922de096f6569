namespace DriftCatcher.Core.Statistics;

/// <summary>
/// Survival function of the two-sided one-sample Kolmogorov statistic D_n, which the two-sample test
/// uses with n = round(n1·n2/(n1+n2)) (scipy's ks_2samp method="asymp" does the same).
/// Small n: the exact Durbin matrix of Marsaglia, Tsang and Wang (2003); larger n: Kolmogorov's limit
/// with Stephens' finite-sample correction, whose error is below 0.006 from n = 400 on.
/// </summary>
internal static class KolmogorovDistribution
{
    private const int ExactUpTo = 400;

    public static double Survival(double d, double n)
    {
        if (double.IsNaN(d) || !(n > 0))
        {
            return double.NaN;
        }

        if (d <= 0)
        {
            return 1.0;
        }

        if (d >= 1)
        {
            return 0.0;
        }

        var nn = Math.Max(1, (int)Math.Min(int.MaxValue, Math.Round(n, MidpointRounding.ToEven)));
        if (nn <= ExactUpTo)
        {
            // Below 1/(2n) the statistic cannot occur: D_n ≥ 1/(2n) always.
            return d <= 0.5 / nn ? 1.0 : ExactSurvival(nn, d);
        }

        var s = Math.Sqrt((double)nn);
        return LimitSurvival((s + 0.12 + (0.11 / s)) * d);
    }

    /// <summary>
    /// The d at which the Stephens-corrected limit falls to <paramref name="alpha"/>. Inverting the
    /// exact small-n distribution would cost dozens of matrix powers; in the upper tail, where the
    /// decision thresholds live, the corrected limit is within a few percent of it.
    /// </summary>
    public static double CriticalValue(double alpha, double n)
    {
        if (alpha <= 0 || alpha >= 1 || !(n > 0))
        {
            return double.NaN;
        }

        var s = Math.Sqrt(Math.Max(1, Math.Round(n, MidpointRounding.ToEven)));
        double lo = 0, hi = 10;
        for (var i = 0; i < 60; i++)
        {
            var mid = 0.5 * (lo + hi);
            if (LimitSurvival(mid) > alpha)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return Math.Min(1.0, hi / (s + 0.12 + (0.11 / s)));
    }

    /// <summary>Q(λ) = 2 Σ (-1)^(k-1) exp(-2k²λ²), the limiting Kolmogorov survival function.</summary>
    public static double LimitSurvival(double lambda)
    {
        if (lambda < 0.2)
        {
            return 1.0;
        }

        double sum = 0;
        var sign = 1.0;
        for (var k = 1; k <= 100; k++)
        {
            var term = Math.Exp(-2.0 * k * k * lambda * lambda);
            sum += sign * term;
            if (term < 1e-17 * Math.Max(sum, 1e-300))
            {
                break;
            }

            sign = -sign;
        }

        return Math.Clamp(2.0 * sum, 0.0, 1.0);
    }

    /// <summary>
    /// P(D_n ≥ d): far in the tail Marsaglia–Tsang–Wang's closed form (kept as a survival value so tiny
    /// p-values do not cancel to 0), otherwise one minus their exact CDF.
    /// </summary>
    private static double ExactSurvival(int n, double d)
    {
        var s = d * d * n;
        return s > 7.24 || (s > 3.76 && n > 99)
            ? Math.Min(1.0, 2 * Math.Exp(-(2.000071 + (0.331 / Math.Sqrt(n)) + (1.409 / n)) * s))
            : Math.Clamp(1.0 - ExactCdf(n, d), 0.0, 1.0);
    }

    /// <summary>P(D_n &lt; d), Marsaglia–Tsang–Wang: a power of a (2k-1)² matrix with decimal exponent tracking.</summary>
    private static double ExactCdf(int n, double d)
    {
        var s = d * d * n;

        var k = (int)(n * d) + 1;
        var m = (2 * k) - 1;
        var h = k - (n * d);
        var hm = new double[m * m];
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < m; j++)
            {
                hm[(i * m) + j] = i - j + 1 < 0 ? 0 : 1;
            }
        }

        for (var i = 0; i < m; i++)
        {
            hm[i * m] -= Math.Pow(h, i + 1);
            hm[((m - 1) * m) + i] -= Math.Pow(h, m - i);
        }

        hm[(m - 1) * m] += (2 * h) - 1 > 0 ? Math.Pow((2 * h) - 1, m) : 0;
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < m; j++)
            {
                if (i - j + 1 > 0)
                {
                    for (var g = 1; g <= i - j + 1; g++)
                    {
                        hm[(i * m) + j] /= g;
                    }
                }
            }
        }

        var q = MatrixPower(hm, 0, m, n, out var eq);
        s = q[((k - 1) * m) + k - 1];
        for (var i = 1; i <= n; i++)
        {
            s = s * i / n;
            if (s < 1e-140)
            {
                s *= 1e140;
                eq -= 140;
            }
        }

        return s * Math.Pow(10.0, eq);
    }

    private static double[] MatrixPower(double[] a, int ea, int m, int n, out int ev)
    {
        if (n == 1)
        {
            ev = ea;
            return (double[])a.Clone();
        }

        var half = MatrixPower(a, ea, m, n / 2, out var eh);
        var b = Multiply(half, half, m);
        var eb = 2 * eh;
        double[] v;
        if (n % 2 == 0)
        {
            v = b;
            ev = eb;
        }
        else
        {
            v = Multiply(a, b, m);
            ev = ea + eb;
        }

        if (v[((m / 2) * m) + (m / 2)] > 1e140)
        {
            for (var i = 0; i < v.Length; i++)
            {
                v[i] *= 1e-140;
            }

            ev += 140;
        }

        return v;
    }

    private static double[] Multiply(double[] a, double[] b, int m)
    {
        var c = new double[m * m];
        for (var i = 0; i < m; i++)
        {
            var row = c.AsSpan(i * m, m);
            for (var k = 0; k < m; k++)
            {
                var aik = a[(i * m) + k];
                if (aik == 0)
                {
                    continue;
                }

                var bk = b.AsSpan(k * m, m);
                for (var j = 0; j < m; j++)
                {
                    row[j] += aik * bk[j];
                }
            }
        }

        return c;
    }
}
