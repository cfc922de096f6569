using DriftCatcher.Core.Agent.Audit;
using DriftCatcher.Core.Agent.Decisions;

namespace DriftCatcher.Core.Agent;

/// <summary>
/// What handling one message produced: the decision (null for pure observations such as a prediction or
/// label batch) and the requests the host must carry out, in order.
/// </summary>
public sealed record AgentTickResult(AgentDecision? Decision, IReadOnlyList<ActionRequest> Requests)
{
    public static AgentTickResult Observed { get; } = new(null, []);
}
