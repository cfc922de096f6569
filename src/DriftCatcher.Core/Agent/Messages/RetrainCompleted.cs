namespace DriftCatcher.Core.Agent.Messages;

/// <summary>
/// The host trained the candidate a <see cref="Decisions.RetrainRequest"/> asked for and ran the validation
/// gate on it: <see cref="GatePassed"/> with both models' scores on the same held-out data.
/// </summary>
public sealed record RetrainCompleted(
    DateTimeOffset Time,
    string RequestId,
    string CandidateVersion,
    bool GatePassed,
    double CandidateScore,
    double ChampionScore,
    string GateReason) : AgentMessage(Time)
{
    public long FirstBatch { get; init; }

    public long LastBatch { get; init; }

    public int TrainingRows { get; init; }

    /// <summary>
    /// Batches between <see cref="FirstBatch"/> and <see cref="LastBatch"/> that arrived but were not trained on because
    /// their labels had not come yet (a label_delay fault makes some batches later than the rest): the window
    /// [first, last] alone would name them as trained on.
    /// </summary>
    public IReadOnlyList<long> UnlabeledBatches { get; init; } = [];

    /// <summary>Held-out rows only the candidate got right (paired with <see cref="ChampionOnlyRight"/>; -1: not reported).</summary>
    public int CandidateOnlyRight { get; init; } = -1;

    /// <summary>Held-out rows only the champion got right (-1: not reported).</summary>
    public int ChampionOnlyRight { get; init; } = -1;

    /// <summary>The earlier versions the request asked to recall, each scored on the held-out rows since the change.</summary>
    public IReadOnlyList<RecalledVersion> Recalled { get; init; } = [];

    /// <summary>
    /// McNemar's one-sided z for "the candidate is better than the champion" on the same held-out rows
    /// (discordant pairs); falls back to the sign of the score difference when the host reports no pairs.
    /// </summary>
    public double ImprovementZ() =>
        CandidateOnlyRight < 0 || ChampionOnlyRight < 0
            ? (CandidateScore > ChampionScore ? double.PositiveInfinity : CandidateScore < ChampionScore ? double.NegativeInfinity : 0)
            : Statistics.McNemar.Z(CandidateOnlyRight, ChampionOnlyRight);
}

/// <summary>
/// An earlier version scored on the retrain's held-out rows from <see cref="Decisions.ActionRequest.RecallFromBatch"/> on,
/// beside the candidate and the champion on the same rows: accuracy (a regression model: MAE) of each, and one-sided
/// z for "the recalled version is better" (McNemar on a classifier's discordant rows, the paired t of absolute errors
/// for a regression model).
/// </summary>
public sealed record RecalledVersion(string Version, int Rows, double Score, double CandidateScore, double ChampionScore, double ZOverCandidate, double ZOverChampion);
