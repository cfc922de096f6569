namespace DriftCatcher.Twin.Reporting;

/// <summary>The agent's reading of a tick: probable cause, severity and whether the problem persists.</summary>
public sealed record TwinAssessment(string? Cause, string? Severity, bool? Persistent);
