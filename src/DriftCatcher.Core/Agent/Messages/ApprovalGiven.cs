namespace DriftCatcher.Core.Agent.Messages;

/// <summary>A person approved (or refused) an action that waited in approval mode.</summary>
public sealed record ApprovalGiven(DateTimeOffset Time, string RequestId, bool Approved, string By) : AgentMessage(Time);
