namespace DriftCatcher.Core.Detectors;

/// <summary>Options of <see cref="AdwinDetector"/> (CLI keys in brackets).</summary>
public sealed record AdwinOptions
{
    public const double DefaultDelta = 0.002;
    public const int DefaultClock = 32;
    public const int DefaultMaxBuckets = 5;
    public const int DefaultMinWindowLength = 5;
    public const int DefaultGracePeriod = 10;
    public const bool DefaultResetOnDrift = true;

    internal static readonly string[] Keys = ["delta", "clock", "max-buckets", "min-window-length", "grace-period", "reset-on-drift"];

    /// <summary>[delta] Confidence of the cut test, in (0, 1); smaller is more conservative.</summary>
    public double Delta { get; init; } = DefaultDelta;

    /// <summary>[clock] Cuts are tested every this many values.</summary>
    public int Clock { get; init; } = DefaultClock;

    /// <summary>[max-buckets] Buckets of one size kept before two are merged.</summary>
    public int MaxBuckets { get; init; } = DefaultMaxBuckets;

    /// <summary>[min-window-length] Minimum length of each side of a cut.</summary>
    public int MinWindowLength { get; init; } = DefaultMinWindowLength;

    /// <summary>[grace-period] No cut is tested until the window holds more values than this.</summary>
    public int GracePeriod { get; init; } = DefaultGracePeriod;

    /// <summary>
    /// [reset-on-drift] After a drift, start from an empty window (River 0.15 and later). When
    /// false, keep the window ADWIN shrank when it cut (the original algorithm, River before 0.15).
    /// </summary>
    public bool ResetOnDrift { get; init; } = DefaultResetOnDrift;

    internal static AdwinOptions Parse(IReadOnlyDictionary<string, string>? options)
    {
        var r = new OptionReader(ChangeDetectors.Adwin, options, Keys);
        return new AdwinOptions
        {
            Delta = r.Double("delta", DefaultDelta),
            Clock = r.Int("clock", DefaultClock),
            MaxBuckets = r.Int("max-buckets", DefaultMaxBuckets),
            MinWindowLength = r.Int("min-window-length", DefaultMinWindowLength),
            GracePeriod = r.Int("grace-period", DefaultGracePeriod),
            ResetOnDrift = r.Bool("reset-on-drift", DefaultResetOnDrift),
        }.Validated();
    }

    internal AdwinOptions Validated()
    {
        const string d = ChangeDetectors.Adwin;
        OptionReader.Require(Delta is > 0 and < 1, d, "delta", Delta, "a number in (0, 1)");
        OptionReader.Require(Clock >= 1, d, "clock", Clock, "an integer >= 1");
        OptionReader.Require(MaxBuckets is >= 1 and <= 1000, d, "max-buckets", MaxBuckets, "an integer in [1, 1000]");
        OptionReader.Require(MinWindowLength >= 1, d, "min-window-length", MinWindowLength, "an integer >= 1");
        OptionReader.Require(GracePeriod >= 0, d, "grace-period", GracePeriod, "an integer >= 0");
        return this;
    }
}
