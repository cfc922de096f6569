namespace DriftCatcher.Core.Agent.Decisions;

/// <summary>
/// The numbers a tick's decision looked at. Nullable values are null when there was nothing to measure
/// (no labels yet, no confidence because predictions were disabled).
/// </summary>
public sealed record DecisionMetrics
{
    public int Rows { get; init; }

    /// <summary>Accuracy of the newest batch whose labels became visible at this tick.</summary>
    public double? AccuracyRealized { get; init; }

    /// <summary>The batch <see cref="AccuracyRealized"/> is about.</summary>
    public long? LabeledBatch { get; init; }

    public double? AccuracyEstimated { get; init; }

    /// <summary>The accuracy the served model is expected to reach (its baseline).</summary>
    public double? AccuracyBaseline { get; init; }

    /// <summary>Regression models: mean absolute error of the batch <see cref="LabeledBatch"/> (null for classifiers).</summary>
    public double? MaeRealized { get; init; }

    /// <summary>Regression models: root mean squared error of the same batch (null for classifiers).</summary>
    public double? RmseRealized { get; init; }

    /// <summary>Regression models: the MAE the served model is expected to reach (null for classifiers).</summary>
    public double? MaeBaseline { get; init; }

    public double? ShareDrifted { get; init; }

    public double? MaxPsi { get; init; }

    public double? MeanConfidence { get; init; }

    public double? LatencyP95Ms { get; init; }

    public double? FailureRate { get; init; }
}
