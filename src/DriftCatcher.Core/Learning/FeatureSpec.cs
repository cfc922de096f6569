using DriftCatcher.Core.Data;

namespace DriftCatcher.Core.Learning;

/// <summary>One feature a model was trained on: its name, kind and (categorical) levels seen in training.</summary>
public sealed record FeatureSpec(string Name, ColumnKind Kind, IReadOnlyList<string> Levels);
