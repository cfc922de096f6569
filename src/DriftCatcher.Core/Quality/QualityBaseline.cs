using System.Text.Json;
using System.Text.Json.Serialization;
using DriftCatcher.Core.Data;

namespace DriftCatcher.Core.Quality;

/// <summary>
/// The data-quality fingerprint of a reference frame: schema (names and kinds), per-column ranges,
/// missing rates and known categories, and the reference duplicate-row rate. Its size depends on the
/// number of columns and categories, not on the number of rows; it round-trips through System.Text.Json.
/// </summary>
public sealed record QualityBaseline
{
    /// <summary>Default cap on the categories kept per categorical column.</summary>
    public const int MaxCategories = 1000;

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Rows in the reference.</summary>
    public required int Rows { get; init; }

    /// <summary>The label column, excluded from the schema (windows usually arrive without it).</summary>
    public string? Label { get; init; }

    public required IReadOnlyList<ColumnBaseline> Columns { get; init; }

    /// <summary>Share of reference rows identical (all columns but the label) to an earlier row.</summary>
    public double DuplicateRate { get; init; }

    /// <summary>Builds the baseline of <paramref name="reference"/>; <paramref name="label"/> (if given) is left out.</summary>
    public static QualityBaseline Build(DataFrame reference, string? label = null, int maxCategories = MaxCategories)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCategories, 1);
        if (label is not null && !reference.Contains(label))
        {
            throw new InputDataException($"the reference has no label column '{label}'");
        }

        var features = label is null ? reference : reference.Without(label);
        var columns = new ColumnBaseline[features.Columns.Count];
        Parallel.For(0, columns.Length, i =>
        {
            var c = features.Columns[i];
            columns[i] = c.Kind == ColumnKind.Numeric ? BuildNumeric(c) : BuildCategorical(c, maxCategories);
        });

        var duplicates = RowHasher.CountDuplicates(features);
        return new QualityBaseline
        {
            Rows = reference.RowCount,
            Label = label,
            Columns = columns,
            DuplicateRate = reference.RowCount == 0 ? 0 : (double)duplicates / reference.RowCount,
        };
    }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static QualityBaseline FromJson(string json) =>
        JsonSerializer.Deserialize<QualityBaseline>(json, JsonOptions)
        ?? throw new InputDataException("the quality baseline JSON is empty");

    private static ColumnBaseline BuildNumeric(Column column)
    {
        var values = column.Numbers;
        var missing = 0;
        var nonFinite = 0;
        var min = double.PositiveInfinity;
        var max = double.NegativeInfinity;

        // Boyer–Moore majority vote: finds the value holding more than half the values in one pass, if any.
        var candidate = 0.0;
        var votes = 0;
        foreach (var v in values)
        {
            if (double.IsNaN(v))
            {
                missing++;
                continue;
            }

            if (double.IsInfinity(v))
            {
                nonFinite++;
            }
            else
            {
                if (v < min)
                {
                    min = v;
                }

                if (v > max)
                {
                    max = v;
                }
            }

            if (votes == 0)
            {
                candidate = v;
                votes = 1;
            }
            else
            {
                votes += v == candidate ? 1 : -1;
            }
        }

        var nonMissing = values.Length - missing;
        var modeFrequency = 0.0;
        if (nonMissing > 0)
        {
            var count = 0;
            foreach (var v in values)
            {
                if (v == candidate)
                {
                    count++;
                }
            }

            modeFrequency = 2 * count > nonMissing ? (double)count / nonMissing : 0.5;
        }

        var hasFinite = min <= max;
        var sample = Quality.Quartiles.SortedSample(values);
        var quartiles = sample is null ? null : Quality.Quartiles.OfSorted(sample);
        return new ColumnBaseline
        {
            Name = column.Name,
            Kind = ColumnKind.Numeric,
            MissingRate = Rate(missing, values.Length),
            NonFiniteRate = Rate(nonFinite, values.Length),
            Min = hasFinite ? min : null,
            Max = hasFinite ? max : null,
            ModeFrequency = modeFrequency,
            NonMissing = nonMissing,
            P25 = quartiles?[0],
            P50 = quartiles?[1],
            P75 = quartiles?[2],
            Percentiles = sample is null ? null : Quality.Quartiles.PercentilesOfSorted(sample),
        };
    }

    private static ColumnBaseline BuildCategorical(Column column, int maxCategories)
    {
        var codes = column.Codes;
        var levels = column.Levels;
        var counts = new int[levels.Length];
        var missing = 0;
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

        var nonMissing = codes.Length - missing;
        var order = Enumerable.Range(0, levels.Length).Where(i => counts[i] > 0).OrderByDescending(i => counts[i]).ThenBy(i => i).ToArray();
        var kept = order.Take(maxCategories).ToArray();
        var droppedValues = order.Skip(maxCategories).Sum(i => (long)counts[i]);
        var singletons = kept.Count(i => counts[i] == 1);
        return new ColumnBaseline
        {
            Name = column.Name,
            Kind = ColumnKind.Categorical,
            MissingRate = Rate(missing, codes.Length),
            Categories = [.. kept.Select(i => levels[i])],
            CategoriesTruncated = order.Length > kept.Length,
            ExpectedUnseenRate = nonMissing == 0 ? 0 : Math.Min(1.0, (double)(droppedValues + singletons) / nonMissing),
            ModeFrequency = nonMissing == 0 ? 0 : (double)counts[order[0]] / nonMissing,
            NonMissing = nonMissing,
        };
    }

    private static double Rate(long count, long total) => total == 0 ? 0 : (double)count / total;
}
