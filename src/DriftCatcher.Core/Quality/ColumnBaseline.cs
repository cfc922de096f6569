using DriftCatcher.Core.Data;

namespace DriftCatcher.Core.Quality;

/// <summary>
/// What the reference says about one column. Numeric columns carry the finite range and the rates of
/// missing and non-finite values; categorical columns carry the known categories (the most frequent
/// ones, capped) and the rate at which a new sample is expected to show categories not in that list.
/// </summary>
public sealed record ColumnBaseline
{
    public required string Name { get; init; }

    public required ColumnKind Kind { get; init; }

    /// <summary>Share of reference rows where the value is missing.</summary>
    public double MissingRate { get; init; }

    /// <summary>Share of reference rows holding ±Infinity (numeric columns only).</summary>
    public double NonFiniteRate { get; init; }

    /// <summary>Smallest finite reference value; null when the column had none (or is categorical).</summary>
    public double? Min { get; init; }

    /// <summary>Largest finite reference value; null when the column had none (or is categorical).</summary>
    public double? Max { get; init; }

    /// <summary>Known categories, most frequent first, at most <see cref="QualityBaseline.MaxCategories"/>.</summary>
    public IReadOnlyList<string>? Categories { get; init; }

    /// <summary>True when the reference held more distinct categories than were kept.</summary>
    public bool CategoriesTruncated { get; init; }

    /// <summary>
    /// Expected share of non-missing values in a fresh sample that fall outside <see cref="Categories"/>:
    /// the Good–Turing estimate (share of reference values whose category occurred once) plus the
    /// share taken by categories dropped by the cap.
    /// </summary>
    public double ExpectedUnseenRate { get; init; }

    /// <summary>
    /// Share of non-missing reference values taken by the most common value. For numeric columns this is
    /// exact when one value holds the majority and 0.5 (an upper bound) otherwise.
    /// </summary>
    public double ModeFrequency { get; init; }

    /// <summary>
    /// p25 of the finite reference values (numeric columns with at least 20 of them; null otherwise, and in
    /// baselines written before it existed). With <see cref="P50"/> and <see cref="P75"/>: a column whose every
    /// quartile moved by the same large factor changed units, even when its values stay inside the reference range.
    /// </summary>
    public double? P25 { get; init; }

    /// <summary>Median of the finite reference values (see <see cref="P25"/>).</summary>
    public double? P50 { get; init; }

    /// <summary>p75 of the finite reference values (see <see cref="P25"/>).</summary>
    public double? P75 { get; init; }

    /// <summary>
    /// The percentiles p1 … p99 of the finite reference values (numeric columns with at least 20 of them; null
    /// otherwise, and in baselines written before it existed): the reference's shape, against which a window that
    /// changed units by a factor other than a power of ten (inches and centimetres, °C and °F) is recognised once
    /// the conversion is undone (see <see cref="UnitConversions"/>).
    /// </summary>
    public IReadOnlyList<double>? Percentiles { get; init; }

    /// <summary>Number of non-missing reference values.</summary>
    public int NonMissing { get; init; }

    /// <summary>Value equality, the lists (categories, percentiles) compared element by element, so a baseline read back from JSON equals the one written.</summary>
    public bool Equals(ColumnBaseline? other) =>
        other is not null
        && Name == other.Name && Kind == other.Kind && MissingRate.Equals(other.MissingRate) && NonFiniteRate.Equals(other.NonFiniteRate)
        && Nullable.Equals(Min, other.Min) && Nullable.Equals(Max, other.Max) && CategoriesTruncated == other.CategoriesTruncated
        && ExpectedUnseenRate.Equals(other.ExpectedUnseenRate) && ModeFrequency.Equals(other.ModeFrequency)
        && Nullable.Equals(P25, other.P25) && Nullable.Equals(P50, other.P50) && Nullable.Equals(P75, other.P75) && NonMissing == other.NonMissing
        && SameItems(Categories, other.Categories) && SameItems(Percentiles, other.Percentiles);

    public override int GetHashCode() => HashCode.Combine(Name, Kind, NonMissing, Min, Max);

    private static bool SameItems<T>(IReadOnlyList<T>? a, IReadOnlyList<T>? b) =>
        a is null ? b is null : b is not null && a.SequenceEqual(b);
}
