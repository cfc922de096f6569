namespace DriftCatcher.Core.Statistics;

/// <summary>
/// What a reference keeps of one numeric feature. <see cref="InnerEdges"/> are the decile edges without
/// duplicates and without the outer two (the outer bins are open), so there are InnerEdges.Length + 1
/// bins and a value v falls in bin i = the number of inner edges strictly below v. <see cref="Sample"/>
/// is sorted: every finite value when <see cref="SampleIsExact"/>, otherwise evenly spaced order
/// statistics whose empirical CDF is within 1/Sample.Length of the full reference's everywhere.
/// </summary>
public sealed record NumericProfile
{
    public required double[] InnerEdges { get; init; }

    public required long[] BinCounts { get; init; }

    /// <summary>Finite values in the reference.</summary>
    public required long Count { get; init; }

    /// <summary>Empty, NaN and ±Infinity values in the reference.</summary>
    public required long Missing { get; init; }

    public required double Mean { get; init; }

    /// <summary>Population standard deviation (ddof 0).</summary>
    public required double StandardDeviation { get; init; }

    public required double Min { get; init; }

    public required double Max { get; init; }

    public required double[] Sample { get; init; }

    public required bool SampleIsExact { get; init; }
}
