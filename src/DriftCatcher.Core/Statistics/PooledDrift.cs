namespace DriftCatcher.Core.Statistics;

/// <summary>
/// One numeric feature's drift over several windows pooled, judged from their counts per reference bin:
/// <see cref="Statistic"/> is the KS D of the binned CDFs (read at the reference's decile edges only, so at most
/// the D of the rows themselves), <see cref="Threshold"/> the larger of the effect floor and the critical value for
/// <see cref="Count"/> pooled values.
/// </summary>
public sealed record PooledDrift(string Name, long Count, double Statistic, double Threshold)
{
    public bool Drifted => Statistic > Threshold;
}
