using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DriftCatcher.Core.Statistics;

/// <summary>
/// KS D, Wasserstein-1 and the PSI bin counts of a window against a reference feature's sorted sample
/// and decile edges, without sorting the window (docs/drift.md, "How a window is compared").
/// <para>
/// Both empirical CDFs are step functions and the reference's only steps at its distinct sample values,
/// so the window is reduced to counts over slots — each open gap between consecutive points (sample
/// values and bin edges) and each point itself. D is attained at a gap's ends, so the counts give it
/// exactly; the area between the CDFs in a gap follows from the gap's values' offsets when the window's
/// CDF stays on one side of the reference's there, and a selection splits it where they cross. The
/// result equals the merge walk over both sorted samples up to rounding.
/// </para>
/// <para>
/// A value's slot comes from a table of buckets over a monotone map of the value (linear, or log-like
/// for heavy tails, whichever leaves fewer points in crowded buckets) and one 4-wide vector compare
/// against the points that share its bucket; the rare crowded bucket is binary searched.
/// </para>
/// </summary>
internal sealed class SampleGapIndex
{
    /// <summary>
    /// Samples with more distinct values and edges than this are compared by sorting the window instead
    /// (slots then fit 16 bits, which halves the traffic of the per-value slot array).
    /// </summary>
    public const int MaxDistinct = short.MaxValue;

    private const int Probe = 4;
    private const int Lanes = 4;
    private const int MinBuckets = 1 << 10;
    private const int MaxBuckets = 1 << 14;

    private static readonly ConditionalWeakTable<double[], SampleGapIndex> Cache = [];

    // Distinct sample values and bin edges, followed by Probe + 1 copies of +Infinity so a probe never reads past the end.
    private readonly double[] _values;

    // Sample points ≤ _values[j].
    private readonly long[] _cumulative;

    // Bin edges strictly below _values[j] (the PSI bin of slots 2j and 2j + 1); the last entry is all edges.
    private readonly int[] _edgesBelow;
    private readonly double[] _edges;
    private readonly long _sampleSize;
    private readonly int _distinct;

    private readonly BucketMap _map;

    // Per bucket: the number of distinct values in lower buckets, bitwise-complemented when the bucket
    // holds more than Probe values (then binary searched between _starts[b] and _starts[b + 1]).
    private readonly short[] _table;
    private readonly int[] _starts;

    private SampleGapIndex(double[] sortedSample, double[] innerEdges)
    {
        // The points are the sample's distinct values merged with the PSI bin edges: the reference CDF
        // steps only at sample values, and no edge falls strictly inside a gap, so a slot lies in one bin.
        var points = new List<double>();
        var cumulative = new List<long>();
        var edgesBelow = new List<int>();
        int i = 0, e = 0;
        while (i < sortedSample.Length || e < innerEdges.Length)
        {
            var v = e == innerEdges.Length || (i < sortedSample.Length && sortedSample[i] + 0.0 <= innerEdges[e])
                ? sortedSample[i] + 0.0
                : innerEdges[e] + 0.0;
            while (i < sortedSample.Length && sortedSample[i] + 0.0 == v)
            {
                i++;
            }

            var below = e;
            while (e < innerEdges.Length && innerEdges[e] + 0.0 == v)
            {
                e++;
            }

            points.Add(v);
            cumulative.Add(i);
            edgesBelow.Add(below);
        }

        _edges = innerEdges;
        _distinct = points.Count;
        _sampleSize = sortedSample.Length;
        _cumulative = [.. cumulative];
        _edgesBelow = [.. edgesBelow, innerEdges.Length];
        _values = new double[_distinct + Probe + 1];
        points.CopyTo(_values);
        _values.AsSpan(_distinct).Fill(double.PositiveInfinity);
        (_map, _table, _starts) = BestTable(_values.AsSpan(0, _distinct), _cumulative);
    }

