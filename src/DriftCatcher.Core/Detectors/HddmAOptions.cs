namespace DriftCatcher.Core.Detectors;

/// <summary>Options of <see cref="HddmADetector"/> (CLI keys in brackets).</summary>
public sealed record HddmAOptions
{
    public const double DefaultDriftConfidence = 0.001;
    public const double DefaultWarningConfidence = 0.005;
    public const bool DefaultTwoSided = false;

    internal static readonly string[] Keys = ["drift-confidence", "warning-confidence", "two-sided"];

    /// <summary>[drift-confidence] Significance of the drift test, in (0, 1).</summary>
    public double DriftConfidence { get; init; } = DefaultDriftConfidence;

    /// <summary>[warning-confidence] Significance of the warning test, in (0, 1).</summary>
    public double WarningConfidence { get; init; } = DefaultWarningConfidence;

    /// <summary>[two-sided] Also signal decreases of the mean (by default only increases).</summary>
    public bool TwoSided { get; init; } = DefaultTwoSided;

    internal static HddmAOptions Parse(IReadOnlyDictionary<string, string>? options)
    {
        var r = new OptionReader(ChangeDetectors.HddmA, options, Keys);
        return new HddmAOptions
        {
            DriftConfidence = r.Double("drift-confidence", DefaultDriftConfidence),
            WarningConfidence = r.Double("warning-confidence", DefaultWarningConfidence),
            TwoSided = r.Bool("two-sided", DefaultTwoSided),
        }.Validated();
    }

    internal HddmAOptions Validated()
    {
        const string d = ChangeDetectors.HddmA;
        OptionReader.Require(DriftConfidence is > 0 and < 1, d, "drift-confidence", DriftConfidence, "a number in (0, 1)");
        OptionReader.Require(WarningConfidence is > 0 and < 1, d, "warning-confidence", WarningConfidence, "a number in (0, 1)");
        return this;
    }
}
