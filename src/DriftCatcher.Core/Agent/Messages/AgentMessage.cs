namespace DriftCatcher.Core.Agent.Messages;

/// <summary>
/// Everything a <see cref="ModelAgent"/> learns arrives as a message stamped with the host's clock;
/// the agent never reads a clock itself, so a replay on simulated time decides exactly as live serving.
/// </summary>
public abstract record AgentMessage(DateTimeOffset Time);
