namespace DriftCatcher.Core.Detectors;

/// <summary>Options of <see cref="KswinDetector"/> (CLI keys in brackets).</summary>
public sealed record KswinOptions
{
    public const double DefaultAlpha = 0.005;
    public const int DefaultWindowSize = 100;
    public const int DefaultStatSize = 30;
    public const long DefaultSeed = 42;

    internal static readonly string[] Keys = ["alpha", "window-size", "stat-size", "seed"];

    /// <summary>[alpha] Significance of the Kolmogorov-Smirnov test, in (0, 1).</summary>
    public double Alpha { get; init; } = DefaultAlpha;

    /// <summary>[window-size] Length of the sliding window; at least twice stat-size.</summary>
    public int WindowSize { get; init; } = DefaultWindowSize;

    /// <summary>[stat-size] Length of the newest part of the window, and of the sample drawn from the rest.</summary>
    public int StatSize { get; init; } = DefaultStatSize;

    /// <summary>[seed] Seed of the sampling generator (Python's Mersenne Twister, as River seeds it).</summary>
    public long Seed { get; init; } = DefaultSeed;

    internal static KswinOptions Parse(IReadOnlyDictionary<string, string>? options)
    {
        var r = new OptionReader(ChangeDetectors.Kswin, options, Keys);
        return new KswinOptions
        {
            Alpha = r.Double("alpha", DefaultAlpha),
            WindowSize = r.Int("window-size", DefaultWindowSize),
            StatSize = r.Int("stat-size", DefaultStatSize),
            Seed = r.Long("seed", DefaultSeed),
        }.Validated();
    }

    internal KswinOptions Validated()
    {
        const string d = ChangeDetectors.Kswin;
        OptionReader.Require(Alpha is > 0 and < 1, d, "alpha", Alpha, "a number in (0, 1)");
        OptionReader.Require(StatSize is >= 1 and <= 100_000, d, "stat-size", StatSize, "an integer in [1, 100000]");
        OptionReader.Require(
            WindowSize >= 2 * StatSize && WindowSize <= 1_000_000,
            d,
            "window-size",
            WindowSize,
            string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"an integer in [2 * stat-size = {2 * StatSize}, 1000000]{(WindowSize == DefaultWindowSize && 2 * StatSize > DefaultWindowSize ? $"; a stat-size above half the default window-size ({DefaultWindowSize}) needs a window-size too" : string.Empty)}"));
        OptionReader.Require(Seed >= 0, d, "seed", Seed, "an integer >= 0");
        return this;
    }
}
