namespace DriftCatcher.Core.Agent.Decisions;

/// <summary>
/// What the agent asks its host to do. The agent never trains or switches traffic itself: the host does,
/// and answers with an <see cref="Messages.ActionApplied"/> or <see cref="Messages.RetrainCompleted"/>.
/// For <see cref="AgentAction.Retrain"/> the host trains on the labeled batches
/// <see cref="FirstBatch"/>..<see cref="LastBatch"/> less <see cref="ExcludedBatches"/> (flagged faulty:
/// no model is ever trained on them), adding the initial training set when
/// <see cref="IncludeInitialTraining"/>. For <see cref="AgentAction.Fallback"/>,
/// <see cref="ExcludedFeatures"/> names the inputs the fallback must not depend on.
/// </summary>
public sealed record ActionRequest(string RequestId, AgentAction Action, string Reason)
{
    public string? IncidentId { get; init; }

    /// <summary>The version to serve (promote, rollback, canary, shadow, restore).</summary>
    public string? TargetVersion { get; init; }

    public long? FirstBatch { get; init; }

    public long? LastBatch { get; init; }

    public IReadOnlyList<long> ExcludedBatches { get; init; } = [];

    public bool IncludeInitialTraining { get; init; }

    /// <summary>
    /// Retrain only, with <see cref="IncludeInitialTraining"/> set because the window is short of <c>min_rows</c> after
    /// the concept changed: the initial training set holds the old concept. The host also trains the window without it,
    /// on the same held-out rows, and keeps that candidate only on a clear paired win (as for <see cref="ShortFirstBatch"/>).
    /// </summary>
    public bool OfferWithoutInitialTraining { get; init; }

    /// <summary>
    /// Retrain only: a shorter alternative window, <see cref="ShortFirstBatch"/>..<see cref="LastBatch"/> (the
    /// batches since the estimated change). The host trains a candidate on each window, holds out the same
    /// newest rows for both, and keeps the one that scores better on them: a sudden change wants only the
    /// new data, a gradual or noisy one wants more rows than the change has produced so far.
    /// </summary>
    public long? ShortFirstBatch { get; init; }

    /// <summary>
    /// Retrain only: weigh the newest labeled batches more (null: every row counts the same). A row of batch b
    /// counts 2^−(<see cref="LastBatch"/> − b) / half-life, the weights scaled to average 1; rows of the initial
    /// training set count as the window's oldest batch. The agent asks for it only while the concept keeps
    /// moving: the model's centre in time moves towards now without dropping rows.
    /// </summary>
    public double? RecencyHalfLife { get; init; }

    /// <summary>
    /// Retrain only: earlier versions the host scores beside the candidate and the champion on the held-out rows of the
    /// batches from <see cref="RecallFromBatch"/> on (<see cref="Messages.RetrainCompleted.Recalled"/>); a concept that
    /// comes back is answered best by the version that learned it.
    /// </summary>
    public IReadOnlyList<string> RecallVersions { get; init; } = [];

    /// <summary>Retrain only: the first batch whose held-out rows judge <see cref="RecallVersions"/> (the estimated change).</summary>
    public long? RecallFromBatch { get; init; }

    public IReadOnlyList<string> ExcludedFeatures { get; init; } = [];

    public RiskLevel Risk { get; init; }

    /// <summary>For <see cref="AgentAction.Canary"/>: the share of rows the candidate serves.</summary>
    public double? Share { get; init; }

    /// <summary>For <see cref="AgentAction.Canary"/> and <see cref="AgentAction.Shadow"/>: end the running trial (the champion alone serves again).</summary>
    public bool EndsTrial { get; init; }
}
