namespace DriftCatcher.Core.Learning;

/// <summary>The names metrics go by in artifacts, the CLI and the validation gate.</summary>
public static class MetricNames
{
    public const string Accuracy = "accuracy";
    public const string F1Macro = "f1_macro";
    public const string RocAuc = "roc_auc";
    public const string LogLoss = "log_loss";
    public const string Mae = "mae";
    public const string Rmse = "rmse";
    public const string R2 = "r2";

    /// <summary>True when a larger value is better; throws for a name that is not a known metric.</summary>
    public static bool HigherIsBetter(string metric) => metric switch
    {
        Accuracy or F1Macro or RocAuc or R2 => true,
        LogLoss or Mae or Rmse => false,
        _ => throw new ArgumentException($"unknown metric '{metric}' (known: accuracy, f1_macro, roc_auc, log_loss, mae, rmse, r2)", nameof(metric)),
    };
}