    /// <summary>
    /// The index of a reference feature's sorted finite sample and bin edges (cached per profile), or null
    /// when the sample is empty or has too many distinct values.
    /// </summary>
    public static SampleGapIndex? For(NumericProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var sample = profile.Sample;
        if (sample.Length == 0)
        {
            return null;
        }

        if (Cache.TryGetValue(sample, out var cached) && ReferenceEquals(cached._edges, profile.InnerEdges))
        {
            return cached;
        }

        if (CountDistinct(sample) + profile.InnerEdges.Length > MaxDistinct)
        {
            return null;
        }

        var index = new SampleGapIndex(sample, profile.InnerEdges);
        Cache.AddOrUpdate(sample, index);
        return index;
    }

    /// <summary>
    /// KS D and Wasserstein-1 between the sample's and the window's finite values (NaN for a window with
    /// none), and the window's counts in the PSI bins (<paramref name="bins"/>: one more than the edges).
    /// </summary>
    public GapComparison Compare(ReadOnlySpan<double> window, Span<long> bins)
    {
        if (bins.Length != _edges.Length + 1)
        {
            throw new ArgumentException("bins must be one longer than the inner edges", nameof(bins));
        }

        var slots = (2 * _distinct) + 2;
        var slotOf = ArrayPool<ushort>.Shared.Rent(Math.Max(1, window.Length));
        var lanes = ArrayPool<int>.Shared.Rent(Lanes * slots);
        double[]? grouped = null;
        try
        {
            var finite = _map.LogLike ? Classify<LogLikeMap>(window, slotOf) : Classify<LinearMap>(window, slotOf);
            bins.Clear();
            if (finite == 0)
            {
                return new GapComparison(double.NaN, double.NaN, window.Length);
            }

            var slotOfWindow = slotOf.AsSpan(0, window.Length);
            var laneCounts = lanes.AsSpan(0, Lanes * slots);
            Count(slotOfWindow, laneCounts);
            for (var s = 0; s < slots - 1; s++)
            {
                bins[_edgesBelow[s >> 1]] += laneCounts[Lanes * s] + laneCounts[(Lanes * s) + 1] + laneCounts[(Lanes * s) + 2] + laneCounts[(Lanes * s) + 3];
            }

            grouped = ArrayPool<double>.Shared.Rent(window.Length);
            var starts = Group(window, slotOfWindow, laneCounts, grouped);
            var (d, w) = Walk(grouped, starts, finite);
            return new GapComparison(d, w, window.Length - finite);
        }
        finally
        {
            ArrayPool<ushort>.Shared.Return(slotOf);
            ArrayPool<int>.Shared.Return(lanes);
            if (grouped is not null)
            {
                ArrayPool<double>.Shared.Return(grouped);
            }
        }
    }

    /// <summary>
    /// Writes each value's slot (2j for the gap below distinct value j, 2j + 1 for value j itself, the
    /// last slot for a non-finite value) and returns the number of finite values. Nothing is counted
    /// here: an increment whose address waits on this chain of loads would stall every later load.
    /// </summary>
    private long Classify<TMap>(ReadOnlySpan<double> window, ushort[] slotOf)
        where TMap : struct, IMap
    {
        var dummy = (2 * _distinct) + 1;
        var last = _table.Length - 1;
        long finite = 0;
        var map = _map;
        ref var values = ref MemoryMarshal.GetArrayDataReference(_values);
        ref var table = ref MemoryMarshal.GetArrayDataReference(_table);
        ref var slot0 = ref MemoryMarshal.GetArrayDataReference(slotOf);
        var vectorProbe = Vector256.IsHardwareAccelerated;
        for (var i = 0; i < window.Length; i++)
        {
            var v = window[i];
            if (!double.IsFinite(v))
            {
                Unsafe.Add(ref slot0, i) = (ushort)dummy;
                continue;
            }

            finite++;
            var b = TMap.Bucket(map, v);
            b = b < 0 ? 0 : b > last ? last : b;
            int s = Unsafe.Add(ref table, (int)b);
            int j;
            if (s < 0)
            {
                j = LowerBound(v, ~s, _starts[b + 1]);
            }
            else if (vectorProbe)
            {
                var below = Vector256.LessThan(Vector256.LoadUnsafe(ref Unsafe.Add(ref values, s)), Vector256.Create(v)).ExtractMostSignificantBits();
                j = s + BitOperations.PopCount(below);
            }
            else
            {
                j = s;
                for (var t = 0; t < Probe; t++)
                {
                    j += Unsafe.Add(ref values, s + t) < v ? 1 : 0;
                }
            }

            Unsafe.Add(ref slot0, i) = (ushort)((2 * j) + (Unsafe.Add(ref values, j) == v ? 1 : 0));
        }

        return finite;
    }

