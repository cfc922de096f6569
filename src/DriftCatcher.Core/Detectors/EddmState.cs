namespace DriftCatcher.Core.Detectors;

/// <summary>
/// State of <see cref="EddmDetector"/>: counters, the running mean and sum of squares of the
/// distances between errors, the maximum of p' + 2s' so far and the (sticky) warning flag.
/// </summary>
public sealed record EddmState(
    EddmOptions Options,
    long Count,
    long LastError,
    long Errors,
    double DistanceCount,
    double DistanceMean,
    double DistanceSumSquares,
    double MaxLevel,
    bool Warning) : DetectorState;
