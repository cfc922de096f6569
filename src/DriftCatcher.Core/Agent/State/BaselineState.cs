namespace DriftCatcher.Core.Agent.State;

/// <summary>
/// The accuracy (regression models: the mean and spread of the absolute error) the current champion is
/// held to: its validation value until <c>baseline_batches</c> labeled batches of its own serving have
/// arrived, then their mean.
/// </summary>
public sealed class BaselineState
{
    public string Version { get; set; } = "";

    public double ValidationAccuracy { get; set; } = double.NaN;

    public int Labeled { get; set; }

    public int Correct { get; set; }

    /// <summary>How many batches the baseline has pooled.</summary>
    public int Batches => PooledBatches.Count;

    /// <summary>
    /// The label-free level at deployment: the estimate pooled over the champion's first clean batches of at least
    /// <c>min_labels</c> answered rows, once they hold <c>baseline_batches</c> batches and
    /// <c>max(baseline_batches, baseline_max_batches) × min_labels</c> rows (NaN before). One 20-row batch whose rows all happened to be
    /// sure set it to 1.000 before, and ordinary batches read as drops (11 alerts on a stable stream).
    /// </summary>
    public double EstimatedAtDeployment => EstimatedSettled && EstimatedRows > 0 ? EstimatedSum / EstimatedRows : double.NaN;

    /// <summary>Whether <see cref="EstimatedAtDeployment"/> holds rows enough to be judged against.</summary>
    public bool EstimatedSettled { get; set; }

    /// <summary>Batches, answered rows and the sum of the per-row estimates pooled into the level.</summary>
    public int EstimatedBatches { get; set; }

    public int EstimatedRows { get; set; }

    public double EstimatedSum { get; set; }

    public bool Settled { get; set; }

    /// <summary>The batches pooled into the baseline (at most <c>max(baseline_batches, baseline_max_batches)</c>, or up to <see cref="ModelAgent.MaxBaselineBatches"/> on small batches while short of <c>baseline_min_rows</c>).</summary>
    public List<long> PooledBatches { get; set; } = [];

    /// <summary>Regression models: MAE on held-out rows at deployment and the spread of its absolute errors; both tasks: how many held-out rows (0 = unknown).</summary>
    public double ValidationMae { get; set; } = double.NaN;

    public double ValidationAbsErrorSd { get; set; } = double.NaN;

    public int ValidationRows { get; set; }

    /// <summary>Regression models: error sums of the labeled batches averaged into the baseline.</summary>
    public double AbsErrorSum { get; set; }

    public double SquaredErrorSum { get; set; }

    /// <summary>
    /// Once settled: the labeled batches pooled with the validation rows when their count and spread are known
    /// (two batches alone leave the baseline as uncertain as the batch judged against it, and that error is
    /// shared by every later comparison, which persistence cannot average away).
    /// </summary>
    public double Mae => Settled && PooledRows > 0 ? PooledAbsSum / PooledRows : ValidationMae;

    /// <summary>Spread of the baseline's absolute errors (NaN when unknown: validation without it).</summary>
    public double AbsErrorSd => Settled && PooledRows > 0
        ? Math.Sqrt(Math.Max(0, (PooledSquaredSum / PooledRows) - (Mae * Mae)))
        : ValidationAbsErrorSd;

    /// <summary>Rows behind <see cref="Mae"/> (0 when unknown: its own uncertainty is then ignored).</summary>
    public int MaeRows => Settled ? PooledRows : ValidationRows;

    private bool PoolValidation => ValidationRows > 0 && double.IsFinite(ValidationMae) && double.IsFinite(ValidationAbsErrorSd);

    private int PooledRows => Labeled + (PoolValidation ? ValidationRows : 0);

    private double PooledAbsSum => AbsErrorSum + (PoolValidation ? ValidationMae * ValidationRows : 0);

    private double PooledSquaredSum => SquaredErrorSum
        + (PoolValidation ? ValidationRows * ((ValidationAbsErrorSd * ValidationAbsErrorSd) + (ValidationMae * ValidationMae)) : 0);

    /// <summary>
    /// Classifiers: the validation accuracy until settled, then the labeled batches pooled with the validation rows
    /// when their count is known (as for regression: two batches alone are as uncertain as the batch judged).
    /// </summary>
    public double Accuracy => !Settled || Labeled == 0 ? ValidationAccuracy
        : PoolValidationAccuracy ? (Correct + (ValidationAccuracy * ValidationRows)) / (Labeled + ValidationRows)
        : (double)Correct / Labeled;

    /// <summary>Rows behind <see cref="Accuracy"/> (0 when unknown: its own uncertainty is then ignored).</summary>
    public int AccuracyRows => !Settled || Labeled == 0 ? ValidationRows : Labeled + (PoolValidationAccuracy ? ValidationRows : 0);

    private bool PoolValidationAccuracy => ValidationRows > 0 && double.IsFinite(ValidationAccuracy);
}
