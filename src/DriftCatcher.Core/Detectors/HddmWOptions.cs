namespace DriftCatcher.Core.Detectors;

/// <summary>Options of <see cref="HddmWDetector"/> (CLI keys in brackets).</summary>
public sealed record HddmWOptions
{
    public const double DefaultDriftConfidence = 0.001;
    public const double DefaultWarningConfidence = 0.005;
    public const double DefaultLambda = 0.05;
    public const bool DefaultTwoSided = false;

    internal static readonly string[] Keys = ["drift-confidence", "warning-confidence", "lambda", "two-sided"];

    /// <summary>[drift-confidence] Significance of the drift test, in (0, 1).</summary>
    public double DriftConfidence { get; init; } = DefaultDriftConfidence;

    /// <summary>[warning-confidence] Significance of the warning test, in (0, 1).</summary>
    public double WarningConfidence { get; init; } = DefaultWarningConfidence;

    /// <summary>[lambda] Weight of the newest value in the moving averages, in (0, 1].</summary>
    public double Lambda { get; init; } = DefaultLambda;

    /// <summary>[two-sided] Also signal decreases of the mean (by default only increases).</summary>
    public bool TwoSided { get; init; } = DefaultTwoSided;

    internal static HddmWOptions Parse(IReadOnlyDictionary<string, string>? options)
    {
        var r = new OptionReader(ChangeDetectors.HddmW, options, Keys);
        return new HddmWOptions
        {
            DriftConfidence = r.Double("drift-confidence", DefaultDriftConfidence),
            WarningConfidence = r.Double("warning-confidence", DefaultWarningConfidence),
            Lambda = r.Double("lambda", DefaultLambda),
            TwoSided = r.Bool("two-sided", DefaultTwoSided),
        }.Validated();
    }

    internal HddmWOptions Validated()
    {
        const string d = ChangeDetectors.HddmW;
        OptionReader.Require(DriftConfidence is > 0 and < 1, d, "drift-confidence", DriftConfidence, "a number in (0, 1)");
        OptionReader.Require(WarningConfidence is > 0 and < 1, d, "warning-confidence", WarningConfidence, "a number in (0, 1)");
        OptionReader.Require(Lambda is > 0 and <= 1, d, "lambda", Lambda, "a number in (0, 1]");
        return this;
    }
}
