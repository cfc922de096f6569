namespace DriftCatcher.Core.Detectors;

/// <summary>What one update of a change detector signalled.</summary>
/// <param name="Drift">A change was detected at this value.</param>
/// <param name="Warning">The detector is in its warning zone after this value (only detectors whose method defines one).</param>
public readonly record struct DetectorResult(bool Drift, bool Warning)
{
    /// <summary>Nothing signalled.</summary>
    public static DetectorResult None => default;
}
