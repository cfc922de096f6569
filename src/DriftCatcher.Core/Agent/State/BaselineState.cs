namespace DriftCatcher.Core.Agent.State;

/// <summary>
/// The accuracy the current champion is held to: its validation accuracy until
/// <c>baseline_batches</c> labeled batches of its own serving have arrived, then their mean.
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

    public double Accuracy => Settled && Labeled > 0 ? (double)Correct / Labeled : ValidationAccuracy;
}
