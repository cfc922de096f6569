using DriftCatcher.Core.Data;

namespace DriftCatcher.Core.Learning.Artifacts;

/// <summary>
/// Everything about a model except its parameters: schema, label and classes, algorithm and its
/// settings, lineage, metrics and creation time. Stored as JSON in the artifact.
/// </summary>
public sealed record ModelMetadata
{
    public required string Algorithm { get; init; }

    public required TaskKind Task { get; init; }

    public required string Label { get; init; }

    /// <summary>Class names in output order (empty for regression).</summary>
    public required IReadOnlyList<string> Classes { get; init; }

    public required FeatureSchema Schema { get; init; }

    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    public int Seed { get; init; }

    public required TrainingLineage Lineage { get; init; }

    public DataPreparation Preparation { get; init; } = DataPreparation.None;

    /// <summary>Metrics on the validation part of the training data (names from <see cref="MetricNames"/>).</summary>
    public IReadOnlyDictionary<string, double> ValidationMetrics { get; init; } = new Dictionary<string, double>();

    /// <summary>Metrics on the holdout part, never seen during training or early stopping.</summary>
    public IReadOnlyDictionary<string, double> HoldoutMetrics { get; init; } = new Dictionary<string, double>();

    public IReadOnlyDictionary<string, double> FeatureImportance { get; init; } = new Dictionary<string, double>();

    public required DateTimeOffset CreatedAt { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public int ClassCount => Task == TaskKind.Regression ? 0 : Classes.Count;

    /// <summary>Checks the metadata agrees with the predictor it describes; throws <see cref="InputDataException"/> if not.</summary>
    internal void CheckMatches(IPredictor predictor)
    {
        var width = Task == TaskKind.Regression ? 1 : Classes.Count;
        if (predictor.Algorithm != Algorithm || predictor.Task != Task || predictor.OutputWidth != width
            || !predictor.FeatureNames.SequenceEqual(Schema.Names))
        {
            throw new InputDataException("the model file is corrupt: its description does not match its parameters");
        }
    }
}
