namespace DriftCatcher.Twin.Reporting;

/// <summary>An action the agent considered at a tick and why it did not take it.</summary>
public sealed record TwinAlternative(string? Action, string? RejectedBecause);
