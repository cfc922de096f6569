namespace DriftCatcher.Core.Tests.Statistics;

/// <summary>Seeded random samples for the decision tests.</summary>
internal static class Samples
{
    public static double[] Normal(Random rng, int n, double mean = 0, double sd = 1)
    {
        var x = new double[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = mean + (sd * StandardNormal(rng));
        }

        return x;
    }

    /// <summary>n values uniform on [low, high).</summary>
    public static double[] Uniform(Random rng, int n, double low, double high) =>
        [.. Enumerable.Range(0, n).Select(_ => low + ((high - low) * rng.NextDouble()))];

    /// <summary>A lognormal body with a small share of Pareto(α &lt; 1) outliers that dominate the standard deviation.</summary>
    public static double[] HeavyTailed(Random rng, int n, double bodyLogMean, double tailShare = 0.005)
    {
        var x = new double[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = rng.NextDouble() < tailShare
                ? 1e4 * Math.Pow(1 - rng.NextDouble(), -1 / 0.8)
                : Math.Exp(bodyLogMean + (0.5 * StandardNormal(rng)));
        }

        return x;
    }

    public static string?[] Categories(Random rng, int n, string[] names, double[] probabilities)
    {
        var x = new string?[n];
        for (var i = 0; i < n; i++)
        {
            var u = rng.NextDouble();
            var k = 0;
            while (k < probabilities.Length - 1 && u >= probabilities[k])
            {
                u -= probabilities[k];
                k++;
            }

            x[i] = names[k];
        }

        return x;
    }

    private static double StandardNormal(Random rng)
    {
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
