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

    public int Batches { get; set; }

    /// <summary>Estimated accuracy on the first batches served (label-free reference).</summary>
    public double EstimatedAtDeployment { get; set; } = double.NaN;

    public bool Settled { get; set; }

    /// <summary>Regression models: MAE on held-out rows at deployment, the spread of its absolute errors, and how many rows.</summary>
    public double ValidationMae { get; set; } = double.NaN;

    public double ValidationAbsErrorSd { get; set; } = double.NaN;

    public int ValidationRows { get; set; }

    /// <summary>Regression models: error sums of the labeled batches averaged into the baseline.</summary>
    public double AbsErrorSum { get; set; }

    public double SquaredErrorSum { get; set; }

    public double Mae => Settled && Labeled > 0 ? AbsErrorSum / Labeled : ValidationMae;

    /// <summary>Spread of the baseline's absolute errors (NaN when unknown: validation without it).</summary>
    public double AbsErrorSd => Settled && Labeled > 0
        ? Math.Sqrt(Math.Max(0, (SquaredErrorSum / Labeled) - (Mae * Mae)))
        : ValidationAbsErrorSd;

    /// <summary>Rows behind <see cref="Mae"/> (0 when unknown: its own uncertainty is then ignored).</summary>
    public int MaeRows => Settled ? Labeled : ValidationRows;

    public double Accuracy => Settled && Labeled > 0 ? (double)Correct / Labeled : ValidationAccuracy;
}
