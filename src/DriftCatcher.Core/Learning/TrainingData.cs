using DriftCatcher.Core.Data;

namespace DriftCatcher.Core.Learning;

/// <summary>
/// What a learner fits: feature columns (numeric and categorical, missing and non-finite values left
/// in for the learner to handle) and one target per row — the class index into <see cref="Classes"/>
/// for classification, the value for regression.
/// </summary>
public sealed record TrainingData(DataFrame Features, double[] Targets, TaskKind Task, IReadOnlyList<string> Classes)
{
    /// <summary>Optional per-row weights (null = all 1).</summary>
    public double[]? Weights { get; init; }

    public int ClassCount => Task == TaskKind.Regression ? 0 : Classes.Count;
}
