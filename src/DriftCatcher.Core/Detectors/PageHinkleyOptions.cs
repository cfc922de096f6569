namespace DriftCatcher.Core.Detectors;

/// <summary>Options of <see cref="PageHinkleyDetector"/> (CLI keys in brackets).</summary>
public sealed record PageHinkleyOptions
{
    public const int DefaultMinInstances = 30;
    public const double DefaultDelta = 0.005;
    public const double DefaultThreshold = 50.0;
    public const double DefaultAlpha = 1 - 0.0001;
    public const ChangeDirection DefaultMode = ChangeDirection.Both;

    internal static readonly string[] Keys = ["min-instances", "delta", "threshold", "alpha", "mode"];

    /// <summary>[min-instances] Values seen before a drift can be signalled.</summary>
    public int MinInstances { get; init; } = DefaultMinInstances;

    /// <summary>[delta] Magnitude of change tolerated, in the stream's units.</summary>
    public double Delta { get; init; } = DefaultDelta;

    /// <summary>[threshold] The test's lambda: drift when a cumulative sum departs this far from its extreme.</summary>
    public double Threshold { get; init; } = DefaultThreshold;

    /// <summary>[alpha] Forgetting factor of the cumulative sums, in (0, 1].</summary>
    public double Alpha { get; init; } = DefaultAlpha;

    /// <summary>[mode] Watch increases (up), decreases (down) or both.</summary>
    public ChangeDirection Mode { get; init; } = DefaultMode;

    internal static PageHinkleyOptions Parse(IReadOnlyDictionary<string, string>? options)
    {
        var r = new OptionReader(ChangeDetectors.PageHinkley, options, Keys);
        return new PageHinkleyOptions
        {
            MinInstances = r.Int("min-instances", DefaultMinInstances),
            Delta = r.Double("delta", DefaultDelta),
            Threshold = r.Double("threshold", DefaultThreshold),
            Alpha = r.Double("alpha", DefaultAlpha),
            Mode = r.Direction("mode", DefaultMode),
        }.Validated();
    }

    internal PageHinkleyOptions Validated()
    {
        const string d = ChangeDetectors.PageHinkley;
        OptionReader.Require(MinInstances >= 1, d, "min-instances", MinInstances, "an integer >= 1");
        OptionReader.Require(Delta >= 0 && double.IsFinite(Delta), d, "delta", Delta, "a number >= 0");
        OptionReader.Require(Threshold > 0 && double.IsFinite(Threshold), d, "threshold", Threshold, "a number > 0");
        OptionReader.Require(Alpha is > 0 and <= 1, d, "alpha", Alpha, "a number in (0, 1]");
        if (!Enum.IsDefined(Mode))
        {
            throw OptionReader.Invalid(d, "mode", Mode.ToString(), "up, down, both");
        }

        return this;
    }
}
