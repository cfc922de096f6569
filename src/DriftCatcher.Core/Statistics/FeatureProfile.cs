using DriftCatcher.Core.Data;

namespace DriftCatcher.Core.Statistics;

/// <summary>One feature of a <see cref="ReferenceProfile"/>: exactly one of <see cref="Numeric"/> and <see cref="Categorical"/> is set, as <see cref="Kind"/> says.</summary>
public sealed record FeatureProfile
{
    public required string Name { get; init; }

    public required ColumnKind Kind { get; init; }

    public NumericProfile? Numeric { get; init; }

    public CategoricalProfile? Categorical { get; init; }
}
