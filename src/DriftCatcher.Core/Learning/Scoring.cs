using DriftCatcher.Core.Performance;

namespace DriftCatcher.Core.Learning;

/// <summary>
/// The model metrics training and evaluation report, in the shape the CLI prints: a thin view over
/// <see cref="ClassificationMetrics"/> and <see cref="RegressionMetrics"/> (checked against scikit-learn).
/// </summary>
internal static class Scoring
{
    /// <summary>Scores row-major class probabilities (<paramref name="classes"/> per row) against class indices.</summary>
    public static ClassificationScores Classification(ReadOnlySpan<int> truth, ReadOnlySpan<double> probabilities, int classes)
    {
        if (truth.Length == 0)
        {
            return new ClassificationScores(0, double.NaN, double.NaN, classes == 2 ? double.NaN : null, double.NaN);
        }

        var m = ClassificationMetrics.Compute(truth, probabilities, classes);
        double? auc = classes == 2 ? m.RocAuc ?? double.NaN : null;
        return new ClassificationScores(m.Rows, m.Accuracy, m.MacroF1, auc, m.LogLoss);
    }

    public static RegressionScores Regression(ReadOnlySpan<double> truth, ReadOnlySpan<double> predicted)
    {
        if (truth.Length == 0)
        {
            return new RegressionScores(0, double.NaN, double.NaN, double.NaN);
        }

        var m = RegressionMetrics.Compute(truth, predicted);
        return new RegressionScores(m.Rows, m.Mae, m.Rmse, m.R2);
    }

    /// <summary>The index of the largest value; the first one on ties.</summary>
    public static int ArgMax(ReadOnlySpan<double> row)
    {
        var best = 0;
        for (var k = 1; k < row.Length; k++)
        {
            if (row[k] > row[best])
            {
                best = k;
            }
        }

        return best;
    }
}
