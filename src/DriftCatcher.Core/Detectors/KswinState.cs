namespace DriftCatcher.Core.Detectors;

/// <summary>
/// State of <see cref="KswinDetector"/>: the window's values (oldest first) and the sampling
/// generator's state (624 Mersenne Twister words and the position in them).
/// </summary>
public sealed record KswinState(KswinOptions Options, double[] Window, uint[] RandomState, int RandomIndex) : DetectorState;
