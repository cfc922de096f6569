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

    public List<string> Drifted { get; set; } = [];
}
