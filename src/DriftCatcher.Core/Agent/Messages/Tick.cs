namespace DriftCatcher.Core.Agent.Messages;

/// <summary>Asks the agent to assess what it has observed since the last tick and decide.</summary>
public sealed record Tick(DateTimeOffset Time, long Batch) : AgentMessage(Time);
