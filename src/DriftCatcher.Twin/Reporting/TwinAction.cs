namespace DriftCatcher.Twin.Reporting;

/// <summary>One line of actions.jsonl. <see cref="Action"/> is lower case (alert, retrain, rollback, ...).</summary>
public sealed record TwinAction(
    int Batch,
    string Action,
    string? Reason,
    string? VersionBefore,
    string? VersionAfter,
    int? TrainingFirstBatch,
    int? TrainingLastBatch);
