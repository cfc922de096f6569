namespace DriftCatcher.Twin.Reporting;

/// <summary>The outcome of verifying an earlier action: status, the baseline and observed value, and the window.</summary>
public sealed record TwinVerification(string? Status, double? Baseline, double? Observed, string? Window);
