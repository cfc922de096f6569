namespace DriftCatcher.Core.Agent.State;

/// <summary>
/// One recent batch's counts per reference bin, per numeric feature, and the features whose drift test fired on it,
/// against the reference of the version that served it (<see cref="Version"/>): each version has its own bins.
/// </summary>
public sealed class BatchHistograms
{
    public long Batch { get; set; }

    public string Version { get; set; } = "";

    public Dictionary<string, int[]> Counts { get; set; } = [];

    /// <summary>The features whose drift test fired, with the statistic it fired at on the rows (KS D; NaN when not given).</summary>
    public Dictionary<string, double> Drifted { get; set; } = new(StringComparer.Ordinal);
}
