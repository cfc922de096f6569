namespace DriftCatcher.Core.Learning;

/// <summary>
/// A frame turned into learner input: <see cref="Data"/> holds the rows whose label was usable,
/// <see cref="SourceRows"/> their 0-based positions in the original frame.
/// </summary>
public sealed record PreparedData(TrainingData Data, string Label, FeatureSchema Schema, DataPreparation Preparation, int[] SourceRows);
