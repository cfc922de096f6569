using DriftCatcher.Core.Data;

namespace DriftCatcher.Core.Statistics;

/// <summary>
/// The comparison of one feature. Numeric-only statistics (KS, Wasserstein) are null for categorical
/// features and categorical-only ones (chi-square, unseen categories) null for numeric ones; NaN means
/// "undefined for these data" (e.g. no current value). <see cref="Drifted"/> is Score &gt; Threshold.
/// </summary>
public sealed record FeatureDrift
{
    public required string Name { get; init; }

    public required ColumnKind Kind { get; init; }

    /// <summary>Usable (finite / non-missing) values in the reference.</summary>
    public required long ReferenceCount { get; init; }

    /// <summary>Usable values in the current window.</summary>
    public required long CurrentCount { get; init; }

    public required long MissingReference { get; init; }

    public required long MissingCurrent { get; init; }

    public required double Psi { get; init; }

    public required double JensenShannon { get; init; }

    public double? KsStatistic { get; init; }

    public double? KsPValue { get; init; }

    public double? Wasserstein { get; init; }

    /// <summary>Wasserstein divided by the reference's population standard deviation.</summary>
    public double? WassersteinNormed { get; init; }

    public double? ChiSquareStatistic { get; init; }

    public double? ChiSquarePValue { get; init; }

    /// <summary>Categories in the current window never seen in the reference (categorical only).</summary>
    public IReadOnlyList<string>? UnseenCategories { get; init; }

    /// <summary>One of <see cref="DriftMethod"/>'s names.</summary>
    public required string Method { get; init; }

    public required double Score { get; init; }

    public required double Threshold { get; init; }

    public required bool Drifted { get; init; }
}
