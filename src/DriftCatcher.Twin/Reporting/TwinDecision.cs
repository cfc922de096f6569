namespace DriftCatcher.Twin.Reporting;

/// <summary>
/// One decision of decisions.jsonl: what the agent saw, concluded and did at one batch tick. Follow-up
/// decisions nested in a line (<c>follow_ups</c>: a promote after a retrain completed) are listed after
/// their parent with the same batch and their own <see cref="Trigger"/>. <see cref="Action"/> is null for "none".
/// </summary>
public sealed record TwinDecision(
    int Batch,
    string? Time,
    string? Trigger,
    string? ServedVersion,
    string? Mode,
    IReadOnlyList<TwinFinding> Findings,
    TwinMetrics Metrics,
    TwinAssessment? Assessment,
    string? Rule,
    string? Action,
    string? Reason,
    IReadOnlyList<TwinAlternative> Alternatives,
    string? IncidentId,
    TwinVerification? Verification);
