namespace DriftCatcher.Core.Agent.State;

/// <summary>One recent batch's counts per reference bin, per numeric feature, and the features whose drift test fired on it.</summary>
public sealed class BatchHistograms
{
    public long Batch { get; set; }

    public Dictionary<string, int[]> Counts { get; set; } = [];

    public List<string> Drifted { get; set; } = [];
}
