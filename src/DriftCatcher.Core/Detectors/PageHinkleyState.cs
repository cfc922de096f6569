namespace DriftCatcher.Core.Detectors;

/// <summary>
/// State of <see cref="PageHinkleyDetector"/>: the running mean, the two faded cumulative sums and
/// their extremes (the minimum is null before the first value).
/// </summary>
public sealed record PageHinkleyState(
    PageHinkleyOptions Options,
    double Count,
    double Mean,
    double SumIncrease,
    double SumDecrease,
    double? MinIncrease,
    double MaxDecrease) : DetectorState;
