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
    /// (0 turns it off). After <see cref="ChallengerLosses"/> lost in a row the programme slows down
    /// (<see cref="ChallengerMaxEvery"/>) and then ends.
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

    /// <summary>
    /// Lost challengers in a row (trials, or rejected by the gate) after which the programme slows down: each further
    /// challenger waits twice as long as the one before (see <see cref="ChallengerMaxEvery"/>).
    /// </summary>
    public int ChallengerLosses { get; init; } = 2;

    /// <summary>
    /// The longest wait between challengers, in batches, once <see cref="ChallengerLosses"/> were lost in a row; the
    /// programme ends when the doubled wait would exceed it. A value below twice <see cref="ChallengerEvery"/> (0) ends
    /// it after <see cref="ChallengerLosses"/> losses, the behaviour before session 17. A concept that is still moving
    /// slowly, or that stopped just after two challengers lost by a hair, leaves the champion further behind with every
    /// batch; the later challengers find it (incremental-drift-d, docs/agent.md "Challengers that slow down").
    /// </summary>
    public int ChallengerMaxEvery { get; init; } = 8;

    /// <summary>The batches to wait between challengers after <paramref name="losses"/> lost in a row; 0 when the programme ends.</summary>
    public int ChallengerWait(int losses)
    {
        if (losses < ChallengerLosses)
        {
            return ChallengerEvery;
        }

        var wait = (long)ChallengerEvery << Math.Min(30, losses - ChallengerLosses + 1);
        return wait <= ChallengerMaxEvery ? (int)wait : 0;
    }

    /// <summary>
    /// A recovery retrain also asks the host to score up to this many earlier versions (the newest that served, not the
    /// champion) on the held-out rows since the change; one that beats both the new candidate and the champion clearly
    /// there is rolled back to instead: the concept it learned has come back (0 = off).
    /// </summary>
    public int RecallVersions { get; init; } = 3;
}
