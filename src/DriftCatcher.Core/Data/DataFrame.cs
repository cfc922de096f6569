namespace DriftCatcher.Core.Data;

/// <summary>An immutable table of equally long, uniquely named columns.</summary>
public sealed class DataFrame
{
    private readonly Dictionary<string, int> _index;

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