    /// <summary>
    /// Counts slots per lane (value index mod 4), each lane in its own copy, so that runs of equal slots
    /// do not chain their increments through memory.
    /// </summary>
    private static void Count(ReadOnlySpan<ushort> slotOf, Span<int> laneCounts)
    {
        laneCounts.Clear();
        ref var c0 = ref MemoryMarshal.GetReference(laneCounts);
        var i = 0;
        for (; i + Lanes <= slotOf.Length; i += Lanes)
        {
            Unsafe.Add(ref c0, Lanes * slotOf[i])++;
            Unsafe.Add(ref c0, (Lanes * slotOf[i + 1]) + 1)++;
            Unsafe.Add(ref c0, (Lanes * slotOf[i + 2]) + 2)++;
            Unsafe.Add(ref c0, (Lanes * slotOf[i + 3]) + 3)++;
        }

        for (; i < slotOf.Length; i++)
        {
            Unsafe.Add(ref c0, Lanes * slotOf[i])++;
        }
    }

    /// <summary>
    /// A counting sort by slot (the order within a slot is arbitrary): afterwards the values of slot s
    /// are grouped[starts[s]..starts[s + 1]]. Each lane writes through its own cursor, again to keep
    /// consecutive values from chaining.
    /// </summary>
    private static int[] Group(ReadOnlySpan<double> window, ReadOnlySpan<ushort> slotOf, Span<int> laneCounts, double[] grouped)
    {
        var slots = laneCounts.Length / Lanes;
        var starts = new int[slots + 1];
        var at = 0;
        for (var s = 0; s < slots; s++)
        {
            starts[s] = at;
            for (var lane = 0; lane < Lanes; lane++)
            {
                var c = laneCounts[(Lanes * s) + lane];
                laneCounts[(Lanes * s) + lane] = at;
                at += c;
            }
        }

        starts[slots] = at;
        ref var cursor = ref MemoryMarshal.GetReference(laneCounts);
        ref var g0 = ref MemoryMarshal.GetArrayDataReference(grouped);
        var i = 0;
        for (; i + Lanes <= window.Length; i += Lanes)
        {
            Unsafe.Add(ref g0, Unsafe.Add(ref cursor, Lanes * slotOf[i])++) = window[i];
            Unsafe.Add(ref g0, Unsafe.Add(ref cursor, (Lanes * slotOf[i + 1]) + 1)++) = window[i + 1];
            Unsafe.Add(ref g0, Unsafe.Add(ref cursor, (Lanes * slotOf[i + 2]) + 2)++) = window[i + 2];
            Unsafe.Add(ref g0, Unsafe.Add(ref cursor, (Lanes * slotOf[i + 3]) + 3)++) = window[i + 3];
        }

        for (; i < window.Length; i++)
        {
            Unsafe.Add(ref g0, Unsafe.Add(ref cursor, Lanes * slotOf[i])++) = window[i];
        }

        return starts;
    }

