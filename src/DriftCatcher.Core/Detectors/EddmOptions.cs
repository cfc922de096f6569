namespace DriftCatcher.Core.Detectors;

/// <summary>Options of <see cref="EddmDetector"/> (CLI keys in brackets).</summary>
public sealed record EddmOptions
{
    public const int DefaultWarmStart = 30;
    public const double DefaultAlpha = 0.95;
    public const double DefaultBeta = 0.9;

    internal static readonly string[] Keys = ["warm-start", "alpha", "beta"];

    /// <summary>[warm-start] Values, and errors, seen before anything can be signalled.</summary>
    public int WarmStart { get; init; } = DefaultWarmStart;

    /// <summary>[alpha] Warning when (p' + 2s') / max falls below this.</summary>
    public double Alpha { get; init; } = DefaultAlpha;

    /// <summary>[beta] Drift when (p' + 2s') / max falls below this; at most alpha.</summary>
    public double Beta { get; init; } = DefaultBeta;

    internal static EddmOptions Parse(IReadOnlyDictionary<string, string>? options)
    {
        var r = new OptionReader(ChangeDetectors.Eddm, options, Keys);
        return new EddmOptions
        {
            WarmStart = r.Int("warm-start", DefaultWarmStart),
            Alpha = r.Double("alpha", DefaultAlpha),
            Beta = r.Double("beta", DefaultBeta),
        }.Validated();
    }

    internal EddmOptions Validated()
    {
        const string d = ChangeDetectors.Eddm;
        OptionReader.Require(WarmStart >= 0, d, "warm-start", WarmStart, "an integer >= 0");
        OptionReader.Require(Alpha is > 0 and <= 1, d, "alpha", Alpha, "a number in (0, 1]");
        OptionReader.Require(
            Beta > 0 && Beta <= Alpha,
            d,
            "beta",
            Beta,
            string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"a number in (0, alpha = {Alpha}]{(Beta == DefaultBeta && Alpha < DefaultBeta ? $"; an alpha below the default beta ({DefaultBeta}) needs a beta too" : string.Empty)}"));
        return this;
    }
}
