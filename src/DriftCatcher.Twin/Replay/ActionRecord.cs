namespace DriftCatcher.Twin.Replay;

/// <summary>
/// One line of actions.jsonl: <c>{"batch", "action", "reason", "version_before", "version_after",
/// "training_batches": [first, last]}</c>; training_batches only for trained models.
/// </summary>
public sealed record ActionRecord(long Batch, string Action, string Reason, string VersionBefore, string VersionAfter)
{
    public IReadOnlyList<long>? TrainingBatches { get; init; }

    /// <summary>Whether an actions.jsonl action changes what serves (the summary line's "model changes").</summary>
    public static bool IsModelChange(string action) => action is "promote" or "rollback" or "fallback" or "disable" or "restore";
}
