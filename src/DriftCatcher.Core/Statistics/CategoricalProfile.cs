namespace DriftCatcher.Core.Statistics;

/// <summary>
/// What a reference keeps of one categorical feature: the most frequent categories with their counts.
/// When the reference had more categories than the profile keeps, the rest are lumped into
/// <see cref="OtherCount"/>; current values outside the kept set then count there too (and are not
/// reported as unseen, since the reference may have held them).
/// </summary>
public sealed record CategoricalProfile
{
    public required string[] Categories { get; init; }

    public required long[] Counts { get; init; }

    public required long OtherCount { get; init; }

    /// <summary>Missing values in the reference.</summary>
    public required long Missing { get; init; }
}
