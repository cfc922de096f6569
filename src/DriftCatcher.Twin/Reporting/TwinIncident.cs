namespace DriftCatcher.Twin.Reporting;

/// <summary>
/// The decisions that share one incident id, folded: the batches it spans, its cause, the actions taken
/// in those batches, the last verification status and the <see cref="Outcome"/>.
/// </summary>
public sealed record TwinIncident(
    string Id,
    int FirstBatch,
    int LastBatch,
    string? Cause,
    IReadOnlyList<TwinAction> Actions,
    string? VerificationStatus,
    TwinIncidentOutcome Outcome);
