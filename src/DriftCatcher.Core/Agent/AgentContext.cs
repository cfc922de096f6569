using DriftCatcher.Core.Agent.Monitoring;
using DriftCatcher.Core.Agent.Policy;

namespace DriftCatcher.Core.Agent;

/// <summary>
/// What the host lends the agent for one message: the policy, the monitoring engine bound to the served
/// model's reference, and any custom rules. None of it is state: it is configuration and pure engines.
/// </summary>
public sealed record AgentContext(AgentPolicy Policy, IBatchMonitor Monitor)
{
    public IReadOnlyList<ICustomRule> CustomRules { get; init; } = [];
}
