namespace DriftCatcher.Twin.Scenarios;

/// <summary>
/// A digital-twin scenario as read from data/scenarios/*.json (snake_case names; see docs/twin.md).
/// Batches are numbered from 0. Validate with <see cref="ScenarioValidator.Validate"/>.
/// </summary>
public sealed record TwinScenario
{
    public const int DefaultTrainRows = 5000;
    public const int DefaultBatches = 40;
    public const int DefaultBatchSize = 500;

    public string? Name { get; init; }

    public string? Description { get; init; }

    /// <summary>What a healthy agent should do (free text for people, e.g. "retrain after batch 20").</summary>
    public string? Expected { get; init; }

    /// <summary>Seeds every random draw; the same scenario and seed give byte-identical files.</summary>
    public int? Seed { get; init; }

    public GeneratorSpec? Generator { get; init; }

    public int TrainRows { get; init; } = DefaultTrainRows;

    /// <summary>The concept the training rows come from, and the stream's concept before any drift.</summary>
    public int TrainConcept { get; init; }

    public int Batches { get; init; } = DefaultBatches;

    public int BatchSize { get; init; } = DefaultBatchSize;

    /// <summary>Batches between a row's arrival and its label's arrival (replay's --label-delay).</summary>
    public int LabelDelay { get; init; }

    public ServingSpec Serving { get; init; } = new();

    public IReadOnlyList<DriftEventSpec> Drifts { get; init; } = [];

    public IReadOnlyList<FaultSpec> Faults { get; init; } = [];
}
