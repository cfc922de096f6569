namespace DriftCatcher.Core.Detectors;

/// <summary>
/// State of <see cref="CusumDetector"/>: the warm-up statistics, the frozen reference mean and
/// sigma (null during warm-up) and the two cumulative sums.
/// </summary>
public sealed record CusumState(
    CusumOptions Options,
    double Count,
    double Mean,
    double SumSquares,
    double? Reference,
    double Sigma,
    double SumIncrease,
    double SumDecrease) : DetectorState;
