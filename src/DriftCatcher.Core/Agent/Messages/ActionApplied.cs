using DriftCatcher.Core.Agent.Decisions;

namespace DriftCatcher.Core.Agent.Messages;

/// <summary>
/// The host carried out (or could not carry out) a serving change: promote, rollback, fallback, disable,
/// restore, canary or shadow. <see cref="VersionAfter"/> is what serves now.
/// </summary>
public sealed record ActionApplied(DateTimeOffset Time, string RequestId, AgentAction Action, bool Succeeded, string VersionAfter, string Detail) : AgentMessage(Time);
