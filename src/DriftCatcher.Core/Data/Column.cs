namespace DriftCatcher.Core.Data;

/// <summary>
/// One named column of a <see cref="DataFrame"/>. Numeric columns hold doubles (NaN = missing,
/// ±Infinity = non-finite); categorical columns hold codes into <see cref="Levels"/> (-1 = missing).
/// </summary>
public sealed class Column
{
    private readonly double[]? _numbers;
    private readonly int[]? _codes;
    private readonly string[]? _levels;

    private Column(string name, double[]? numbers, int[]? codes, string[]? levels)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        _numbers = numbers;
        _codes = codes;
        _levels = levels;
    }

    public string Name { get; }

    public ColumnKind Kind => _numbers is null ? ColumnKind.Categorical : ColumnKind.Numeric;

    public int Length => _numbers?.Length ?? _codes!.Length;

    /// <summary>The values of a numeric column (NaN = missing). Throws for a categorical column.</summary>
    public double[] Numbers => _numbers ?? throw new InvalidOperationException($"column '{Name}' is categorical, not numeric");

    /// <summary>The codes of a categorical column (-1 = missing). Throws for a numeric column.</summary>
    public int[] Codes => _codes ?? throw new InvalidOperationException($"column '{Name}' is numeric, not categorical");

    /// <summary>The distinct values of a categorical column, in order of first appearance.</summary>
    public string[] Levels => _levels ?? throw new InvalidOperationException($"column '{Name}' is numeric, not categorical");

    public static Column Numeric(string name, double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new Column(name, values, null, null);
    }

    public static Column Categorical(string name, int[] codes, string[] levels)
    {
        ArgumentNullException.ThrowIfNull(codes);
        ArgumentNullException.ThrowIfNull(levels);
        return new Column(name, null, codes, levels);
    }

    /// <summary>Builds a categorical column from strings (null = missing), levels in order of first appearance.</summary>
    public static Column Categorical(string name, IReadOnlyList<string?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var levels = new List<string>();
        var codes = new int[values.Count];
        for (var i = 0; i < codes.Length; i++)
        {
            var v = values[i];
            if (v is null)
            {
                codes[i] = -1;
                continue;
            }

            if (!index.TryGetValue(v, out var code))
            {
                code = levels.Count;
                index.Add(v, code);
                levels.Add(v);
            }

            codes[i] = code;
        }

        return new Column(name, null, codes, [.. levels]);
    }

    /// <summary>The value at <paramref name="row"/> as text (null when missing), whatever the kind.</summary>
    public string? GetString(int row)
    {
        if (_numbers is not null)
        {
            var v = _numbers[row];
            return double.IsNaN(v) ? null : v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        }

        var c = _codes![row];
        return c < 0 ? null : _levels![c];
    }

    /// <summary>True when the value at <paramref name="row"/> is missing (NaN or no category).</summary>
    public bool IsMissing(int row) => _numbers is not null ? double.IsNaN(_numbers[row]) : _codes![row] < 0;

    /// <summary>A new column holding the rows at <paramref name="rows"/>, in that order.</summary>
    public Column Take(ReadOnlySpan<int> rows)
    {
        if (_numbers is not null)
        {
            var n = new double[rows.Length];
            for (var i = 0; i < n.Length; i++)
            {
                n[i] = _numbers[rows[i]];
            }

            return new Column(Name, n, null, null);
        }

        var c = new int[rows.Length];
        for (var i = 0; i < c.Length; i++)
        {
            c[i] = _codes![rows[i]];
        }

        return new Column(Name, null, c, _levels);
    }

    /// <summary>The same values under another name.</summary>
    public Column Rename(string name) => new(name, _numbers, _codes, _levels);
}
