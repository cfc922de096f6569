namespace DriftCatcher.Core.Data;

/// <summary>An immutable table of equally long, uniquely named columns.</summary>
public sealed class DataFrame
{
    private static readonly IReadOnlyDictionary<string, string> NoRenames = new Dictionary<string, string>(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _index;
    private readonly IReadOnlyList<int> _sourceLines = [];

    public DataFrame(IReadOnlyList<Column> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        var rows = columns.Count == 0 ? 0 : columns[0].Length;
        for (var i = 0; i < columns.Count; i++)
        {
            var c = columns[i];
            if (c.Length != rows)
            {
                throw new InputDataException($"column '{c.Name}' has {c.Length} rows but '{columns[0].Name}' has {rows}");
            }

            if (!_index.TryAdd(c.Name, i))
            {
                throw new InputDataException($"duplicate column name '{c.Name}'");
            }
        }

        Columns = columns;
        RowCount = rows;
    }

    public IReadOnlyList<Column> Columns { get; }

    public int RowCount { get; }

    public IEnumerable<string> ColumnNames => Columns.Select(c => c.Name);

    /// <summary>
    /// The 1-based line of the file each row starts on, when the frame was read from one (empty otherwise,
    /// and for frames derived from it): error messages name the line a person can go to.
    /// </summary>
    public IReadOnlyList<int> SourceLines
    {
        get => _sourceLines;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.Count != 0 && value.Count != RowCount)
            {
                throw new ArgumentException($"{value.Count} source lines for {RowCount} rows", nameof(value));
            }

            _sourceLines = value;
        }
    }

    /// <summary>
    /// Columns the file's header named more than once, renamed ('x' → 'x.1'): new name → name as written.
    /// A label or batch column must not be among the names written twice (which copy is meant is unknown).
    /// </summary>
    public IReadOnlyDictionary<string, string> RenamedDuplicates { get; init; } = NoRenames;

    /// <summary>Where row <paramref name="row"/> (0-based) is: "line N" of the file when known, else "row N" (1-based).</summary>
    public string DescribeRow(int row) =>
        row < _sourceLines.Count
            ? $"line {_sourceLines[row].ToString(System.Globalization.CultureInfo.InvariantCulture)}"
            : $"row {(row + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>Refuses <paramref name="name"/> as the <paramref name="role"/> column when the header names it twice.</summary>
    public void CheckNamedOnce(string name, string role)
    {
        var copies = RenamedDuplicates.Where(r => string.Equals(r.Value, name, StringComparison.Ordinal)).Select(r => $"'{r.Key}'").ToList();
        if (copies.Count > 0)
        {
            throw new InputDataException(
                $"the header names the {role} column '{name}' more than once (the other copies were read as {string.Join(", ", copies)}); which one is the {role} is ambiguous");
        }
    }

    /// <summary>The first ten names, then "..." when there are more: for messages that list what a file holds.</summary>
    public static string PreviewNames(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var list = names.Take(11).ToList();
        var shown = string.Join(", ", list.Take(10));
        return list.Count > 10 ? shown + ", ..." : shown;
    }

    public Column this[string name] =>
        TryGetColumn(name, out var c) ? c : throw new InputDataException($"no column named '{name}'");

    public bool Contains(string name) => _index.ContainsKey(name);

    public bool TryGetColumn(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Column? column)
    {
        if (_index.TryGetValue(name, out var i))
        {
            column = Columns[i];
            return true;
        }

        column = null;
        return false;
    }

    /// <summary>All columns but the named ones (names that are not present are ignored).</summary>
    public DataFrame Without(params string[] names)
    {
        var drop = new HashSet<string>(names, StringComparer.Ordinal);
        return new DataFrame([.. Columns.Where(c => !drop.Contains(c.Name))]);
    }

    /// <summary>The rows at <paramref name="rows"/>, in that order.</summary>
    public DataFrame Take(ReadOnlySpan<int> rows)
    {
        var cols = new Column[Columns.Count];
        for (var i = 0; i < cols.Length; i++)
        {
            cols[i] = Columns[i].Take(rows);
        }

        return new DataFrame(cols);
    }
}
