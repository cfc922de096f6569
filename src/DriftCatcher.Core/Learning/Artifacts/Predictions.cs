namespace DriftCatcher.Core.Learning.Artifacts;

/// <summary>
/// A model's output for a batch of rows: <see cref="Values"/> is row-major, <see cref="Width"/> per
/// row — class probabilities in the order of <see cref="Classes"/>, or the predicted number.
/// </summary>
public sealed record Predictions(TaskKind Task, IReadOnlyList<string> Classes, int Rows, int Width, double[] Values)
{
    /// <summary>The index of the most probable class of a row (the first on ties).</summary>
    public int ClassIndex(int row) => Scoring.ArgMax(Values.AsSpan(row * Width, Width));

    /// <summary>The predicted class name, or the predicted number as invariant text for regression.</summary>
    public string Label(int row) => Task == TaskKind.Regression
        ? Values[row].ToString("R", System.Globalization.CultureInfo.InvariantCulture)
        : Classes[ClassIndex(row)];
}
