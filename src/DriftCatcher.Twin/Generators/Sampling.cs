namespace DriftCatcher.Twin.Generators;

/// <summary>Deterministic draws built on <see cref="Random"/> only, so output does not depend on the runtime's samplers.</summary>
internal static class Sampling
{
    public static double Uniform(Random rng, double min, double max) => min + (rng.NextDouble() * (max - min));

    /// <summary>Standard normal by Box–Muller (one of the pair is discarded to keep the draw count fixed).</summary>
    public static double Gaussian(Random rng)
    {
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    public static double LogNormal(Random rng, double median, double sigma) => median * Math.Exp(sigma * Gaussian(rng));

    /// <summary>An integer from a log-normal, at least <paramref name="min"/>.</summary>
    public static int LogNormalInt(Random rng, double median, double sigma, int min, int max) =>
        (int)Math.Clamp(Math.Round(LogNormal(rng, median, sigma)), min, max);

    public static int Pick(Random rng, ReadOnlySpan<double> cumulative)
    {
        var u = rng.NextDouble() * cumulative[^1];
        for (var i = 0; i < cumulative.Length; i++)
        {
            if (u < cumulative[i])
            {
                return i;
            }
        }

        return cumulative.Length - 1;
    }

    public static double Lerp(double a, double b, double t) => a + ((b - a) * t);
}
