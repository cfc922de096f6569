using DriftCatcher.Core.Findings;

namespace DriftCatcher.Core.Agent.Monitoring;

/// <summary>
/// What the monitoring engine saw in one batch: its findings (each with its evidence) and the summary
/// numbers the agent keeps. <see cref="FeatureHistograms"/> are counts per reference bin, so the agent's
/// window summarizes the inputs without keeping rows.
/// </summary>
public sealed record BatchObservation(IReadOnlyList<Finding> Findings)
{
    /// <summary>Share of monitored features whose drift test fired.</summary>
    public double ShareDrifted { get; init; } = double.NaN;

    public double MaxPsi { get; init; } = double.NaN;

    public double MeanConfidence { get; init; } = double.NaN;

    /// <summary>Label-free estimate of the accuracy on this batch.</summary>
    public double EstimatedAccuracy { get; init; } = double.NaN;

    public IReadOnlyDictionary<string, int[]> FeatureHistograms { get; init; } = new Dictionary<string, int[]>();

    /// <summary>Features the drift test compared (the denominator of <see cref="ShareDrifted"/>); 0 when none was run.</summary>
    public int FeaturesCompared { get; init; }

    public static BatchObservation Empty { get; } = new([]);
}
