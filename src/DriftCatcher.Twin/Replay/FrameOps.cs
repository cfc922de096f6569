using DriftCatcher.Core.Data;

namespace DriftCatcher.Twin.Replay;

/// <summary>Column-wise helpers the replay needs: selecting columns, stacking frames with the same columns.</summary>
internal static class FrameOps
{
    public static DataFrame Select(DataFrame frame, IReadOnlyList<string> names, ReadOnlySpan<int> rows)
    {
        var cols = new Column[names.Count];
        for (var i = 0; i < cols.Length; i++)
        {
            cols[i] = frame[names[i]].Take(rows);
        }

        return new DataFrame(cols);
    }

    /// <summary>Rows of <paramref name="a"/> then rows of <paramref name="b"/>; categorical levels are merged by text.</summary>
    public static DataFrame Stack(DataFrame a, DataFrame b)
    {
        var cols = new List<Column>(a.Columns.Count);
        foreach (var ca in a.Columns)
        {
            var cb = b[ca.Name];
            if (ca.Kind == ColumnKind.Numeric && cb.Kind == ColumnKind.Numeric)
            {
                cols.Add(Column.Numeric(ca.Name, [.. ca.Numbers, .. cb.Numbers]));
                continue;
            }

            var values = new string?[ca.Length + cb.Length];
            for (var i = 0; i < ca.Length; i++)
            {
                values[i] = ca.GetString(i);
            }

            for (var i = 0; i < cb.Length; i++)
            {
                values[ca.Length + i] = cb.GetString(i);
            }

            cols.Add(Column.Categorical(ca.Name, values));
        }

        return new DataFrame(cols);
    }
}
