namespace DriftCatcher.Core.Agent.Policy;

/// <summary>What a retrain trains on.</summary>
public sealed record RetrainOptions
{
    /// <summary>At most this many of the newest clean labeled batches.</summary>
    public int WindowBatches { get; init; } = 6;

    /// <summary>Reach back before the estimated change point until at least this many labeled rows are in the window.</summary>
    public int MinRows { get; init; } = 2000;

    /// <summary>
    /// When the window reaches back before the change to cover <see cref="MinRows"/>, also offer the host a
    /// window of the batches since the change, reaching back only until this many rows (0: never); the host
    /// keeps whichever candidate scores better on the newest held-out rows.
    /// </summary>
    public int ShortMinRows { get; init; } = 300;

    /// <summary>Add the initial training set ("old" data) to the recent batches.</summary>
    public bool IncludeInitialTraining { get; init; }

    /// <summary>
    /// After a recovery whose model learned from fewer rows than this, retrain once more when
    /// <see cref="WindowBatches"/> clean labeled batches since the change are in (0 turns it off): the
    /// first answer to a change is trained on what little was labeled by then.
    /// </summary>
    public int ConsolidateBelowRows { get; init; } = 2000;

    /// <summary>
    /// After a verified recovery from drift (concept, covariate, new region), keep a challenger going for this
    /// many batches (0 turns it off): a concept that moved once often keeps moving (incremental and gradual
    /// drift), and waiting for the next confirmed drop costs the batches it takes to confirm it.
    /// </summary>
    public int TrackBatches { get; init; } = 12;

    /// <summary>While tracking, retrain a challenger on the newest clean labeled batches every this many batches.</summary>
    public int TrackEvery { get; init; } = 2;

    /// <summary>
    /// A tracking challenger replaces the champion only when it beats it by more than this on the gate's
    /// held-out recent rows; one that does not ends the tracking (the concept has settled).
    /// </summary>
    public double TrackMargin { get; init; }

    /// <summary>How candidates reach serving after the gate: "direct" (shadow and canary are not built yet).</summary>
    public string Promotion { get; init; } = "direct";
}
