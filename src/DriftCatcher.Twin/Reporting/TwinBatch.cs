namespace DriftCatcher.Twin.Reporting;

/// <summary>
/// One batch of the replay as the true labels judge it. <see cref="Answered"/> counts rows with a
/// prediction and a known label; abstained rows are in <see cref="Abstained"/> and not in the accuracy.
/// <see cref="Versions"/> is ordered by rows served, most first, so <see cref="PrimaryVersion"/> is the
/// version that served most of the batch.
/// </summary>
public sealed record TwinBatch(int Batch, int Rows, int Abstained, int Answered, int Correct, IReadOnlyList<TwinVersionAccuracy> Versions)
{
    /// <summary>Correct / Answered over the whole batch, or null when nothing was answered.</summary>
    public double? Accuracy => Answered == 0 ? null : (double)Correct / Answered;

    /// <summary>
    /// Regression: mean absolute error over the scored rows (<see cref="Answered"/>: a prediction and a label whose
    /// difference is a finite number, as the replay scores them), null when none or for a classifier.
    /// </summary>
    public double? Mae { get; init; }

    /// <summary>The version that served most rows of the batch (null when no row named one).</summary>
    public string? PrimaryVersion => Versions.Count == 0 ? null : Versions[0].Version;
}
