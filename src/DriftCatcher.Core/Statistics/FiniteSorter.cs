using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DriftCatcher.Core.Statistics;

/// <summary>
/// Copies the finite values of a column and sorts them. Large inputs take an LSD radix sort on a
/// 32-bit key — the value rounded to float, which keeps the order (x ≤ y ⇒ (float)x ≤ (float)y) —
/// so three 11-bit passes move the doubles instead of six; doubles that share a float are then put in
/// order within their (short) runs. -0.0 is stored as +0.0 so the two compare equal, as they do for doubles.
/// </summary>
internal static class FiniteSorter
{
    private const int Bits = 11;
    private const int Buckets = 1 << Bits;
    private const int Passes = 3;
    private const int SmallSort = 4096;

    /// <summary>A pooled buffer holding the sorted finite values; dispose to return it.</summary>
    public readonly struct Sorted : IDisposable
    {
        private readonly double[]? _buffer;

        public Sorted(double[]? buffer, int count)
        {
            _buffer = buffer;
            Count = count;
        }

        public int Count { get; }

        public ReadOnlySpan<double> Values => _buffer is null ? [] : _buffer.AsSpan(0, Count);

        public void Dispose()
        {
            if (_buffer is not null)
            {
                ArrayPool<double>.Shared.Return(_buffer);
            }
        }
    }

    public static Sorted Sort(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty)
        {
            return new Sorted(null, 0);
        }

        var a = ArrayPool<double>.Shared.Rent(values.Length);
        var count = 0;
        foreach (var v in values)
        {
            if (double.IsFinite(v))
            {
                a[count++] = v + 0.0;
            }
        }

        if (count <= SmallSort)
        {
            a.AsSpan(0, count).Sort();
            return new Sorted(a, count);
        }

        var b = ArrayPool<double>.Shared.Rent(count);
        try
        {
            var result = RadixSort(a, b, count);
            FixRuns(result.AsSpan(0, count));
            if (ReferenceEquals(result, a))
            {
                return new Sorted(a, count);
            }

            ArrayPool<double>.Shared.Return(a);
            b = null;
            return new Sorted(result, count);
        }
        finally
        {
            if (b is not null)
            {
                ArrayPool<double>.Shared.Return(b);
            }
        }
    }

    /// <summary>Sorts the finite values into a new exact-length array (for building profiles).</summary>
    public static double[] SortToArray(ReadOnlySpan<double> values)
    {
        using var sorted = Sort(values);
        return sorted.Values.ToArray();
    }

    private static double[] RadixSort(double[] a, double[] b, int count)
    {
        var hist = ArrayPool<int>.Shared.Rent(Passes * Buckets);
        try
        {
            var h = hist.AsSpan(0, Passes * Buckets);
            h.Clear();
            foreach (var v in a.AsSpan(0, count))
            {
                var key = Key(v);
                h[(int)(key & (Buckets - 1))]++;
                h[Buckets + (int)((key >> Bits) & (Buckets - 1))]++;
                h[(2 * Buckets) + (int)(key >> (2 * Bits))]++;
            }

            var src = a;
            var dst = b;
            for (var pass = 0; pass < Passes; pass++)
            {
                var counts = h.Slice(pass * Buckets, Buckets);
                var shift = pass * Bits;
                var first = (int)((Key(src[0]) >> shift) & (Buckets - 1));
                if (counts[first] == count)
                {
                    continue;
                }

                var offset = 0;
                for (var i = 0; i < Buckets; i++)
                {
                    var c = counts[i];
                    counts[i] = offset;
                    offset += c;
                }

                ref var d0 = ref MemoryMarshal.GetArrayDataReference(dst);
                ref var o0 = ref MemoryMarshal.GetReference(counts);
                foreach (var v in src.AsSpan(0, count))
                {
                    ref var o = ref Unsafe.Add(ref o0, (int)((Key(v) >> shift) & (Buckets - 1)));
                    Unsafe.Add(ref d0, o) = v;
                    o++;
                }

                (src, dst) = (dst, src);
            }

            return src;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(hist);
        }
    }

    /// <summary>Orders each run of values that share a float key (insertion sort; long runs fall back to a full sort).</summary>
    private static void FixRuns(Span<double> x)
    {
        var start = 0;
        while (start < x.Length)
        {
            var key = Key(x[start]);
            var end = start + 1;
            while (end < x.Length && Key(x[end]) == key)
            {
                end++;
            }

            if (end - start > 1 && !IsSorted(x[start..end]))
            {
                var run = x[start..end];
                if (run.Length > 32)
                {
                    run.Sort();
                }
                else
                {
                    for (var i = 1; i < run.Length; i++)
                    {
                        var v = run[i];
                        var j = i - 1;
                        while (j >= 0 && run[j] > v)
                        {
                            run[j + 1] = run[j];
                            j--;
                        }

                        run[j + 1] = v;
                    }
                }
            }

            start = end;
        }
    }

    private static bool IsSorted(ReadOnlySpan<double> run)
    {
        for (var i = 1; i < run.Length; i++)
        {
            if (run[i] < run[i - 1])
            {
                return false;
            }
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Key(double v)
    {
        var bits = BitConverter.SingleToUInt32Bits((float)v);
        return bits ^ ((uint)((int)bits >> 31) | 0x8000_0000u);
    }
}
