namespace DriftCatcher.Twin.Reporting;

/// <summary>
/// How one served version did within one batch: <see cref="Rows"/> it served, <see cref="Answered"/>
/// of those it predicted (not abstained) and whose true label is known, <see cref="Correct"/> of those right.
/// </summary>
public sealed record TwinVersionAccuracy(string Version, int Rows, int Answered, int Correct)
{
    /// <summary>Correct / Answered, or null when nothing was answered.</summary>
    public double? Accuracy => Answered == 0 ? null : (double)Correct / Answered;

    /// <summary>Regression: Σ|prediction − label| over the answered rows (0 for classifiers).</summary>
    public double AbsErrorSum { get; init; }

    /// <summary>Regression: mean absolute error over the answered rows, or null when nothing was answered.</summary>
    public double? Mae => Answered == 0 ? null : AbsErrorSum / Answered;
}
