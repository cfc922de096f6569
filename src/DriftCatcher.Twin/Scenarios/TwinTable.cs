using DriftCatcher.Core.Data;
using DriftCatcher.Twin.Generators;

namespace DriftCatcher.Twin.Scenarios;

/// <summary>
/// Generated rows, column by column. Categorical cells hold level indices (NaN = missing).
/// Column names are as written to CSV (CICIDS2017 names keep their leading spaces).
/// </summary>
public sealed class TwinTable
{
    public TwinTable(IReadOnlyList<TwinColumn> columns, IReadOnlyList<double[]> values)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(values);
        if (columns.Count != values.Count)
        {
            throw new ArgumentException("one value array per column", nameof(values));
        }

        Columns = columns;
        Values = values;
        RowCount = values.Count == 0 ? 0 : values[0].Length;
    }

    public IReadOnlyList<TwinColumn> Columns { get; }

    public IReadOnlyList<double[]> Values { get; }

    public int RowCount { get; }

    /// <summary>The values of the column whose trimmed name is <paramref name="name"/>.</summary>
    public double[] this[string name]
    {
        get
        {
            for (var i = 0; i < Columns.Count; i++)
            {
                if (string.Equals(Columns[i].TrimmedName, name.Trim(), StringComparison.Ordinal))
                {
                    return Values[i];
                }
            }

            throw new KeyNotFoundException($"no column '{name}'");
        }
    }

    /// <summary>The table as a <see cref="DataFrame"/> named the way the CSV reader would name it (trimmed).</summary>
    public DataFrame ToDataFrame()
    {
        var columns = new Column[Columns.Count];
        for (var c = 0; c < columns.Length; c++)
        {
            var meta = Columns[c];
            var v = Values[c];
            if (meta.Levels is { } levels)
            {
                // The reader keeps levels in order of first appearance; build the column the same way.
                var text = new string?[v.Length];
                for (var r = 0; r < v.Length; r++)
                {
                    text[r] = double.IsNaN(v[r]) ? null : levels[(int)v[r]];
                }

                columns[c] = Column.Categorical(meta.TrimmedName, text);
            }
            else
            {
                columns[c] = Column.Numeric(meta.TrimmedName, (double[])v.Clone());
            }
        }

        return new DataFrame(columns);
    }
}
