namespace DriftCatcher.Core.Learning;

/// <summary>What to train: algorithm, label, task, seed, learner parameters and where the data came from.</summary>
public sealed record TrainRequest
{
    public required string Algorithm { get; init; }

    /// <summary>The label column; null picks the first of <see cref="DatasetBuilder.LabelCandidates"/>.</summary>
    public string? Label { get; init; }

    public LearningTask Task { get; init; } = LearningTask.Classification;

    public int Seed { get; init; }

    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>The dataset's name for the lineage (a file name, a table and range...).</summary>
    public required string Dataset { get; init; }

    public SplitFractions Split { get; init; } = SplitFractions.Default;

    public DateTimeOffset? DataFrom { get; init; }

    public DateTimeOffset? DataTo { get; init; }
}