    private int LowerBound(double v, int lo, int hi)
    {
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_values[mid] < v)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>
    /// One walk over the gaps. D is attained at a gap's ends. The area in a gap where the window's CDF
    /// stays on one side of the reference's (constant a there) is |a·L − ∫F|, with ∫F known from the
    /// count and the sum of the gap's values; where the CDFs cross, a selection finds the value at which
    /// the window's CDF reaches a and the area is split there.
    /// </summary>
    private (double D, double Wasserstein) Walk(double[] grouped, int[] starts, long m)
    {
        var k = _distinct;
        var n = _sampleSize;
        double invN = 1.0 / n, invM = 1.0 / m;
        double d = 0, w = 0;
        long c = 0;
        for (var j = 0; j <= k; j++)
        {
            var gap = grouped.AsSpan(starts[2 * j], starts[(2 * j) + 1] - starts[2 * j]);
            long inGap = gap.Length;
            var refBelow = j == 0 ? 0 : _cumulative[j - 1];
            var a = refBelow * invN;
            var fLo = c * invM;
            var fHi = (c + inGap) * invM;
            d = Math.Max(d, Math.Max(Math.Abs(a - fLo), Math.Abs(a - fHi)));
            if (j == 0)
            {
                // Below the reference's first value its CDF is 0.
                w += DistanceBelow(gap, _values[0]) * invM;
            }
            else if (j == k)
            {
                // Above its last value it is 1.
                w -= DistanceBelow(gap, _values[k - 1]) * invM;
            }
            else
            {
                w += GapArea(gap, _values[j - 1], _values[j], refBelow, n, c, m);
            }

            c += inGap;
            if (j < k)
            {
                c += starts[(2 * j) + 2] - starts[(2 * j) + 1];
                d = Math.Max(d, Math.Abs((_cumulative[j] * invN) - (c * invM)));
            }
        }

        return (d, Math.Max(0, w));
    }

    /// <summary>
    /// ∫ |a − F| over (lo, hi), a = refBelow/n, F the window's CDF (c of m values at or below lo; the gap's values in any
    /// order). F is flat from lo to the gap's smallest value and from its largest to hi: those two parts are taken
    /// apart, as |a − F|·length, so that the sums below span only the values' own range. Over a whole gap of 1e300 with
    /// values near 1e6 in it, a·L − ∫F cancelled to 1.5e284 where the merge walk gives 62 258 (a property test's sample).
    /// </summary>
    private static double GapArea(Span<double> gap, double lo, double hi, long refBelow, long n, long c, long m)
    {
        double invM = 1.0 / m, a = refBelow * (1.0 / n);
        var fLo = c * invM;
        if (gap.Length == 0)
        {
            return Math.Abs(a - fLo) * (hi - lo);
        }

        double first = gap[0], last = gap[0];
        foreach (var v in gap)
        {
            first = Math.Min(first, v);
            last = Math.Max(last, v);
        }

        var flat = (Math.Abs(a - fLo) * (first - lo)) + (Math.Abs(a - ((c + gap.Length) * invM)) * (hi - last));
        return flat + OccupiedArea(gap, first, last, refBelow, n, c, m);
    }

    /// <summary>∫ |a − F| over (lo, hi) = (the gap's smallest value, its largest), the same way.</summary>
    private static double OccupiedArea(Span<double> gap, double lo, double hi, long refBelow, long n, long c, long m)
    {
        double invM = 1.0 / m, a = refBelow * (1.0 / n);
        var width = hi - lo;
        var fLo = c * invM;
        long inGap = gap.Length;

        // All of F inside the gap on one side of a: ∫F = fLo·L + Σ (hi − v)/m.
        if (refBelow * m >= (c + inGap) * n || refBelow * m <= c * n)
        {
            var under = (fLo * width) + (DistanceBelow(gap, hi) * invM);
            return Math.Abs((a * width) - under);
        }

        // F reaches a at the t-th smallest value u of the gap (1-based): F < a on (lo, u) and F ≥ a on
        // [u, hi). ∫F over (lo, u) = fLo·(u − lo) + Σ over the t − 1 smaller values of (u − v)/m; over
        // [u, hi) it is fLo·(hi − u) + t·(hi − u)/m + Σ over the rest of (hi − v)/m.
        var t = (int)(((refBelow * m) - (c * n) + n - 1) / n);
        var u = Select(gap, t - 1);
        var underLeft = (fLo * (u - lo)) + (DistanceBelow(gap[..(t - 1)], u) * invM);
        var underRight = (fLo * (hi - u)) + (((t * (hi - u)) + DistanceBelow(gap[t..], hi)) * invM);
        return ((a * (u - lo)) - underLeft) + (underRight - (a * (hi - u)));
    }

