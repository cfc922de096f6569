namespace DriftCatcher.Twin.Scenarios;

/// <summary>
/// What really happened in one stream batch (ground truth for judging an agent).
/// <see cref="ConceptMix"/> is the measured share of the batch's rows per concept (key = concept
/// number); rows of an incremental blend count toward the concept they blend from, and
/// <see cref="Blend"/> says how far they had gone. <see cref="RealDrift"/> is true when the labeling
/// differs from training: rows from another concept, a blend or movement since training, or a
/// shift of a feature the label depends on; for cicids, whose concepts are class mixtures, only a
/// class never seen in training (<see cref="UnseenLabels"/>) is real drift and a changed mixture is a
/// <see cref="PriorShift"/>. <see cref="CovariateShift"/> flags any feature shift.
/// </summary>
public sealed record BatchTruth
{
    public required int Batch { get; init; }

    /// <summary>Rows of the batch in stream.csv (0 when it fell into an arrival gap).</summary>
    public required int Rows { get; init; }

    public required bool Arrived { get; init; }

    public required IReadOnlyDictionary<string, double> ConceptMix { get; init; }

    public BlendTruth? Blend { get; init; }

    /// <summary>True when the concept moved continuously (hyperplane weights, rbf centers) during this batch.</summary>
    public required bool Moving { get; init; }

    /// <summary>Mean shift level per shifted feature (0 = none, 1 = full offset/scale).</summary>
    public required IReadOnlyDictionary<string, double> Shifts { get; init; }

    public required bool RealDrift { get; init; }

    /// <summary>True when rows come from a concept other than training's but the labeling is unchanged (cicids mixtures).</summary>
    public required bool PriorShift { get; init; }

    /// <summary>Measured share of the batch's rows per label value (class name for a categorical label).</summary>
    public required IReadOnlyDictionary<string, double> LabelMix { get; init; }

    /// <summary>Label values in this batch that the training rows never had.</summary>
    public required IReadOnlyList<string> UnseenLabels { get; init; }

    public required bool CovariateShift { get; init; }

    /// <summary>Active faults as "kind" or "kind:column".</summary>
    public required IReadOnlyList<string> Faults { get; init; }

    public required int LabelDelay { get; init; }

    public required double ArrivalDelayS { get; init; }
}
