using DriftCatcher.Core.Agent.Decisions;

namespace DriftCatcher.Core.Agent.State;

/// <summary>An action held for a person in approval mode.</summary>
public sealed class PendingApproval
{
    public ActionRequest Request { get; set; } = new("", AgentAction.None, "");

    public long Batch { get; set; }

    public DateTimeOffset Time { get; set; }
}