    /// <summary>
    /// Reorders <paramref name="x"/> so that x[r] is its r-th smallest value, smaller-or-equal ones before
    /// it and larger-or-equal ones after (quickselect). The partition is branch-free — every element is
    /// swapped and the boundary advances by the comparison's outcome — because comparisons against a
    /// pivot are coin flips a branch predictor cannot learn.
    /// </summary>
    private static double Select(Span<double> x, int r)
    {
        int lo = 0, hi = x.Length - 1;
        while (hi - lo > 16)
        {
            // Median of three as the pivot, parked at hi.
            var mid = lo + ((hi - lo) >> 1);
            if (x[mid] < x[lo])
            {
                (x[mid], x[lo]) = (x[lo], x[mid]);
            }

            if (x[hi] < x[lo])
            {
                (x[hi], x[lo]) = (x[lo], x[hi]);
            }

            if (x[mid] < x[hi])
            {
                (x[mid], x[hi]) = (x[hi], x[mid]);
            }

            var pivot = x[hi];
            var store = lo;
            for (var i = lo; i < hi; i++)
            {
                var v = x[i];
                x[i] = x[store];
                x[store] = v;
                store += v < pivot ? 1 : 0;
            }

            x[hi] = x[store];
            x[store] = pivot;
            if (store == r)
            {
                return pivot;
            }

            if (r < store)
            {
                hi = store - 1;
            }
            else
            {
                lo = store + 1;
            }
        }

        x[lo..(hi + 1)].Sort();
        return x[r];
    }

    /// <summary>Σ (top − v): offsets rather than a difference of sums, so nothing cancels in narrow gaps far from zero.</summary>
    private static double DistanceBelow(ReadOnlySpan<double> x, double top)
    {
        double s = 0;
        foreach (var v in x)
        {
            s += top - v;
        }

        return s;
    }

    private static int CountDistinct(double[] sorted)
    {
        var distinct = 1;
        for (var i = 1; i < sorted.Length; i++)
        {
            if (sorted[i] != sorted[i - 1])
            {
                distinct++;
            }
        }

        return distinct;
    }

    /// <summary>Tries the linear and the log-like map at a few resolutions and keeps the one that leaves the least sample mass in crowded buckets.</summary>
    private static (BucketMap Map, short[] Table, int[] Starts) BestTable(ReadOnlySpan<double> values, long[] cumulative)
    {
        (BucketMap Map, short[] Table, int[] Starts, double Crowded)? best = null;
        for (var buckets = MinBuckets; buckets <= MaxBuckets; buckets *= 4)
        {
            foreach (var map in BucketMap.Candidates(values, buckets))
            {
                var (table, starts, crowded) = Fill(map, values, cumulative);
                if (best is null || crowded < best.Value.Crowded - 1e-9)
                {
                    best = (map, table, starts, crowded);
                }
            }

            if (best!.Value.Crowded < 0.01)
            {
                break;
            }
        }

        return (best!.Value.Map, best.Value.Table, best.Value.Starts);
    }

