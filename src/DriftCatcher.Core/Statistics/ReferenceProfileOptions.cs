namespace DriftCatcher.Core.Statistics;

/// <summary>How much of the reference a <see cref="ReferenceProfile"/> keeps.</summary>
public sealed record ReferenceProfileOptions
{
    /// <summary>Default cap on the sorted sample kept per numeric feature.</summary>
    public const int DefaultMaxSampleSize = 10_000;

    /// <summary>Default cap on the categories kept per categorical feature.</summary>
    public const int DefaultMaxCategories = 1_000;

    public static readonly ReferenceProfileOptions Default = new();

    /// <summary>
    /// Keeps the whole sorted reference, whatever its size: for one-shot comparisons (the CLI) that
    /// want results identical to scipy's and never store the profile.
    /// </summary>
    public static readonly ReferenceProfileOptions Exact = new() { MaxSampleSize = int.MaxValue };

    /// <summary>
    /// Up to this many finite values per numeric feature are kept as they are; above it, this many
    /// evenly spaced order statistics, so KS D is off by at most 1/MaxSampleSize (1e-4 by default) and
    /// Wasserstein by at most (max − min)/MaxSampleSize.
    /// </summary>
    public int MaxSampleSize { get; init; } = DefaultMaxSampleSize;

    /// <summary>The most frequent categories kept per categorical feature; the rest are lumped together.</summary>
    public int MaxCategories { get; init; } = DefaultMaxCategories;

    /// <summary>Features built in parallel; -1 uses every core.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;
}
