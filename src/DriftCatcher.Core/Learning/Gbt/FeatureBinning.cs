using System.Runtime.CompilerServices;
using DriftCatcher.Core.Data;

namespace DriftCatcher.Core.Learning.Gbt;

/// <summary>
/// How one feature maps to at most 255 bins plus a missing bin. Numeric features use sklearn's rule:
/// midpoints between distinct values when there are few of them, else midpoint percentiles
/// (so the thresholds equal sklearn's _BinMapper for the same rows). Categorical features get one bin
/// per category seen in training; beyond the bin budget the rarest share the last bin.
/// The missing bin is <see cref="NonMissingBins"/>, so histograms stay compact per feature.
/// </summary>
internal sealed class FeatureBinning
{
    /// <summary>sklearn clips thresholds here so that +Infinity keeps a bin of its own.</summary>
    private const double AlmostInfinity = 1e300;

    private readonly Dictionary<string, int>? _levelIndex;

    private FeatureBinning(string name, double[] thresholds, string[]? levels, int[]? levelBins, int nonMissingBins)
    {
        Name = name;
        Thresholds = thresholds;
        Levels = levels;
        LevelBins = levelBins;
        NonMissingBins = nonMissingBins;
        if (levels is not null)
        {
            _levelIndex = new Dictionary<string, int>(levels.Length, StringComparer.Ordinal);
            for (var i = 0; i < levels.Length; i++)
            {
                _levelIndex[levels[i]] = levelBins![i];
            }
        }
    }

    public string Name { get; }

    public bool IsCategorical => Levels is not null;

    /// <summary>Numeric: a value v falls in the first bin b with v &lt;= Thresholds[b] (the last bin has no upper edge).</summary>
    public double[] Thresholds { get; }

    /// <summary>Categorical: the training categories and their bins (parallel arrays); null for numeric.</summary>
    public string[]? Levels { get; }

    public int[]? LevelBins { get; }

    public int NonMissingBins { get; }

    public int MissingBin => NonMissingBins;

    /// <summary>The raw threshold of a numeric split that sends bins &lt;= <paramref name="bin"/> left.</summary>
    public double ThresholdOf(int bin) => bin >= NonMissingBins - 1 ? double.PositiveInfinity : Thresholds[bin];

    public static FeatureBinning FitNumeric(string name, double[] values, int[]? subsample, int maxBins)
    {
        var count = subsample?.Length ?? values.Length;
        var sorted = new double[count];
        var m = 0;
        for (var i = 0; i < count; i++)
        {
            var v = subsample is null ? values[i] : values[subsample[i]];
            if (!double.IsNaN(v))
            {
                sorted[m++] = v;
            }
        }

        var data = sorted.AsSpan(0, m);
        data.Sort();
        var distinct = 0;
        for (var i = 0; i < m; i++)
        {
            if (i == 0 || data[i] != data[i - 1])
            {
                distinct++;
            }
        }

        double[] thresholds;
        if (distinct <= maxBins)
        {
            thresholds = new double[Math.Max(0, distinct - 1)];
            var t = 0;
            for (var i = 1; i < m; i++)
            {
                if (data[i] != data[i - 1])
                {
                    thresholds[t++] = (data[i - 1] + data[i]) * 0.5;
                }
            }
        }
        else
        {
            thresholds = MidpointPercentiles(data, maxBins);
        }

        for (var i = 0; i < thresholds.Length; i++)
        {
            if (thresholds[i] > AlmostInfinity)
            {
                thresholds[i] = AlmostInfinity;
            }
        }

        return new FeatureBinning(name, thresholds, null, null, thresholds.Length + 1);
    }

    /// <summary>numpy's percentile(method="midpoint") at linspace(0, 100, maxBins + 1)[1:-1], step by step as numpy computes it.</summary>
    private static double[] MidpointPercentiles(ReadOnlySpan<double> sorted, int maxBins)
    {
        var result = new double[maxBins - 1];
        var step = 100.0 / maxBins;
        var last = sorted.Length - 1;
        for (var i = 1; i < maxBins; i++)
        {
            var q = (i * step) / 100.0;
            var v = last * q;
            var virtualIndex = 0.5 * (Math.Floor(v) + Math.Ceiling(v));
            var previous = (int)Math.Floor(virtualIndex);
            var next = Math.Min(previous + 1, last);
            var a = sorted[previous];
            var b = sorted[next];
            var t = virtualIndex % 1 == 0 ? a : b - ((b - a) * 0.5);

            // Between two equal infinities numpy's formula gives ∞ − ∞ = NaN; the edge is that infinity.
            result[i - 1] = double.IsNaN(t) ? a : t;
        }

        return result;
    }

    public static FeatureBinning FitCategorical(string name, Column column, int maxBins)
    {
        var levels = column.Levels;
        var codes = column.Codes;
        var counts = new int[levels.Length];
        foreach (var c in codes)
        {
            if (c >= 0)
            {
                counts[c]++;
            }
        }

        var observed = new List<int>();
        for (var c = 0; c < counts.Length; c++)
        {
            if (counts[c] > 0)
            {
                observed.Add(c);
            }
        }

        var binOf = new int[levels.Length];
        int nonMissing;
        if (observed.Count <= maxBins)
        {
            for (var i = 0; i < observed.Count; i++)
            {
                binOf[observed[i]] = i;
            }

            nonMissing = Math.Max(1, observed.Count);
        }
        else
        {
            // Frequent categories keep their own bin; the rest share the last one.
            var byCount = observed.OrderByDescending(c => counts[c]).ThenBy(c => c).Take(maxBins - 1).Order().ToArray();
            var own = new HashSet<int>(byCount);
            for (var i = 0; i < byCount.Length; i++)
            {
                binOf[byCount[i]] = i;
            }

            foreach (var c in observed)
            {
                if (!own.Contains(c))
                {
                    binOf[c] = maxBins - 1;
                }
            }

            nonMissing = maxBins;
        }

        var keptLevels = new string[observed.Count];
        var keptBins = new int[observed.Count];
        for (var i = 0; i < observed.Count; i++)
        {
            keptLevels[i] = levels[observed[i]];
            keptBins[i] = binOf[observed[i]];
        }

        return new FeatureBinning(name, [], keptLevels, keptBins, nonMissing);
    }

