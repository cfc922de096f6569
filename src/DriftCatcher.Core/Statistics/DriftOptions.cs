namespace DriftCatcher.Core.Statistics;

/// <summary>
/// The drift decision's knobs. A feature drifts when its effect size exceeds both a floor that says
/// "this much change matters" and the critical value that keeps the chance of any false alarm across
/// all features of one comparison below <see cref="FamilyWiseErrorRate"/> (Bonferroni). See docs/drift.md.
/// </summary>
public sealed record DriftOptions
{
    public const double DefaultFamilyWiseErrorRate = 0.05;
    public const double DefaultMinimumKsStatistic = 0.1;
    public const double DefaultMinimumJensenShannon = 0.07;
    public const double DefaultDatasetDriftShare = 0.5;

    public static readonly DriftOptions Default = new();

    /// <summary>Chance of flagging any feature when none moved, over all features of one comparison.</summary>
    public double FamilyWiseErrorRate { get; init; } = DefaultFamilyWiseErrorRate;

    /// <summary>Numeric effect floor: KS D (the largest gap between the two CDFs, a share of rows).</summary>
    public double MinimumKsStatistic { get; init; } = DefaultMinimumKsStatistic;

    /// <summary>Categorical effect floor: Jensen–Shannon distance (0.07 ≈ a 10-point move of a balanced binary category).</summary>
    public double MinimumJensenShannon { get; init; } = DefaultMinimumJensenShannon;

    /// <summary>The dataset drifts when at least this share of its features drift.</summary>
    public double DatasetDriftShare { get; init; } = DefaultDatasetDriftShare;

    /// <summary>Features compared in parallel; -1 uses every core.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    internal void Validate()
    {
        if (!(FamilyWiseErrorRate is > 0 and < 1))
        {
            throw new ArgumentException($"FamilyWiseErrorRate must be in (0, 1), got {FamilyWiseErrorRate}");
        }

        if (!(MinimumKsStatistic is >= 0 and <= 1) || !(MinimumJensenShannon is >= 0 and <= 1))
        {
            throw new ArgumentException("the effect floors must be in [0, 1]");
        }

        if (!(DatasetDriftShare is > 0 and <= 1))
        {
            throw new ArgumentException($"DatasetDriftShare must be in (0, 1], got {DatasetDriftShare}");
        }
    }
}
