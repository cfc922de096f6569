namespace DriftCatcher.Core.Detectors;

/// <summary>Options of <see cref="CusumDetector"/> (CLI keys in brackets).</summary>
public sealed record CusumOptions
{
    public const int DefaultMinInstances = 30;
    public const double DefaultSlack = 0.5;
    public const double DefaultThreshold = 5.0;
    public const ChangeDirection DefaultMode = ChangeDirection.Both;

    internal static readonly string[] Keys = ["min-instances", "slack", "threshold", "mode"];

    /// <summary>[min-instances] Warm-up values that estimate the reference mean and sigma.</summary>
    public int MinInstances { get; init; } = DefaultMinInstances;

    /// <summary>[slack] The reference value k, in units of the warm-up sigma.</summary>
    public double Slack { get; init; } = DefaultSlack;

    /// <summary>[threshold] The decision interval h, in units of the warm-up sigma.</summary>
    public double Threshold { get; init; } = DefaultThreshold;

    /// <summary>[mode] Watch increases (up), decreases (down) or both.</summary>
    public ChangeDirection Mode { get; init; } = DefaultMode;

    internal static CusumOptions Parse(IReadOnlyDictionary<string, string>? options)
    {
        var r = new OptionReader(ChangeDetectors.Cusum, options, Keys);
        return new CusumOptions
        {
            MinInstances = r.Int("min-instances", DefaultMinInstances),
            Slack = r.Double("slack", DefaultSlack),
            Threshold = r.Double("threshold", DefaultThreshold),
            Mode = r.Direction("mode", DefaultMode),
        }.Validated();
    }

    internal CusumOptions Validated()
    {
        const string d = ChangeDetectors.Cusum;
        OptionReader.Require(MinInstances >= 2, d, "min-instances", MinInstances, "an integer >= 2");
        OptionReader.Require(Slack >= 0 && double.IsFinite(Slack), d, "slack", Slack, "a number >= 0");
        OptionReader.Require(Threshold > 0 && double.IsFinite(Threshold), d, "threshold", Threshold, "a number > 0");
        if (!Enum.IsDefined(Mode))
        {
            throw OptionReader.Invalid(d, "mode", Mode.ToString(), "up, down, both");
        }

        return this;
    }
}