    /// <summary>Bins a column of new data (training, validation or scoring rows).</summary>
    public void Transform(Column column, Span<byte> bins)
    {
        var missing = (byte)MissingBin;
        if (!IsCategorical)
        {
            var values = NumbersOf(column);
            var thresholds = Thresholds;
            for (var i = 0; i < bins.Length; i++)
            {
                var v = values[i];
                bins[i] = double.IsNaN(v) ? missing : (byte)BinOf(thresholds, v);
            }

            return;
        }

        if (column.Kind == ColumnKind.Categorical)
        {
            var map = LevelMap(column);
            var codes = column.Codes;
            for (var i = 0; i < bins.Length; i++)
            {
                var c = codes[i];
                var b = c < 0 ? -1 : map[c];
                bins[i] = b < 0 ? missing : (byte)b;
            }

            return;
        }

        for (var i = 0; i < bins.Length; i++)
        {
            var b = BinOfText(column.GetString(i));
            bins[i] = b < 0 ? missing : (byte)b;
        }
    }

    /// <summary>
    /// What the predictor compares against thresholds: the numbers themselves for numeric features,
    /// the category's bin for categorical ones; NaN for missing and for categories never seen in training.
    /// </summary>
    public double[] PredictValues(Column column)
    {
        if (!IsCategorical)
        {
            return NumbersOf(column);
        }

        var result = new double[column.Length];
        if (column.Kind == ColumnKind.Categorical)
        {
            var map = LevelMap(column);
            var codes = column.Codes;
            for (var i = 0; i < result.Length; i++)
            {
                var c = codes[i];
                var b = c < 0 ? -1 : map[c];
                result[i] = b < 0 ? double.NaN : b;
            }
        }
        else
        {
            for (var i = 0; i < result.Length; i++)
            {
                var b = BinOfText(column.GetString(i));
                result[i] = b < 0 ? double.NaN : b;
            }
        }

        return result;
    }

    /// <summary>The number of thresholds strictly below <paramref name="v"/>: bins agree with "v &lt;= threshold goes left".</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int BinOf(double[] thresholds, double v)
    {
        int lo = 0, hi = thresholds.Length;
        while (lo < hi)
        {
            var mid = (lo + hi - 1) >> 1;
            if (v <= thresholds[mid])
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return lo;
    }

    private double[] NumbersOf(Column column) =>
        column.Kind == ColumnKind.Numeric
            ? column.Numbers
            : throw new InputDataException($"column '{Name}' holds text, but the model was trained on it as numbers");

    private int[] LevelMap(Column column)
    {
        var levels = column.Levels;
        var map = new int[levels.Length];
        for (var i = 0; i < levels.Length; i++)
        {
            map[i] = _levelIndex!.TryGetValue(levels[i], out var b) ? b : -1;
        }

        return map;
    }

    private int BinOfText(string? text) => text is not null && _levelIndex!.TryGetValue(text, out var b) ? b : -1;

    public void WriteTo(BinaryWriter writer)
    {
        writer.Write(Name);
        writer.Write(IsCategorical);
        writer.Write(NonMissingBins);
        if (IsCategorical)
        {
            writer.Write(Levels!.Length);
            for (var i = 0; i < Levels.Length; i++)
            {
                writer.Write(Levels[i]);
                writer.Write(LevelBins![i]);
            }
        }
        else
        {
            writer.Write(Thresholds.Length);
            foreach (var t in Thresholds)
            {
                writer.Write(t);
            }
        }
    }

    public static FeatureBinning ReadFrom(BinaryReader reader)
    {
        var name = reader.ReadString();
        var categorical = reader.ReadBoolean();
        var nonMissing = reader.ReadInt32();
        if (nonMissing is < 1 or > 255)
        {
            throw new InputDataException($"gbt model body is corrupt: feature '{name}' has {nonMissing} bins");
        }

        // A level takes at least 5 bytes (an empty name, its bin), a threshold 8.
        var count = ModelBody.ReadCount(reader, categorical ? 5 : 8)
            ?? throw new InputDataException($"gbt model body is corrupt: feature '{name}' has a count of thresholds or levels out of range");
        if (!categorical && count != nonMissing - 1)
        {
            throw new InputDataException($"gbt model body is corrupt: feature '{name}' has {count} thresholds or levels");
        }

        if (categorical)
        {
            var levels = new string[count];
            var bins = new int[count];
            for (var i = 0; i < count; i++)
            {
                levels[i] = reader.ReadString();
                bins[i] = reader.ReadInt32();
                if (bins[i] < 0 || bins[i] >= nonMissing)
                {
                    throw new InputDataException($"gbt model body is corrupt: category '{levels[i]}' of '{name}' has bin {bins[i]}");
                }
            }

            return new FeatureBinning(name, [], levels, bins, nonMissing);
        }

        var thresholds = new double[count];
        for (var i = 0; i < count; i++)
        {
            thresholds[i] = reader.ReadDouble();
        }

        return new FeatureBinning(name, thresholds, null, null, nonMissing);
    }
}
