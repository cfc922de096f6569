namespace DriftCatcher.Twin.Reporting;

/// <summary>The outcome of verifying an earlier <see cref="Action"/>: status, the baseline and observed value, and the window.</summary>
public sealed record TwinVerification(string? Status, double? Baseline, double? Observed, string? Window, string? Action = null);
