using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DriftCatcher.Core.Statistics;

/// <summary>
/// Copies the finite values of a column and sorts them: an LSD radix sort on order-preserving 64-bit
/// keys (six 11-bit digits, digits every key shares are skipped), several times faster than
/// Array.Sort on a million doubles. -0.0 is stored as +0.0 so the two compare equal, as they do for doubles.
/// </summary>
internal static class FiniteSorter
{
    private const int Bits = 11;
    private const int Buckets = 1 << Bits;
    private const int Passes = 6;
    private const int SmallSort = 4096;

    /// <summary>A pooled buffer holding the sorted finite values; dispose to return it.</summary>
    public readonly struct Sorted : IDisposable
    {
        private readonly ulong[]? _buffer;

        public Sorted(ulong[]? buffer, int count)
        {
            _buffer = buffer;
            Count = count;
        }

        public int Count { get; }

        public ReadOnlySpan<double> Values =>
            _buffer is null ? [] : MemoryMarshal.Cast<ulong, double>(_buffer.AsSpan(0, Count));

        public void Dispose()
        {
            if (_buffer is not null)
            {
                ArrayPool<ulong>.Shared.Return(_buffer);
            }
        }
    }

    public static Sorted Sort(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty)
        {
            return new Sorted(null, 0);
        }

        var a = ArrayPool<ulong>.Shared.Rent(values.Length);
        var count = 0;
        foreach (var v in values)
        {
            if (double.IsFinite(v))
            {
                a[count++] = ToKey(v + 0.0);
            }
        }

        if (count <= SmallSort)
        {
            var span = a.AsSpan(0, count);
            span.Sort();
            FromKeys(span);
            return new Sorted(a, count);
        }

        var b = ArrayPool<ulong>.Shared.Rent(count);
        try
        {
            var result = RadixSort(a, b, count);
            FromKeys(result.AsSpan(0, count));
            if (ReferenceEquals(result, a))
            {
                return new Sorted(a, count);
            }

            ArrayPool<ulong>.Shared.Return(a);
            b = null;
            return new Sorted(result, count);
        }
        finally
        {
            if (b is not null)
            {
                ArrayPool<ulong>.Shared.Return(b);
            }
        }
    }

    /// <summary>Sorts the finite values into a new exact-length array (for building profiles).</summary>
    public static double[] SortToArray(ReadOnlySpan<double> values)
    {
        using var sorted = Sort(values);
        return sorted.Values.ToArray();
    }

    private static ulong[] RadixSort(ulong[] a, ulong[] b, int count)
    {
        var hist = ArrayPool<int>.Shared.Rent(Passes * Buckets);
        try
        {
            var h = hist.AsSpan(0, Passes * Buckets);
            h.Clear();
            var keys = a.AsSpan(0, count);
            foreach (var key in keys)
            {
                h[(int)(key & (Buckets - 1))]++;
                h[Buckets + (int)((key >> Bits) & (Buckets - 1))]++;
                h[(2 * Buckets) + (int)((key >> (2 * Bits)) & (Buckets - 1))]++;
                h[(3 * Buckets) + (int)((key >> (3 * Bits)) & (Buckets - 1))]++;
                h[(4 * Buckets) + (int)((key >> (4 * Bits)) & (Buckets - 1))]++;
                h[(5 * Buckets) + (int)(key >> (5 * Bits))]++;
            }

            var src = a;
            var dst = b;
            for (var pass = 0; pass < Passes; pass++)
            {
                var counts = h.Slice(pass * Buckets, Buckets);
                var shift = pass * Bits;
                var first = (int)((src[0] >> shift) & (Buckets - 1));
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

                var s = src.AsSpan(0, count);
                ref var d0 = ref MemoryMarshal.GetArrayDataReference(dst);
                ref var o0 = ref MemoryMarshal.GetReference(counts);
                foreach (var key in s)
                {
                    ref var o = ref Unsafe.Add(ref o0, (int)((key >> shift) & (Buckets - 1)));
                    Unsafe.Add(ref d0, o) = key;
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

    private static ulong ToKey(double v)
    {
        var bits = BitConverter.DoubleToUInt64Bits(v);
        return bits ^ ((ulong)((long)bits >> 63) | 0x8000_0000_0000_0000UL);
    }

    private static void FromKeys(Span<ulong> keys)
    {
        for (var i = 0; i < keys.Length; i++)
        {
            var k = keys[i];
            keys[i] = (k & 0x8000_0000_0000_0000UL) != 0 ? k ^ 0x8000_0000_0000_0000UL : ~k;
        }
    }
}
