namespace DriftCatcher.Core.Agent.Decisions;

/// <summary>An action the agent considered and did not take, and why.</summary>
public sealed record Alternative(AgentAction Action, string RejectedBecause);
