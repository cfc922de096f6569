namespace DriftCatcher.Core.Detectors;

/// <summary>Options of <see cref="DdmDetector"/> (CLI keys in brackets).</summary>
public sealed record DdmOptions
{
    public const int DefaultWarmStart = 30;
    public const double DefaultWarningThreshold = 2.0;
    public const double DefaultDriftThreshold = 3.0;

    internal static readonly string[] Keys = ["warm-start", "warning-threshold", "drift-threshold"];

    /// <summary>[warm-start] Values seen before anything can be signalled.</summary>
    public int WarmStart { get; init; } = DefaultWarmStart;

    /// <summary>[warning-threshold] Warning when p + s exceeds p_min + this many s_min.</summary>
    public double WarningThreshold { get; init; } = DefaultWarningThreshold;

    /// <summary>[drift-threshold] Drift when p + s exceeds p_min + this many s_min.</summary>
    public double DriftThreshold { get; init; } = DefaultDriftThreshold;

    internal static DdmOptions Parse(IReadOnlyDictionary<string, string>? options)
    {
        var r = new OptionReader(ChangeDetectors.Ddm, options, Keys);
        return new DdmOptions
        {
            WarmStart = r.Int("warm-start", DefaultWarmStart),
            WarningThreshold = r.Double("warning-threshold", DefaultWarningThreshold),
            DriftThreshold = r.Double("drift-threshold", DefaultDriftThreshold),
        }.Validated();
    }

    internal DdmOptions Validated()
    {
        const string d = ChangeDetectors.Ddm;
        OptionReader.Require(WarmStart >= 0, d, "warm-start", WarmStart, "an integer >= 0");
        OptionReader.Require(WarningThreshold > 0 && double.IsFinite(WarningThreshold), d, "warning-threshold", WarningThreshold, "a number > 0");
        OptionReader.Require(
            DriftThreshold >= WarningThreshold && double.IsFinite(DriftThreshold),
            d,
            "drift-threshold",
            DriftThreshold,
            string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"a number >= warning-threshold ({WarningThreshold}){(DriftThreshold == DefaultDriftThreshold && WarningThreshold > DefaultDriftThreshold ? $"; a warning-threshold above the default drift-threshold ({DefaultDriftThreshold}) needs a drift-threshold too" : string.Empty)}"));
        return this;
    }
}
