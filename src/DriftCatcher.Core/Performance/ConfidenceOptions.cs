namespace DriftCatcher.Core.Performance;

/// <summary>
/// When <see cref="ConfidenceComparison"/> reports a fall in confidence (or a rise in entropy): the change
/// must exceed a practical floor (so huge windows do not flag trivial moves) and be significant by a
/// two-sample z of at least <see cref="SignificanceZ"/> (so small windows do not flag noise).
/// </summary>
public sealed record ConfidenceOptions
{
    public const double DefaultSignificanceZ = 4.0;
    public const double DefaultMinConfidenceDrop = 0.03;
    public const double DefaultCriticalConfidenceDrop = 0.10;
    public const double DefaultMinEntropyRise = 0.05;
    public const double DefaultCriticalEntropyRise = 0.15;
    public const int DefaultMinRows = 30;

    public static readonly ConfidenceOptions Default = new();

    public double SignificanceZ { get; init; } = DefaultSignificanceZ;

    /// <summary>Fall of the mean max-probability (absolute) that makes a Warning.</summary>
    public double MinConfidenceDrop { get; init; } = DefaultMinConfidenceDrop;

    public double CriticalConfidenceDrop { get; init; } = DefaultCriticalConfidenceDrop;

    /// <summary>Rise of the mean normalized entropy (absolute, on [0, 1]) that makes a Warning.</summary>
    public double MinEntropyRise { get; init; } = DefaultMinEntropyRise;

    public double CriticalEntropyRise { get; init; } = DefaultCriticalEntropyRise;

    /// <summary>Windows with fewer rows are not compared.</summary>
    public int MinRows { get; init; } = DefaultMinRows;
}
