using System.Globalization;
using DriftCatcher.Core.Data;

namespace DriftCatcher.Core.Learning.Gbt;

/// <summary>Whether early stopping runs: sklearn's 'auto' turns it on above <see cref="GbtParameters.AutoEarlyStoppingRows"/> rows.</summary>
internal enum EarlyStoppingMode
{
    Auto,
    On,
    Off,
}

/// <summary>
/// The hyper-parameters of <see cref="GbtLearner"/>, parsed from kebab-case strings. Defaults mirror
/// scikit-learn's HistGradientBoostingClassifier so that results can be compared one to one.
/// </summary>
internal sealed record GbtParameters
{
    public const double DefaultLearningRate = 0.1;
    public const int DefaultMaxIter = 100;

    /// <summary>The largest max-iter: 2147483647 asked for a list of that many trees (OutOfMemoryException).</summary>
    public const int MaxMaxIter = 100_000;

    /// <summary>The largest learning rate: 1e300 overflowed the scores to NaN probabilities (2 already diverges on iris).</summary>
    public const double MaxLearningRate = 1000;
    public const int DefaultMaxLeafNodes = 31;
    public const int DefaultMinSamplesLeaf = 20;
    public const double DefaultL2 = 0.0;
    public const int DefaultMaxBins = 255;
    public const int DefaultNIterNoChange = 10;
    public const double DefaultTol = 1e-7;
    public const double DefaultValidationFraction = 0.1;

    /// <summary>sklearn turns early stopping on for more rows than this when it is 'auto'.</summary>
    public const int AutoEarlyStoppingRows = 10_000;

    public static readonly IReadOnlyList<string> AllowedKeys =
    [
        "learning-rate", "max-iter", "max-leaf-nodes", "min-samples-leaf", "l2", "max-bins",
        "early-stopping", "n-iter-no-change", "tol", "validation-fraction", "max-depth",
    ];

    public static readonly GbtParameters Default = new();

    public double LearningRate { get; init; } = DefaultLearningRate;

    public int MaxIter { get; init; } = DefaultMaxIter;

    /// <summary>int.MaxValue when unlimited ("none").</summary>
    public int MaxLeafNodes { get; init; } = DefaultMaxLeafNodes;

    public int MinSamplesLeaf { get; init; } = DefaultMinSamplesLeaf;

    public double L2 { get; init; } = DefaultL2;

    public int MaxBins { get; init; } = DefaultMaxBins;

    public EarlyStoppingMode EarlyStopping { get; init; } = EarlyStoppingMode.Auto;

    public int NIterNoChange { get; init; } = DefaultNIterNoChange;

    public double Tol { get; init; } = DefaultTol;

    public double ValidationFraction { get; init; } = DefaultValidationFraction;

    /// <summary>int.MaxValue when unlimited ("none").</summary>
    public int MaxDepth { get; init; } = int.MaxValue;

    public static GbtParameters Parse(IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var p = Default;
        foreach (var (key, raw) in values)
        {
            var value = raw?.Trim() ?? string.Empty;
            p = key switch
            {
                "learning-rate" => p with { LearningRate = Real(key, value, 0, MaxLearningRate, lowerExclusive: true) },
                "max-iter" => p with { MaxIter = Integer(key, value, 1, MaxMaxIter) },
                "max-leaf-nodes" => p with { MaxLeafNodes = IsNone(value) ? int.MaxValue : Integer(key, value, 2) },
                "min-samples-leaf" => p with { MinSamplesLeaf = Integer(key, value, 1) },
                "l2" => p with { L2 = Real(key, value, 0, double.MaxValue, lowerExclusive: false) },
                "max-bins" => p with { MaxBins = Integer(key, value, 2, 255) },
                "early-stopping" => p with { EarlyStopping = Mode(key, value) },
                "n-iter-no-change" => p with { NIterNoChange = Integer(key, value, 1) },
                "tol" => p with { Tol = Real(key, value, 0, double.MaxValue, lowerExclusive: false) },
                "validation-fraction" => p with { ValidationFraction = Real(key, value, 0, 1, lowerExclusive: true, upperExclusive: true) },
                "max-depth" => p with { MaxDepth = IsNone(value) ? int.MaxValue : Integer(key, value, 1) },
                _ => throw new InputDataException($"unknown gbt parameter '{key}'; allowed: {string.Join(", ", AllowedKeys)}"),
            };
        }

        return p;
    }

    private static bool IsNone(string value) => value.Equals("none", StringComparison.OrdinalIgnoreCase);

    private static EarlyStoppingMode Mode(string key, string value) => value.ToLowerInvariant() switch
    {
        "auto" => EarlyStoppingMode.Auto,
        "true" or "on" or "yes" => EarlyStoppingMode.On,
        "false" or "off" or "no" => EarlyStoppingMode.Off,
        _ => throw Bad(key, value, "auto, on or off"),
    };

    private static int Integer(string key, string value, int min, int max = int.MaxValue)
    {
        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) || v < min || v > max)
        {
            throw Bad(key, value, max == int.MaxValue ? $"an integer >= {min}" : $"an integer from {min} to {max}");
        }

        return v;
    }

    private static double Real(string key, string value, double min, double max, bool lowerExclusive, bool upperExclusive = false)
    {
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
            || !double.IsFinite(v)
            || (lowerExclusive ? v <= min : v < min)
            || (upperExclusive ? v >= max : v > max))
        {
            var lower = lowerExclusive ? $"> {min.ToString(CultureInfo.InvariantCulture)}" : $">= {min.ToString(CultureInfo.InvariantCulture)}";
            var upper = max == double.MaxValue ? string.Empty : upperExclusive ? $" and < {max.ToString(CultureInfo.InvariantCulture)}" : $" and <= {max.ToString(CultureInfo.InvariantCulture)}";
            throw Bad(key, value, $"a number {lower}{upper}");
        }

        return v;
    }

    private static InputDataException Bad(string key, string value, string expected) =>
        new($"gbt parameter '{key}' must be {expected}, not '{value}'; allowed keys: {string.Join(", ", AllowedKeys)}");
}
