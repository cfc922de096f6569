namespace DriftCatcher.Twin.Reporting;

/// <summary>
/// How one served version did within one batch: <see cref="Rows"/> it served, <see cref="Answered"/>
/// of those it predicted (not abstained) and whose true label is known, <see cref="Correct"/> of those right.
/// </summary>
public sealed record TwinVersionAccuracy(string Version, int Rows, int Answered, int Correct)
{
    /// <summary>Correct / Answered, or null when nothing was answered.</summary>
    public double? Accuracy => Answered == 0 ? null : (double)Correct / Answered;

    /// <summary>
    /// Regression: mean absolute error over the scored rows (<see cref="Answered"/>: a prediction and a label whose
    /// difference is a finite number, as the replay scores them), null when none or for a classifier.
    /// </summary>
    public double? Mae { get; init; }
}