    private static (short[] Table, int[] Starts, double Crowded) Fill(BucketMap map, ReadOnlySpan<double> values, long[] cumulative)
    {
        var buckets = map.Buckets;
        var starts = new int[buckets + 1];
        foreach (var v in values)
        {
            starts[map.Bucket(v) + 1]++;
        }

        for (var b = 0; b < buckets; b++)
        {
            starts[b + 1] += starts[b];
        }

        var table = new short[buckets];
        long crowdedMass = 0;
        for (var b = 0; b < buckets; b++)
        {
            var inBucket = starts[b + 1] - starts[b];
            if (inBucket > Probe)
            {
                table[b] = (short)~starts[b];
                var first = starts[b];
                var last = starts[b + 1] - 1;
                crowdedMass += cumulative[last] - (first == 0 ? 0 : cumulative[first - 1]);
            }
            else
            {
                table[b] = (short)starts[b];
            }
        }

        return (table, starts, crowdedMass / (double)cumulative[^1]);
    }

    /// <summary>What <see cref="Compare"/> measured.</summary>
    internal readonly record struct GapComparison(double D, double Wasserstein, long Missing);

    /// <summary>How <see cref="Classify{TMap}"/> computes a raw (unclamped) bucket, resolved at compile time.</summary>
    private interface IMap
    {
        static abstract long Bucket(in BucketMap map, double v);
    }

    private readonly struct LinearMap : IMap
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static long Bucket(in BucketMap map, double v) => (int)((v - map.Origin) * map.Scale);
    }

    private readonly struct LogLikeMap : IMap
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static long Bucket(in BucketMap map, double v) => (map.Key(v) - map.MinKey) >> map.Shift;
    }

    /// <summary>
    /// A monotone (non-decreasing) map from finite doubles to buckets 0..Buckets-1: monotonicity alone
    /// makes every sample value in a lower bucket smaller than the value looked up and every one in a
    /// higher bucket larger. Linear over the sample's range, or log-like around its median (linear
    /// within ±Scale of it, one key step per mantissa step beyond) for heavy tails.
    /// </summary>
    private readonly struct BucketMap
    {
        private BucketMap(bool logLike, double origin, double scale, long minKey, int shift, int buckets)
        {
            LogLike = logLike;
            Origin = origin;
            Scale = scale;
            MinKey = minKey;
            Shift = shift;
            Buckets = buckets;
        }

        public bool LogLike { get; }

        public double Origin { get; }

        public double Scale { get; }

        public long MinKey { get; }

        public int Shift { get; }

        public int Buckets { get; }

        public static List<BucketMap> Candidates(ReadOnlySpan<double> values, int buckets)
        {
            var min = values[0];
            var max = values[^1];
            var range = max - min;
            var maps = new List<BucketMap>
            {
                new(false, min, range > 0 && double.IsFinite(range) ? buckets / range : 0, 0, 0, buckets),
            };

            var median = values[values.Length / 2];
            var q1 = values[values.Length / 4];
            var q3 = values[3 * values.Length / 4];
            foreach (var spread in new[] { (q3 - q1) / 2, (q3 - q1) / 32 })
            {
                if (spread > 0 && double.IsFinite(spread))
                {
                    var probe = new BucketMap(true, median, spread, 0, 0, buckets);
                    var lo = probe.Key(min);
                    var hi = probe.Key(max);
                    var shift = Math.Max(0, 64 - BitOperations.LeadingZeroCount((ulong)(hi - lo)) - BitOperations.Log2((uint)buckets));
                    maps.Add(new BucketMap(true, median, spread, lo, shift, buckets));
                }
            }

            return maps;
        }

        public int Bucket(double v)
        {
            var b = LogLike ? LogLikeMap.Bucket(this, v) : LinearMap.Bucket(this, v);
            return (int)Math.Clamp(b, 0, Buckets - 1);
        }

        // Quartered so that the difference of two keys cannot overflow; the sign is applied without a branch.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public long Key(double v)
        {
            var y = v - Origin;
            var magnitude = BitConverter.DoubleToInt64Bits(Math.Abs(y) + Scale) - BitConverter.DoubleToInt64Bits(Scale);
            var negative = BitConverter.DoubleToInt64Bits(y) >> 63;
            return ((magnitude ^ negative) - negative) >> 2;
        }
    }
}
