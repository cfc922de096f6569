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
}
