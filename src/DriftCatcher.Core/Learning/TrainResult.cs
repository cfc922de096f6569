using DriftCatcher.Core.Learning.Artifacts;

namespace DriftCatcher.Core.Learning;

/// <summary>A trained artifact (metrics and lineage in its metadata) and how long training took.</summary>
public sealed record TrainResult(ModelArtifact Artifact, TimeSpan Elapsed);
