namespace DriftCatcher.Twin.Reporting;

/// <summary>One line of decisions.jsonl: what the agent saw, concluded and did at one batch tick.</summary>
public sealed record TwinDecision(
    int Batch,
    string? Time,
    string? ServedVersion,
    string? Mode,
    IReadOnlyList<TwinFinding> Findings,
    TwinMetrics Metrics,
    TwinAssessment? Assessment,
    string? Rule,
    string? Action,
    IReadOnlyList<TwinAlternative> Alternatives,
    string? IncidentId,
    TwinVerification? Verification);
