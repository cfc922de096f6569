using System.Numerics;
using DriftCatcher.Core.Data;

namespace DriftCatcher.Core.Quality;

/// <summary>
/// Counts rows identical to an earlier row. Rows are hashed column by column (sequential memory access),
/// and a hash hit is confirmed by comparing the rows, so a 64-bit collision never counts as a duplicate.
/// </summary>
internal static class RowHasher
{
    private const ulong Prime1 = 0x9E3779B185EBCA87UL;
    private const ulong Prime2 = 0xC2B2AE3D27D4EB4FUL;
    private const int ChunkRows = 1 << 14;

    public static int CountDuplicates(DataFrame frame)
    {
        var n = frame.RowCount;
        if (n < 2 || frame.Columns.Count == 0)
        {
            return 0;
        }

        var hashes = Hash(frame);

        // Open addressing with linear probing over a power-of-two table of row numbers (+1, 0 = empty):
        // at most half full, and the hash is already well mixed, so probes are short and cache-friendly.
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)n * 2);
        var mask = size - 1;
        var table = new int[size];
        var duplicates = 0;
        for (var row = 0; row < n; row++)
        {
            var h = hashes[row];
            var slot = (int)(h >> 32) & mask;
            while (true)
            {
                var other = table[slot] - 1;
                if (other < 0)
                {
                    table[slot] = row + 1;
                    break;
                }

                if (hashes[other] == h && SameRow(frame, other, row))
                {
                    duplicates++;
                    break;
                }

                slot = (slot + 1) & mask;
            }
        }

        return duplicates;
    }

    private static ulong[] Hash(DataFrame frame)
    {
        var n = frame.RowCount;
        var hashes = new ulong[n];
        var chunks = (n + ChunkRows - 1) / ChunkRows;

        // Chunks of rows keep the running hashes in cache while every column streams through.
        Parallel.For(0, chunks, chunk =>
        {
            var start = chunk * ChunkRows;
            var h = hashes.AsSpan(start, Math.Min(ChunkRows, n - start));
            h.Fill(Prime2);
            foreach (var column in frame.Columns)
            {
                if (column.Kind == ColumnKind.Numeric)
                {
                    var values = column.Numbers.AsSpan(start, h.Length);
                    for (var i = 0; i < h.Length; i++)
                    {
                        h[i] = Mix(h[i], Bits(values[i]));
                    }
                }
                else
                {
                    var codes = column.Codes.AsSpan(start, h.Length);
                    for (var i = 0; i < h.Length; i++)
                    {
                        h[i] = Mix(h[i], (ulong)(uint)codes[i]);
                    }
                }
            }

            for (var i = 0; i < h.Length; i++)
            {
                h[i] = Finish(h[i]);
            }
        });
        return hashes;
    }

    // -0.0 equals 0.0 and every NaN is "missing": both must hash (and compare) alike.
    private static ulong Bits(double v) =>
        double.IsNaN(v) ? 0x7FF8000000000000UL : v == 0 ? 0UL : (ulong)BitConverter.DoubleToInt64Bits(v);

    private static ulong Mix(ulong h, ulong v) => BitOperations.RotateLeft(h ^ (v * Prime1), 31) * Prime2;

    private static ulong Finish(ulong h)
    {
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDUL;
        h ^= h >> 33;
        h *= 0xC4CEB9FE1A85EC53UL;
        return h ^ (h >> 33);
    }

    private static bool SameRow(DataFrame frame, int a, int b)
    {
        foreach (var column in frame.Columns)
        {
            if (column.Kind == ColumnKind.Numeric)
            {
                if (Bits(column.Numbers[a]) != Bits(column.Numbers[b]))
                {
                    return false;
                }
            }
            else if (column.Codes[a] != column.Codes[b])
            {
                return false;
            }
        }

        return true;
    }
}
