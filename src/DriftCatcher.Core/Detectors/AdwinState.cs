namespace DriftCatcher.Core.Detectors;

/// <summary>
/// State of <see cref="AdwinDetector"/>: the exponential histogram, row by row (row i holds
/// buckets of 2^i values, oldest first), and the window's running totals.
/// </summary>
public sealed record AdwinState(
    AdwinOptions Options,
    double[][] BucketTotals,
    double[][] BucketVariances,
    double Total,
    double Variance,
    long Width,
    long Tick) : DetectorState;
