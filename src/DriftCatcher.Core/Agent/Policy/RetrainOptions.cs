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
    /// How a candidate that passed the gate reaches serving: "direct" (promote at once), "shadow" (it predicts
    /// beside the champion, which keeps serving, and is promoted when it holds up on the same labeled rows),
    /// "canary" (it serves <see cref="CanaryShare"/> of the rows first) or "auto" (direct while a performance
    /// incident is open: every batch on the failing champion costs accuracy; shadow otherwise).
    /// </summary>
    public string Promotion { get; init; } = "auto";

    /// <summary>Share of rows a canary candidate serves (deterministic by prediction id).</summary>
    public double CanaryShare { get; init; } = 0.2;

    /// <summary>Labeled batches a shadow trial judges before it decides.</summary>
    public int ShadowBatches { get; init; } = 2;

    /// <summary>Labeled batches a canary trial judges before it decides.</summary>
    public int CanaryBatches { get; init; } = 2;

    /// <summary>
    /// A recovery candidate is promoted when its accuracy on the trial's labeled rows is at least the
    /// champion's minus this; a challenger (no incident open) must beat the champion by at least this.
    /// </summary>
    public double TrialMargin { get; init; } = 0.005;

    /// <summary>
    /// After a verified recovery from drift, train a challenger every this many batches and shadow it
    /// (0 turns it off). The programme ends after <see cref="ChallengerLosses"/> lost trials in a row.
    /// </summary>
    public int ChallengerEvery { get; init; } = 2;

    /// <summary>
    /// While the concept keeps moving (an incident of drift whose last recovery was kept as progress: the gate
    /// scored it clearly better than the version before it on the newest rows), ask the host to weigh each
    /// labeled batch of the next retrain by 2^−age / this many batches, age counted back from the newest batch
    /// (0 = off). Challengers are not weighted: they must beat the champion on held-out rows spread over the
    /// whole window, where a recency-weighted fit loses (measured, docs/agent.md).
    /// </summary>
    public double RecencyHalfLife { get; init; } = DefaultRecencyHalfLife;

    /// <summary>The default of <see cref="RecencyHalfLife"/>, in batches.</summary>
    public const double DefaultRecencyHalfLife = 2;

    /// <summary>Lost challenger trials in a row that end the challenger programme (the concept has settled).</summary>
    public int ChallengerLosses { get; init; } = 2;

    /// <summary>
    /// A recovery retrain also asks the host to score up to this many earlier versions (the newest that served, not the
    /// champion) on the held-out rows since the change; one that beats both the new candidate and the champion clearly
    /// there is rolled back to instead: the concept it learned has come back (0 = off).
    /// </summary>
    public int RecallVersions { get; init; } = 3;
}
