using System.Text.Json;
using System.Text.Json.Serialization;
using DriftCatcher.Core.Data;

namespace DriftCatcher.Core.Statistics;

/// <summary>
/// What drift detection keeps of the reference (training) data: per feature, bin edges and counts,
/// summary moments and a bounded sorted sample (numeric) or category counts (categorical). Built once;
/// windows of current data are compared against it without the reference rows. Its size is bounded by
/// <see cref="ReferenceProfileOptions"/>, not by the reference's row count, and it round-trips through
/// compact JSON (<see cref="ToJson"/>, <see cref="FromJson"/>) so the agent can store it.
/// </summary>
public sealed record ReferenceProfile
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>Rows in the reference data.</summary>
    public required long RowCount { get; init; }

    public required IReadOnlyList<FeatureProfile> Features { get; init; }

    /// <summary>Profiles every column of <paramref name="reference"/> except <paramref name="labelColumn"/> (if given).</summary>
    public static ReferenceProfile Build(DataFrame reference, string? labelColumn = null, ReferenceProfileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        options ??= ReferenceProfileOptions.Default;
        if (options.MaxSampleSize < 2 || options.MaxCategories < 1)
        {
            throw new ArgumentException("MaxSampleSize must be at least 2 and MaxCategories at least 1", nameof(options));
        }

        var columns = reference.Columns.Where(c => c.Name != labelColumn).ToArray();
        var features = new FeatureProfile[columns.Length];
        Parallel.For(0, columns.Length, new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism }, i =>
        {
            var c = columns[i];
            features[i] = c.Kind == ColumnKind.Numeric
                ? new FeatureProfile { Name = c.Name, Kind = ColumnKind.Numeric, Numeric = BuildNumeric(c.Numbers, options.MaxSampleSize) }
                : new FeatureProfile { Name = c.Name, Kind = ColumnKind.Categorical, Categorical = BuildCategorical(c, options.MaxCategories) };
        });

        return new ReferenceProfile { RowCount = reference.RowCount, Features = features };
    }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Reads a profile written by <see cref="ToJson"/>; throws <see cref="InputDataException"/> if it is not one.</summary>
    public static ReferenceProfile FromJson(string json)
    {
        ReferenceProfile? profile;
        try
        {
            profile = JsonSerializer.Deserialize<ReferenceProfile>(json, JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new InputDataException($"not a reference profile: {ex.Message}", ex);
        }

        if (profile is null || profile.Features is null)
        {
            throw new InputDataException("not a reference profile: empty document");
        }

        foreach (var f in profile.Features)
        {
            var ok = f.Kind == ColumnKind.Numeric
                ? f.Numeric is { } n && n.BinCounts.Length == n.InnerEdges.Length + 1
                : f.Categorical is { } c && c.Counts.Length == c.Categories.Length;
            if (!ok)
            {
                throw new InputDataException($"not a reference profile: feature '{f.Name}' is incomplete");
            }
        }

        return profile;
    }

    internal static NumericProfile BuildNumeric(double[] values, int maxSample)
    {
        var sorted = FiniteSorter.SortToArray(values);
        var n = sorted.Length;
        if (n == 0)
        {
            return new NumericProfile
            {
                InnerEdges = [], BinCounts = [0], Count = 0, Missing = values.Length,
                Mean = double.NaN, StandardDeviation = double.NaN, Min = double.NaN, Max = double.NaN,
                Sample = [], SampleIsExact = true,
            };
        }

        var inner = InnerDecileEdges(sorted);
        var bins = new long[inner.Length + 1];
        BinCounter.Count(sorted, inner, bins);

        var (mean, sd) = MeanAndDeviation(sorted);
        return new NumericProfile
        {
            InnerEdges = inner,
            BinCounts = bins,
            Count = n,
            Missing = values.Length - n,
            Mean = mean,
            StandardDeviation = sd,
            Min = sorted[0],
            Max = sorted[^1],
            Sample = n <= maxSample ? sorted : EvenlySpaced(sorted, maxSample),
            SampleIsExact = n <= maxSample,
        };
    }

    /// <summary>
    /// Mean and population standard deviation of a sorted finite sample, two-pass as numpy. A sample whose
    /// magnitudes lie beyond 2^±400 is scaled by a power of two first, so a sum or a square that would
    /// overflow (or underflow to 0) does not: the mean of ±1e308 values is finite, as is their deviation.
    /// </summary>
    internal static (double Mean, double StandardDeviation) MeanAndDeviation(ReadOnlySpan<double> sorted)
    {
        var e = DriftStatistics.SafeExponent(Math.Max(Math.Abs(sorted[0]), Math.Abs(sorted[^1])));
        double sum = 0;
        foreach (var v in sorted)
        {
            sum += DriftStatistics.ScaleDown(v, e);
        }

        var mean = sum / sorted.Length;
        double ss = 0;
        foreach (var v in sorted)
        {
            var dv = DriftStatistics.ScaleDown(v, e) - mean;
            ss += dv * dv;
        }

        var sd = Math.Sqrt(ss / sorted.Length);
        if (e != 0)
        {
            // At most half the range, as any deviation is: rounding must not lift the deviation of a sample split
            // between -DBL_MAX and +DBL_MAX past it, to infinity.
            sd = Math.Min(sd, (DriftStatistics.ScaleDown(sorted[^1], e) * 0.5) - (DriftStatistics.ScaleDown(sorted[0], e) * 0.5));
        }

        return (Math.ScaleB(mean, e), Math.ScaleB(sd, e));
    }

    /// <summary>Quantiles 0, 0.1, …, 1 (numpy linear), duplicates dropped, the outer two left off.</summary>
    internal static double[] InnerDecileEdges(ReadOnlySpan<double> sorted)
    {
        var edges = new List<double>(11);
        for (var i = 0; i <= 10; i++)
        {
            // np.linspace(0, 1, 11): i * step, with the last point exactly 1.
            var p = i == 10 ? 1.0 : i * 0.1;
            var q = DriftStatistics.Quantile(sorted, p);
            if (edges.Count == 0 || q != edges[^1])
            {
                edges.Add(q);
            }
        }

        return edges.Count <= 2 ? [] : [.. edges.GetRange(1, edges.Count - 2)];
    }

    /// <summary>Order statistics at ranks (i + ½)·n/k: the empirical CDF of these is within 1/k of the full one.</summary>
    private static double[] EvenlySpaced(double[] sorted, int k)
    {
        var n = sorted.Length;
        var sample = new double[k];
        for (var i = 0; i < k; i++)
        {
            var rank = (long)((i + 0.5) * n / k);
            sample[i] = sorted[Math.Min(rank, n - 1)];
        }

        return sample;
    }

    private static CategoricalProfile BuildCategorical(Column column, int maxCategories)
    {
        var codes = column.Codes;
        var levels = column.Levels;
        var counts = new long[levels.Length];
        long missing = 0;
        foreach (var c in codes)
        {
            if (c < 0)
            {
                missing++;
            }
            else
            {
                counts[c]++;
            }
        }

        // Most frequent first; ties keep the order of first appearance.
        var order = Enumerable.Range(0, levels.Length).Where(i => counts[i] > 0)
            .OrderByDescending(i => counts[i]).ThenBy(i => i).ToArray();
        var kept = order.Take(maxCategories).ToArray();
        long other = 0;
        foreach (var i in order.Skip(maxCategories))
        {
            other += counts[i];
        }

        return new CategoricalProfile
        {
            Categories = [.. kept.Select(i => levels[i])],
            Counts = [.. kept.Select(i => counts[i])],
            OtherCount = other,
            Missing = missing,
        };
    }
}
