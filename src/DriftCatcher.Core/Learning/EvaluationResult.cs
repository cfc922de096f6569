namespace DriftCatcher.Core.Learning;

/// <summary>
/// A model scored on labelled rows: classification or regression scores, and how many rows were left
/// out because their label was missing.
/// </summary>
public sealed record EvaluationResult(int Rows, int DroppedRows, ClassificationScores? Classification, RegressionScores? Regression)
{
    /// <summary>The scores by name (see <see cref="MetricNames"/>).</summary>
    public IReadOnlyDictionary<string, double> Metrics =>
        Classification?.ToDictionary() ?? Regression?.ToDictionary() ?? new Dictionary<string, double>();
}
