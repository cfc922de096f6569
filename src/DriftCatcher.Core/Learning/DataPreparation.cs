namespace DriftCatcher.Core.Learning;

/// <summary>
/// What was done to the data before learning, so nothing disappears silently: rows dropped because
/// their label was missing (or non-finite for regression), and feature values the learner has to
/// handle itself (missing, ±Infinity).
/// </summary>
public sealed record DataPreparation(int DroppedRows, long MissingValues, long NonFiniteValues)
{
    public static readonly DataPreparation None = new(0, 0, 0);
}
