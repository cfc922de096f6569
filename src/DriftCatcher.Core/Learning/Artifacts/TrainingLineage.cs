namespace DriftCatcher.Core.Learning.Artifacts;

/// <summary>
/// Where a model's training data came from: the dataset's name, its row count, the rows used (0-based
/// positions <see cref="FirstRow"/>..<see cref="LastRow"/> of the dataset, split by <see cref="SplitSeed"/>
/// into the counts given), an optional time range, and a SHA-256 of the data's content.
/// </summary>
public sealed record TrainingLineage
{
    public required string Dataset { get; init; }

    /// <summary>Rows in the dataset as loaded (before dropping rows without a label).</summary>
    public required long DatasetRows { get; init; }

    public long FirstRow { get; init; }

    public long LastRow { get; init; }

    public int TrainRows { get; init; }

    public int ValidationRows { get; init; }

    public int HoldoutRows { get; init; }

    public int SplitSeed { get; init; }

    public double ValidationFraction { get; init; }

    public double HoldoutFraction { get; init; }

    /// <summary>The earliest event time of the data, when the caller knows it.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>The latest event time of the data, when the caller knows it.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Lower-case hex SHA-256 of the dataset's content (see <see cref="FrameHash"/>).</summary>
    public required string ContentSha256 { get; init; }
}
