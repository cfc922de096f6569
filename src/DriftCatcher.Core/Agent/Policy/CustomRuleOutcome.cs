using DriftCatcher.Core.Agent.Decisions;

namespace DriftCatcher.Core.Agent.Policy;

/// <summary>What a custom rule decided.</summary>
public sealed record CustomRuleOutcome(AgentAction Action, string Reason);
