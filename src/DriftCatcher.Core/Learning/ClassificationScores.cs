namespace DriftCatcher.Core.Learning;

/// <summary>
/// How well class probabilities match the true classes. <see cref="RocAuc"/> is set for two classes
/// only. Undefined values (no rows, one class present) are NaN.
/// </summary>
public sealed record ClassificationScores(int Rows, double Accuracy, double F1Macro, double? RocAuc, double LogLoss)
{
    /// <summary>The scores by their CLI names (accuracy, f1_macro, roc_auc, log_loss).</summary>
    public IReadOnlyDictionary<string, double> ToDictionary()
    {
        var d = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [MetricNames.Accuracy] = Accuracy,
            [MetricNames.F1Macro] = F1Macro,
        };
        if (RocAuc is { } auc)
        {
            d[MetricNames.RocAuc] = auc;
        }

        d[MetricNames.LogLoss] = LogLoss;
        return d;
    }
}
