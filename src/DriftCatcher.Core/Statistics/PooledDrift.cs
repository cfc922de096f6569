namespace DriftCatcher.Core.Statistics;

/// <summary>
/// One numeric feature's drift over one or several windows pooled, judged from their counts per reference bin:
/// <see cref="Statistic"/> is the KS D of the binned CDFs (read at the reference's decile edges only, so at most the D
/// of the rows themselves); it drifts above the larger of the effect floor and the <see cref="Critical"/> value for
/// <see cref="Count"/> values at the family-wise rate.
/// </summary>
public sealed record PooledDrift(string Name, long Count, double Statistic, double Critical, double Floor)
{
    public double Threshold => Math.Max(Floor, Critical);

    public bool Drifted => Statistic > Threshold;

    /// <summary>Whether chance alone can cross the threshold at this count: the critical value, not the floor, decides.</summary>
    public bool ChanceCanCross => Critical > Floor;
}
