using DriftCatcher.Core.Agent.Decisions;

namespace DriftCatcher.Core.Agent.State;

/// <summary>A closed incident: what it was, what was tried, how it ended.</summary>
public sealed class IncidentSummary
{
    public string Id { get; set; } = "";

    public Cause Cause { get; set; }

    public long OpenedBatch { get; set; }

    public long ClosedBatch { get; set; }

    /// <summary>The incident's estimated first batch of the failure (its change point).</summary>
    public long ChangeBatch { get; set; }

    /// <summary>"resolved", "cleared" (went away by itself), "escalated", "expired".</summary>
    public string Outcome { get; set; } = "";

    public List<string> Tried { get; set; } = [];
}
