namespace DriftCatcher.Core.Detectors;

/// <summary>
/// State of <see cref="HddmWDetector"/>: the whole-stream sample, the samples before and after
/// the cut points for a rise and for a fall, and the cut points (null until the first value).
/// </summary>
public sealed record HddmWState(
    HddmWOptions Options,
    HddmSample Total,
    HddmSample BeforeRise,
    HddmSample AfterRise,
    HddmSample BeforeFall,
    HddmSample AfterFall,
    double? RiseCut,
    double? FallCut) : DetectorState;
