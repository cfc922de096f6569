using System.Globalization;
using System.Text.RegularExpressions;
using DriftCatcher.Core.Data;

namespace DriftCatcher.Core.Learning;

/// <summary>
/// The feature columns of a model in training order. <see cref="Conform"/> turns any frame with those
/// columns into one a predictor can use: columns in order, categorical codes re-mapped to the training
/// levels (unseen levels become missing), numbers that a CSV reader typed as text parsed back.
/// </summary>
public sealed partial record FeatureSchema(IReadOnlyList<FeatureSpec> Features)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<string> Names => [.. Features.Select(f => f.Name)];

    /// <summary>The schema of the columns of a frame, as they are.</summary>
    public static FeatureSchema Of(DataFrame frame) =>
        new([.. frame.Columns.Select(c => new FeatureSpec(c.Name, c.Kind, c.Kind == ColumnKind.Categorical ? c.Levels : []))]);

    /// <summary>
    /// The frame's feature columns in schema order, typed and coded as in training. Missing columns or
    /// text in a numeric feature throw <see cref="InputDataException"/> naming them.
    /// </summary>
    public DataFrame Conform(DataFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var missing = Features.Where(f => !frame.Contains(f.Name)).Select(f => f.Name).ToList();
        if (missing.Count > 0)
        {
            var shown = string.Join(", ", missing.Take(10).Select(m => $"'{m}'"));
            var more = missing.Count > 10 ? $" and {missing.Count - 10} more" : string.Empty;
            throw new InputDataException($"feature column{(missing.Count == 1 ? string.Empty : "s")} missing from the data: {shown}{more}");
        }

        var columns = new Column[Features.Count];
        for (var i = 0; i < columns.Length; i++)
        {
            var spec = Features[i];
            var column = frame[spec.Name];
            if (spec.Kind == ColumnKind.Numeric && FirstText(column) is { } row)
            {
                throw new InputDataException(
                    $"{frame.DescribeRow(row)}: column '{column.Name}' holds '{DisplayText.Shorten(column.GetString(row)!)}', but the model was trained on it as numbers");
            }

            columns[i] = spec.Kind == ColumnKind.Numeric ? AsNumeric(column) : AsCategorical(column, spec.Levels);
        }

        return new DataFrame(columns);
    }

    /// <summary>A numeric column as it is; a categorical one whose every level is a number, parsed.</summary>
    internal static Column AsNumeric(Column column)
    {
        if (column.Kind == ColumnKind.Numeric)
        {
            return column;
        }

        if (FirstText(column) is { } row)
        {
            throw new InputDataException($"column '{column.Name}' must be numeric but row {row + 1} holds '{DisplayText.Shorten(column.GetString(row)!)}'");
        }

        var levels = column.Levels;
        var parsed = new double[levels.Length];
        for (var l = 0; l < levels.Length; l++)
        {
            TryParseNumber(levels[l], out parsed[l]);
        }

        var codes = column.Codes;
        var values = new double[codes.Length];
        for (var r = 0; r < values.Length; r++)
        {
            values[r] = codes[r] < 0 ? double.NaN : parsed[codes[r]];
        }

        return Column.Numeric(column.Name, values);
    }

    private static Column AsCategorical(Column column, IReadOnlyList<string> levels)
    {
        var index = new Dictionary<string, int>(levels.Count, StringComparer.Ordinal);
        for (var l = 0; l < levels.Count; l++)
        {
            index.TryAdd(levels[l], l);
        }

        var target = levels as string[] ?? [.. levels];
        var codes = new int[column.Length];
        if (column.Kind == ColumnKind.Categorical)
        {
            var own = column.Levels;
            var map = new int[own.Length];
            for (var l = 0; l < own.Length; l++)
            {
                map[l] = index.TryGetValue(own[l], out var c) ? c : -1;
            }

            var src = column.Codes;
            for (var r = 0; r < codes.Length; r++)
            {
                codes[r] = src[r] < 0 ? -1 : map[src[r]];
            }
        }
        else
        {
            for (var r = 0; r < codes.Length; r++)
            {
                var s = column.GetString(r);
                codes[r] = s is not null && index.TryGetValue(s, out var c) ? c : -1;
            }
        }

        return Column.Categorical(column.Name, codes, target);
    }

    /// <summary>The first row of a categorical column whose value is neither a number nor missing; null when none.</summary>
    public static int? FirstText(Column column)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (column.Kind == ColumnKind.Numeric)
        {
            return null;
        }

        // Only levels that occur count: a frame cut from a larger one keeps all of its levels.
        var levels = column.Levels;
        var isText = new bool[levels.Length];
        for (var l = 0; l < levels.Length; l++)
        {
            isText[l] = !TryParseNumber(levels[l], out _);
        }

        var codes = column.Codes;
        for (var r = 0; r < codes.Length; r++)
        {
            if (codes[r] >= 0 && isText[codes[r]])
            {
                return r;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether every value of a categorical column that occurs is an ISO 8601 date or date-time (<c>2026-01-05</c>,
    /// <c>2026-01-05T14:00:00Z</c>, <c>2026-01-05 14:00:00+00</c>; a space or lower-case t for the T, seconds, up to nine
    /// fraction digits and an offset optional) and at least
    /// one occurs. As a category such a column learns nothing that carries forward: a stream's times all lie past
    /// training's, so every one is unseen.
    /// </summary>
    public static bool HoldsTimestamps(Column column)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (column.Kind == ColumnKind.Numeric)
        {
            return false;
        }

        var used = new bool[column.Levels.Length];
        foreach (var code in column.Codes)
        {
            if (code >= 0)
            {
                used[code] = true;
            }
        }

        return used.Any(u => u) && column.Levels.Where((_, l) => used[l]).All(IsTimestamp);
    }

    // ISO 8601 as databases and dataframe libraries write it: a date, then optionally a time (T, t or a space; seconds and
    // up to nine fraction digits optional) with an optional offset (Z, z, +HH, +HHMM or +HH:MM).
    [GeneratedRegex(@"^(\d{4}-\d{2}-\d{2})(?:[Tt ](\d{2}:\d{2})(:\d{2})?(?:\.\d{1,9})?(?:[Zz]|[+-](\d{2})(?::?(\d{2}))?)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex TimestampPattern();

    private static bool IsTimestamp(string text)
    {
        var m = TimestampPattern().Match(text.Trim());
        if (!m.Success)
        {
            return false;
        }

        var core = m.Groups[1].Value + "T" + (m.Groups[2].Success ? m.Groups[2].Value : "00:00") + (m.Groups[3].Success ? m.Groups[3].Value : ":00");
        var offsetOk = (!m.Groups[4].Success || int.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture) <= 14)
            && (!m.Groups[5].Success || int.Parse(m.Groups[5].Value, CultureInfo.InvariantCulture) < 60);
        return offsetOk && DateTime.TryParseExact(core, "yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
    }

    internal static bool TryParseNumber(string text, out double value)
    {
        var t = text.Trim();
        if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        switch (t.ToUpperInvariant())
        {
            case "INF" or "+INF" or "INFINITY" or "+INFINITY":
                value = double.PositiveInfinity;
                return true;
            case "-INF" or "-INFINITY":
                value = double.NegativeInfinity;
                return true;
            default:
                // Numbers typed as text: "-", "none" and the like are missing here too, as the CSV reader has them among numbers.
                value = double.NaN;
                return MissingValues.IsMissingInNumbers(t);
        }
    }

}
