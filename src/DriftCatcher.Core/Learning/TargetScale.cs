namespace DriftCatcher.Core.Learning;

/// <summary>
/// The power of two a regression learner divides its targets by, so that labels of an absurd but uniform magnitude
/// (prices in units of 1e-50, counts near 1e200) are learned as labels near 1 are, and its outputs multiplied back.
/// Dividing by a power of two is exact, so the model is, to the bit, the one for the scaled targets, scaled.
/// </summary>
internal static class TargetScale
{
    /// <summary>
    /// The largest ratio of the largest |target| to the median nonzero one that is scaled. Beyond it one label stands
    /// far off the rest (a 1e50 among values near 10): scaled into range, the others would fall below what the learner
    /// resolves and the model would learn nothing of them, so such targets are left as they are and the learner's own
    /// overflow check refuses them, as before.
    /// </summary>
    public const double MaxSpread = 1.2676506002282294E+30; // 2^100

    /// <summary>
    /// 0 when the largest |target| lies within [<paramref name="low"/>, <paramref name="high"/>] (nothing changes), or
    /// when the targets spread beyond <see cref="MaxSpread"/>; else the exponent that brings the largest into [1, 2).
    /// </summary>
    public static int Exponent(double[] targets, double low, double high)
    {
        double maxAbs = 0;
        foreach (var t in targets)
        {
            maxAbs = Math.Max(maxAbs, Math.Abs(t));
        }

        if (maxAbs == 0 || !double.IsFinite(maxAbs) || (maxAbs <= high && maxAbs >= low))
        {
            return 0;
        }

        var nonzero = targets.Where(t => t != 0).Select(Math.Abs).Order().ToArray();
        return maxAbs / nonzero[nonzero.Length / 2] > MaxSpread ? 0 : Math.ILogB(maxAbs);
    }

    /// <summary>The targets divided by 2^<paramref name="exponent"/> (the same array for 0).</summary>
    public static double[] Scaled(double[] targets, int exponent) =>
        exponent == 0 ? targets : [.. targets.Select(t => Statistics.DriftStatistics.ScaleDown(t, exponent))];
}
