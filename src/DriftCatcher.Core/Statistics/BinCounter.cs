using System.Numerics;
using System.Runtime.InteropServices;

namespace DriftCatcher.Core.Statistics;

/// <summary>
/// Counts values into the bins (e[i-1], e[i]] of a few sorted inner edges in one vectorized pass:
/// for each edge it counts the values strictly above it (a compare and a subtract per lane), and the bin
/// counts are the differences. Non-finite values are counted apart and kept out of the bins.
/// </summary>
internal static class BinCounter
{
    /// <summary>Fills <paramref name="bins"/> (length edges + 1) and returns the number of non-finite values.</summary>
    public static long Count(ReadOnlySpan<double> values, ReadOnlySpan<double> innerEdges, Span<long> bins)
    {
        var e = innerEdges.Length;
        if (bins.Length != e + 1)
        {
            throw new ArgumentException("bins must be one longer than the inner edges", nameof(bins));
        }

        Span<long> above = stackalloc long[e];
        above.Clear();
        long finite = 0, posInf = 0;
        var i = 0;
        if (Vector.IsHardwareAccelerated && values.Length >= Vector<double>.Count)
        {
            var acc = new Vector<long>[e];
            var edges = new Vector<double>[e];
            for (var k = 0; k < e; k++)
            {
                edges[k] = new Vector<double>(innerEdges[k]);
            }

            var inf = new Vector<double>(double.PositiveInfinity);
            var finiteAcc = Vector<long>.Zero;
            var posInfAcc = Vector<long>.Zero;
            var vs = MemoryMarshal.Cast<double, Vector<double>>(values);
            foreach (var v in vs)
            {
                finiteAcc -= Vector.LessThan(Vector.Abs(v), inf);
                posInfAcc -= Vector.Equals(v, inf);
                for (var k = 0; k < e; k++)
                {
                    acc[k] -= Vector.GreaterThan(v, edges[k]);
                }
            }

            finite = Vector.Sum(finiteAcc);
            posInf = Vector.Sum(posInfAcc);
            for (var k = 0; k < e; k++)
            {
                above[k] = Vector.Sum(acc[k]);
            }

            i = vs.Length * Vector<double>.Count;
        }

        for (; i < values.Length; i++)
        {
            var v = values[i];
            if (double.IsFinite(v))
            {
                finite++;
            }
            else if (double.IsPositiveInfinity(v))
            {
                posInf++;
            }

            for (var k = 0; k < e; k++)
            {
                if (v > innerEdges[k])
                {
                    above[k]++;
                }
            }
        }

        // +Infinity is above every edge; NaN and -Infinity are above none.
        var prevAbove = finite;
        for (var k = 0; k < e; k++)
        {
            var a = above[k] - posInf;
            bins[k] = prevAbove - a;
            prevAbove = a;
        }

        bins[e] = prevAbove;
        return values.Length - finite;
    }
}
