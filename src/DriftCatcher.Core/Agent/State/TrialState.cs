using DriftCatcher.Core.Agent.Decisions;

namespace DriftCatcher.Core.Agent.State;

/// <summary>
/// A candidate on trial (shadow or canary) before it may be promoted: both models' answers on the same
/// labeled rows, per batch (bounded).
/// </summary>
public sealed class TrialState
{
    /// <summary><see cref="AgentAction.Shadow"/> or <see cref="AgentAction.Canary"/>.</summary>
    public AgentAction Kind { get; set; }

    public string Candidate { get; set; } = "";

    /// <summary>The champion the candidate is judged against.</summary>
    public string Champion { get; set; } = "";

    /// <summary>The request that starts the trial (the trial runs once the host applied it).</summary>
    public string RequestId { get; set; } = "";

    /// <summary>"recovery" (an incident is open), "consolidate" or "challenger" (the champion is fine).</summary>
    public string Purpose { get; set; } = "";

    public string? IncidentId { get; set; }

    /// <summary>Batch at which the trial was requested.</summary>
    public long RequestedBatch { get; set; }

    /// <summary>First batch served under the trial; -1 until the host applied it.</summary>
    public long StartBatch { get; set; } = -1;

    public bool Running => StartBatch >= 0;

    /// <summary>Labeled batches the trial needs before it decides.</summary>
    public int RequiredBatches { get; set; }

    public double Share { get; set; }

    public List<TrialBatch> Batches { get; set; } = [];
}
