namespace DriftCatcher.Twin.Reporting;

/// <summary>The metrics the agent saw at one tick; null where the record had none.</summary>
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
    double? MaeBaseline = null);
