using System.Globalization;

namespace DriftCatcher.Core.Learning.Versions;

/// <summary>
/// The validation gate's settings: the metric it judges by (see <see cref="MetricNames"/>; direction
/// follows the metric), the floor the candidate's holdout must clear, and how much worse than the
/// champion it may be on recent labelled data and on the original reference holdout.
/// </summary>
public sealed record GateOptions
{
    public const string DefaultMetric = MetricNames.Accuracy;
    public const double DefaultRecentTolerance = 0.01;
    public const double DefaultForgettingTolerance = 0.02;

    public string Metric { get; init; } = DefaultMetric;

    /// <summary>The holdout value the candidate must reach (at least, or at most for lower-is-better metrics).</summary>
    public required double Floor { get; init; }

    public double RecentTolerance { get; init; } = DefaultRecentTolerance;

    public double ForgettingTolerance { get; init; } = DefaultForgettingTolerance;

    /// <summary>Throws <see cref="ArgumentException"/> for an unknown metric or a negative or non-finite setting.</summary>
    public void Validate()
    {
        _ = MetricNames.HigherIsBetter(Metric);
        foreach (var (name, value) in new[] { ("Floor", Floor), ("RecentTolerance", RecentTolerance), ("ForgettingTolerance", ForgettingTolerance) })
        {
            if (!double.IsFinite(value) || (name != "Floor" && value < 0))
            {
                throw new ArgumentException($"gate option {name} must be a finite{(name == "Floor" ? string.Empty : " non-negative")} number, not {value.ToString(CultureInfo.InvariantCulture)}");
            }
        }
    }
}
