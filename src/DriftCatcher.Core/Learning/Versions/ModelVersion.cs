using DriftCatcher.Core.Learning.Artifacts;

namespace DriftCatcher.Core.Learning.Versions;

/// <summary>
/// One trained version of a deployed model: identity, what it is, where its data came from, how it
/// scored on its holdout, and its standing with the validation gate (with the reasons given).
/// </summary>
public sealed record ModelVersion(
    string Id,
    int Number,
    string Algorithm,
    TaskKind Task,
    DateTimeOffset CreatedAt,
    TrainingLineage Lineage,
    IReadOnlyDictionary<string, double> HoldoutMetrics)
{
    public GateStatus Gate { get; init; } = GateStatus.Pending;

    public IReadOnlyList<string> GateReasons { get; init; } = [];

    /// <summary>A pending version described by an artifact's metadata.</summary>
    public static ModelVersion FromArtifact(string id, int number, ModelMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return new ModelVersion(id, number, metadata.Algorithm, metadata.Task, metadata.CreatedAt, metadata.Lineage, metadata.HoldoutMetrics);
    }
}
