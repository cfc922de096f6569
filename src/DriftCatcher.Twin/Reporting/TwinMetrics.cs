namespace DriftCatcher.Twin.Reporting;

/// <summary>
/// The metrics the agent saw at one tick; null where the record had none. The realized accuracy (or MAE) is of
/// <see cref="LabeledBatch"/>, the batch whose labels arrived at that tick, not of the tick's own batch.
/// </summary>
public sealed record TwinMetrics(
    int? Rows = null,
    double? AccuracyRealized = null,
    double? AccuracyEstimated = null,
    double? AccuracyBaseline = null,
    double? ShareDrifted = null,
    double? MaxPsi = null,
    double? MeanConfidence = null,
    double? LatencyP95Ms = null,
    double? FailureRate = null,
    double? MaeRealized = null,
    double? MaeBaseline = null,
    int? LabeledBatch = null);
