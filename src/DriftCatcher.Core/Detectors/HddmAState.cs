namespace DriftCatcher.Core.Detectors;

/// <summary>
/// State of <see cref="HddmADetector"/>: the global mean and the two cut-point means (count and
/// mean each) that track a rise and a fall.
/// </summary>
public sealed record HddmAState(
    HddmAOptions Options,
    double Count,
    double Mean,
    double LowCount,
    double LowMean,
    double HighCount,
    double HighMean) : DetectorState;
