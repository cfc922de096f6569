namespace DriftCatcher.Core.Quality;

/// <summary>
/// Thresholds of <see cref="DataQualityChecker"/>. Rate increases are absolute (0.05 = five percentage
/// points above the reference rate) and must also be significant: the exact binomial tail probability of
/// the window's count under the reference rate must be below that of a z of <see cref="SignificanceZ"/>,
/// so small windows do not raise alarms on sampling noise.
/// docs/quality-and-performance.md explains every rule.
/// </summary>
public sealed record QualityOptions
{
    public const double DefaultSignificanceZ = 4.0;
    public const double DefaultMissingWarningIncrease = 0.05;
    public const double DefaultMissingCriticalIncrease = 0.20;
    public const double DefaultNonFiniteWarningIncrease = 0.01;
    public const double DefaultNonFiniteCriticalIncrease = 0.05;
    public const double DefaultRangeMargin = 0.05;
    public const double DefaultOutOfRangeWarningRate = 0.01;
    public const double DefaultOutOfRangeCriticalRate = 0.10;
    public const int DefaultOutOfRangeMinCount = 5;
    public const double DefaultUnseenWarningIncrease = 0.01;
    public const double DefaultUnseenCriticalIncrease = 0.10;
    public const double DefaultConstantMaxProbability = 1e-6;
    public const double DefaultScaleMinFactor = 8;
    public const double DefaultScaleTolerance = 0.5;
    public const double DefaultScaleUnitTolerance = 0.12;
    public const double DefaultDuplicateWarningIncrease = 0.05;
    public const double DefaultDuplicateCriticalIncrease = 0.20;

    public static readonly QualityOptions Default = new();

    /// <summary>z a rate increase must reach to count as more than sampling noise (one-sided p ≈ 3e-5).</summary>
    public double SignificanceZ { get; init; } = DefaultSignificanceZ;

    public double MissingWarningIncrease { get; init; } = DefaultMissingWarningIncrease;

    public double MissingCriticalIncrease { get; init; } = DefaultMissingCriticalIncrease;

    public double NonFiniteWarningIncrease { get; init; } = DefaultNonFiniteWarningIncrease;

    public double NonFiniteCriticalIncrease { get; init; } = DefaultNonFiniteCriticalIncrease;

    /// <summary>
    /// Tolerance around the reference range, as a fraction of its width (of |value| for a constant
    /// reference): a value is out of range below min − margin·(max − min) or above max + margin·(max − min).
    /// </summary>
    public double RangeMargin { get; init; } = DefaultRangeMargin;

    /// <summary>Share of finite values out of range that makes a Warning (with at least <see cref="OutOfRangeMinCount"/> values).</summary>
    public double OutOfRangeWarningRate { get; init; } = DefaultOutOfRangeWarningRate;

    /// <summary>Share of finite values out of range that makes it Critical (a unit change puts nearly all values there).</summary>
    public double OutOfRangeCriticalRate { get; init; } = DefaultOutOfRangeCriticalRate;

    public int OutOfRangeMinCount { get; init; } = DefaultOutOfRangeMinCount;

    /// <summary>Increase of the unseen-category share over the reference's Good–Turing expectation that makes a Warning.</summary>
    public double UnseenWarningIncrease { get; init; } = DefaultUnseenWarningIncrease;

    public double UnseenCriticalIncrease { get; init; } = DefaultUnseenCriticalIncrease;

    /// <summary>
    /// A constant window column is reported when the reference makes it this unlikely:
    /// (reference mode frequency)^(non-missing values) below this probability.
    /// </summary>
    public double ConstantMaxProbability { get; init; } = DefaultConstantMaxProbability;

    /// <summary>
    /// A unit change: every quartile of the window is the reference's times one factor at least this large (or
    /// at most its inverse), within <see cref="ScaleTolerance"/> of each other, and near a power of ten
    /// (<see cref="ScaleUnitTolerance"/>). 8 keeps out the ×2 or ×4 shifts a real change of the world makes; the
    /// check then catches ×10, ×100, ×1000 (and 1 024) and their inverses. ×60 (minutes to seconds) is left to
    /// <c>out_of_range</c>, which catches it when the values leave the reference range.
    /// </summary>
    public double ScaleMinFactor { get; init; } = DefaultScaleMinFactor;

    /// <summary>
    /// How far apart the three quartile ratios may be (largest / smallest − 1) for one factor: 0.5 leaves room for
    /// the sampling noise of a 500-row batch's lower quartile (≈ 8 % on a uniform column), while a shift of the
    /// world that moves the median 8× rarely moves both outer quartiles within 1.5× of that.
    /// </summary>
    public double ScaleTolerance { get; init; } = DefaultScaleTolerance;

    /// <summary>
    /// How close the factor must be to a power of ten (|factor / 10^k − 1|): 0.12 takes 1 024 for 1 000 and the
    /// sampling noise of a 500-row batch's quartiles (a few per cent), not ×24, ×64 or ×0.045 — factors by which
    /// a new kind of network traffic moved a column's quartiles alike in CICIDS-shaped streams.
    /// </summary>
    public double ScaleUnitTolerance { get; init; } = DefaultScaleUnitTolerance;

    public double DuplicateWarningIncrease { get; init; } = DefaultDuplicateWarningIncrease;

    public double DuplicateCriticalIncrease { get; init; } = DefaultDuplicateCriticalIncrease;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for a threshold that makes no sense.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(SignificanceZ);
        CheckPair(MissingWarningIncrease, MissingCriticalIncrease);
        CheckPair(NonFiniteWarningIncrease, NonFiniteCriticalIncrease);
        CheckPair(OutOfRangeWarningRate, OutOfRangeCriticalRate);
        CheckPair(UnseenWarningIncrease, UnseenCriticalIncrease);
        CheckPair(DuplicateWarningIncrease, DuplicateCriticalIncrease);
        ArgumentOutOfRangeException.ThrowIfNegative(RangeMargin);
        ArgumentOutOfRangeException.ThrowIfNegative(OutOfRangeMinCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(ScaleMinFactor, 1.0);
        ArgumentOutOfRangeException.ThrowIfNegative(ScaleTolerance);
        ArgumentOutOfRangeException.ThrowIfNegative(ScaleUnitTolerance);
        ArgumentOutOfRangeException.ThrowIfNegative(ConstantMaxProbability);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ConstantMaxProbability, 1.0);
    }

    private static void CheckPair(double warning, double critical)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(warning);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(warning, critical);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(critical, 1.0);
    }
}
