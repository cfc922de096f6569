namespace DriftCatcher.Core.Learning;

/// <summary>How close predicted numbers are to the true ones. Undefined values are NaN.</summary>
public sealed record RegressionScores(int Rows, double Mae, double Rmse, double R2)
{
    /// <summary>The scores by their CLI names (mae, rmse, r2).</summary>
    public IReadOnlyDictionary<string, double> ToDictionary() => new Dictionary<string, double>(StringComparer.Ordinal)
    {
        [MetricNames.Mae] = Mae,
        [MetricNames.Rmse] = Rmse,
        [MetricNames.R2] = R2,
    };
}
