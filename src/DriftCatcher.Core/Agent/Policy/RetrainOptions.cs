namespace DriftCatcher.Core.Agent.Policy;

/// <summary>What a retrain trains on.</summary>
public sealed record RetrainOptions
{
    /// <summary>At most this many of the newest clean labeled batches.</summary>
    public int WindowBatches { get; init; } = 6;

    /// <summary>Reach back before the estimated change point until at least this many labeled rows are in the window.</summary>
    public int MinRows { get; init; } = 300;

    /// <summary>Add the initial training set ("old" data) to the recent batches.</summary>
    public bool IncludeInitialTraining { get; init; }

    /// <summary>
    /// After a recovery whose model learned from fewer rows than this, retrain once more when
    /// <see cref="WindowBatches"/> clean labeled batches since the change are in (0 turns it off): the
    /// first answer to a change is trained on what little was labeled by then.
    /// </summary>
    public int ConsolidateBelowRows { get; init; } = 2000;

    /// <summary>How candidates reach serving after the gate: "direct" (shadow and canary are not built yet).</summary>
    public string Promotion { get; init; } = "direct";
}
