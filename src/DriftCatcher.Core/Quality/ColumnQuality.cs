using DriftCatcher.Core.Data;

namespace DriftCatcher.Core.Quality;

/// <summary>
/// Counts and rates for one column of a checked window. Missing and non-finite rates are shares of all
/// rows; the out-of-range rate is a share of finite values; the unseen rate a share of non-missing values.
/// </summary>
public sealed record ColumnQuality
{
    public required string Name { get; init; }

    /// <summary>The kind in the reference; null for a column the reference did not have.</summary>
    public ColumnKind? ReferenceKind { get; init; }

    /// <summary>The kind in the window; null when the window lacks the column.</summary>
    public ColumnKind? CurrentKind { get; init; }

    public int Missing { get; init; }

    public double MissingRate { get; init; }

    public int NonFinite { get; init; }

    public double NonFiniteRate { get; init; }

    public int OutOfRange { get; init; }

    public double OutOfRangeRate { get; init; }

    public int Unseen { get; init; }

    public double UnseenRate { get; init; }

    /// <summary>True when every non-missing value is the same (and there is at least one).</summary>
    public bool IsConstant { get; init; }

    /// <summary>Smallest finite value in the window (numeric columns), null when there is none.</summary>
    public double? Min { get; init; }

    /// <summary>Largest finite value in the window (numeric columns), null when there is none.</summary>
    public double? Max { get; init; }
}
