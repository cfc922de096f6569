using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DriftCatcher.Core.Learning.Gbt;

/// <summary>
/// Grows one tree leaf-wise on binned data, the way sklearn's TreeGrower does: the leaf with the
/// largest gain is split next; the smaller child's histogram is built from its rows and the larger
/// child's is the parent's minus it (computed in place in the parent's buffer). Histogram building and
/// split finding run per feature, in parallel when the node is big enough; each feature is handled by
/// one thread and the best feature is then chosen sequentially, so the tree does not depend on the
/// thread schedule. Buffers live as long as the grower, so growing allocates almost nothing.
/// </summary>
internal sealed unsafe class TreeGrower
{
    /// <summary>sklearn's min_hessian_to_split.</summary>
    private const double MinHessianToSplit = 1e-3;

    /// <summary>sklearn's MIN_CAT_SUPPORT: a category needs this much (row-scaled) hessian in a node to be placed by a split; also the smoothing of its ordering statistic.</summary>
    private const double MinCategorySupport = 10;

    /// <summary>Below this many (rows × features) a node is processed on one thread: task overhead would dominate.</summary>
    private const int ParallelWork = 40_000;

    private readonly byte[][] _bins;
    private readonly FeatureBinning[] _binnings;
    private readonly int _rows;
    private readonly int _features;
    private readonly int[] _nonMissing;
    private readonly bool[] _hasMissing;
    private readonly bool[] _categorical;
    private readonly int[] _offset;
    private readonly int _histogramLength;
    private readonly GbtParameters _p;
    private readonly ParallelOptions _parallel;
    private readonly int[] _indices;
    private readonly int[] _scratch;
    private readonly float[] _orderedGH;
    private readonly Stack<HistBin[]> _pool = new();
    private readonly SplitInfo[] _splitsA;
    private readonly SplitInfo[] _splitsB;
    private readonly PriorityQueue<int, (double Gain, int Id)> _heap = new(GainOrder.Instance);
    private readonly byte[] _goesLeft = new byte[256];
    private readonly Action<int> _rootFeature;
    private readonly Action<int> _childFeature;
    private GrowNode[] _nodes = new GrowNode[64];
    private int _nodeCount;
    private int _finalizedLeaves;

    // State of the per-feature work of the current node, read by _rootFeature and _childFeature.
    private float[] _gh = [];
    private bool _constantHessian;
    private int _small;
    private int _large;
    private HistBin[]? _smallHistogram;
    private HistBin[]? _parentHistogram;
    private bool _splitSmall;
    private bool _splitLarge;

    public TreeGrower(BinnedData data, GbtParameters parameters, int maxDegreeOfParallelism)
    {
        _bins = data.Columns;
        _binnings = data.Binnings;
        _rows = data.Rows;
        _features = data.Columns.Length;
        _nonMissing = data.NonMissingBins;
        _hasMissing = data.HasMissing;
        _categorical = data.IsCategorical;
        _offset = new int[_features];
        for (var f = 0; f < _features; f++)
        {
            _offset[f] = _histogramLength;
            _histogramLength += _nonMissing[f] + 1;
        }

        _p = parameters;
        _parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        _indices = new int[_rows];
        _scratch = new int[_rows];
        _orderedGH = new float[2 * _rows];
        _splitsA = new SplitInfo[_features];
        _splitsB = new SplitInfo[_features];
        _rootFeature = RootFeature;
        _childFeature = ChildFeature;
    }

    /// <summary>
    /// Grows a tree on the gradients and hessians of one output, stored as pairs (g0, h0, g1, h1, ...),
    /// adds its shrunken leaf values to <paramref name="raw"/> for the training rows and the gain of its
    /// splits to <paramref name="importance"/>.
    /// </summary>
    public GbtTree Grow(float[] gradientHessian, bool constantHessian, double[] raw, double[] importance)
    {
        _gh = gradientHessian;
        _constantHessian = constantHessian;
        _nodeCount = 0;
        _finalizedLeaves = 0;
        _heap.Clear();
        for (var i = 0; i < _rows; i++)
        {
            _indices[i] = i;
        }

        double sumG = 0, sumH = 0;
        for (var i = 0; i < _rows; i++)
        {
            sumG += gradientHessian[2 * i];
        }

        if (constantHessian)
        {
            sumH = _rows;
        }
        else
        {
            for (var i = 0; i < _rows; i++)
            {
                sumH += gradientHessian[(2 * i) + 1];
            }
        }

        var root = NewNode(0, _rows, 0, sumG, sumH);
        if (_rows < 2 * _p.MinSamplesLeaf || sumH < MinHessianToSplit)
        {
            Finalize(root);
        }
        else
        {
            _nodes[root].Histogram = Rent();
            _small = root;
            ForEachFeature(_rows, _rootFeature);
            PushOrFinalize(root, _splitsA);
        }

        while (_heap.Count > 0)
        {
            SplitNext();
        }

        return Finish(raw, importance);
    }

    private void SplitNext()
    {
        var id = _heap.Dequeue();
        EnsureCapacity(_nodeCount + 2);
        ref var node = ref _nodes[id];
        if (!_hasMissing[node.Split.Feature])
        {
            // No missing values in training: at prediction they follow the bigger child, like sklearn.
            node.Split.MissingLeft = node.Split.NLeft > node.Split.NRight;
        }

        Partition(ref node);
        var split = node.Split;
        var depth = node.Depth + 1;
        var left = NewNode(node.Start, split.NLeft, depth, split.GLeft, split.HLeft);
        var right = NewNode(node.Start + split.NLeft, split.NRight, depth, split.GRight, split.HRight);
        node.Left = left;
        node.Right = right;
        var parentHistogram = node.Histogram!;
        node.Histogram = null;

        var leaves = _finalizedLeaves + _heap.Count + 2;
        if (leaves >= _p.MaxLeafNodes)
        {
            Finalize(left);
            Finalize(right);
            while (_heap.Count > 0)
            {
                Finalize(_heap.Dequeue());
            }

            _pool.Push(parentHistogram);
            return;
        }

        if (depth >= _p.MaxDepth)
        {
            Finalize(left);
            Finalize(right);
            _pool.Push(parentHistogram);
            return;
        }

        var splitLeft = split.NLeft >= 2 * _p.MinSamplesLeaf;
        var splitRight = split.NRight >= 2 * _p.MinSamplesLeaf;
        if (!splitLeft)
        {
            Finalize(left);
        }

        if (!splitRight)
        {
            Finalize(right);
        }

        if (!splitLeft && !splitRight)
        {
            _pool.Push(parentHistogram);
            return;
        }

        var leftIsSmall = split.NLeft < split.NRight;
        _small = leftIsSmall ? left : right;
        _large = leftIsSmall ? right : left;
        _splitSmall = leftIsSmall ? splitLeft : splitRight;
        _splitLarge = leftIsSmall ? splitRight : splitLeft;
        _smallHistogram = Rent();
        _parentHistogram = parentHistogram;
        Gather(_nodes[_small].Start, _nodes[_small].Count);
        ForEachFeature(_nodes[_small].Count, _childFeature);

        if (_splitSmall)
        {
            _nodes[_small].Histogram = _smallHistogram;
            PushOrFinalize(_small, _splitsA);
        }
        else
        {
            _pool.Push(_smallHistogram);
        }

        if (_splitLarge)
        {
            _nodes[_large].Histogram = parentHistogram;
            PushOrFinalize(_large, _splitsB);
        }
        else
        {
            _pool.Push(parentHistogram);
        }

        _smallHistogram = null;
        _parentHistogram = null;
    }

    private void ForEachFeature(int rows, Action<int> work)
    {
        if (_parallel.MaxDegreeOfParallelism == 1 || _features < 2 || (long)rows * _features < ParallelWork)
        {
            for (var f = 0; f < _features; f++)
            {
                work(f);
            }
        }
        else
        {
            Parallel.For(0, _features, _parallel, work);
        }
    }

    private void RootFeature(int f)
    {
        ref readonly var node = ref _nodes[_small];
        var hist = node.Histogram!;
        BuildRoot(f, hist);
        _splitsA[f] = FindSplit(f, hist, in node);
    }

    private void ChildFeature(int f)
    {
        var small = _smallHistogram!;
        ref readonly var smallNode = ref _nodes[_small];
        BuildGathered(f, small, smallNode.Start, smallNode.Count);
        if (_splitLarge)
        {
            var o = _offset[f];
            var len = (_nonMissing[f] + 1) * 3;
            var parent = MemoryMarshal.Cast<HistBin, double>(_parentHistogram.AsSpan(o));
            var child = MemoryMarshal.Cast<HistBin, double>(small.AsSpan(o));
            TensorPrimitives.Subtract(parent[..len], child[..len], parent[..len]);
            ref readonly var largeNode = ref _nodes[_large];
            _splitsB[f] = FindSplit(f, _parentHistogram!, in largeNode);
        }

        if (_splitSmall)
        {
            _splitsA[f] = FindSplit(f, small, in smallNode);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void BuildRoot(int f, HistBin[] histogram)
    {
        var o = _offset[f];
        Array.Clear(histogram, o, _nonMissing[f] + 1);
        fixed (HistBin* hist = &histogram[o])
        fixed (byte* col = _bins[f])
        fixed (float* gh = _gh)
        {
            Accumulate(hist, col, null, gh, _rows);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void BuildGathered(int f, HistBin[] histogram, int start, int count)
    {
        var o = _offset[f];
        Array.Clear(histogram, o, _nonMissing[f] + 1);
        fixed (HistBin* hist = &histogram[o])
        fixed (byte* col = _bins[f])
        fixed (int* idx = &_indices[start])
        fixed (float* gh = _orderedGH)
        {
            Accumulate(hist, col, idx, gh, count);
        }
    }

    /// <summary>
    /// The histogram's inner loop: per row, the (gradient, hessian) float pair is widened to two doubles
    /// and added to its bin with one vector add; bins are summed in row order, as sklearn does.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate(HistBin* hist, byte* col, int* idx, float* gh, int count)
    {
        var pairs = (double*)gh;
        if (idx is null)
        {
            for (var i = 0; i < count; i++)
            {
                Add(hist + col[i], pairs[i]);
            }
        }
        else
        {
            for (var i = 0; i < count; i++)
            {
                Add(hist + col[idx[i]], pairs[i]);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add(HistBin* e, double pair)
    {
        var p = (double*)e;
        var gh = Vector128.WidenLower(Vector128.CreateScalarUnsafe(pair).AsSingle());
        Vector128.Store(Vector128.Load(p) + gh, p);
        p[2] += 1;
    }

    /// <summary>Copies the node's (gradient, hessian) pairs into row order so that each feature's pass reads them sequentially.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Gather(int start, int count)
    {
        fixed (int* idx = &_indices[start])
        fixed (float* gh = _gh)
        fixed (float* ordered = _orderedGH)
        {
            var source = (double*)gh;
            var target = (double*)ordered;
            for (var i = 0; i < count; i++)
            {
                target[i] = source[idx[i]];
            }
        }
    }

    /// <summary>Stable partition of the node's rows: left rows first, both sides keep their order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Partition(ref GrowNode node)
    {
        ref readonly var split = ref node.Split;
        var f = split.Feature;
        var missing = _nonMissing[f];
        var lut = _goesLeft;
        for (var b = 0; b < missing; b++)
        {
            lut[b] = split.Categorical
                ? (byte)(split.LeftBins.Contains(b) ? 1 : 0)
                : (byte)(b <= split.Bin ? 1 : 0);
        }

        lut[missing] = (byte)(split.MissingLeft ? 1 : 0);
        var count = node.Count;
        int l = 0, r = 0;
        fixed (int* idx = &_indices[node.Start])
        fixed (int* scratch = _scratch)
        fixed (byte* col = _bins[f])
        fixed (byte* goes = lut)
        {
            for (var i = 0; i < count; i++)
            {
                var s = idx[i];
                int go = goes[col[s]];
                idx[l] = s;
                scratch[r] = s;
                l += go;
                r += 1 - go;
            }

            Buffer.MemoryCopy(scratch, idx + l, (long)r * sizeof(int), (long)r * sizeof(int));
        }

        if (l != split.NLeft)
        {
            throw new InvalidOperationException($"partition put {l} rows left where the histogram counted {split.NLeft}");
        }
    }

    /// <summary>
    /// The best split of feature <paramref name="f"/>. Gains follow sklearn's arithmetic step by step
    /// (node loss minus the children's g·v, v = −g/(h + l2 + 1e−15)) so that near-ties, frequent when
    /// many rows share a gradient, are resolved the same way; like sklearn, the root's own loss counts as 0.
    /// </summary>
    private SplitInfo FindSplit(int f, HistBin[] histogram, ref readonly GrowNode node)
    {
        var hist = new ReadOnlySpan<HistBin>(histogram, _offset[f], _nonMissing[f] + 1);
        var nodeLoss = node.Depth == 0 ? 0 : node.SumG * Value(node.SumG, node.SumH);
        return _categorical[f]
            ? FindCategoricalSplit(f, hist, node.Count, node.SumG, node.SumH, nodeLoss)
            : FindNumericSplit(f, hist, node.Count, node.SumG, node.SumH, nodeLoss);
    }

    /// <summary>sklearn's compute_node_value: the Newton step, 1e−15 keeping an empty hessian finite.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double Value(double sumG, double sumH) => -sumG / (sumH + _p.L2 + 1e-15);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double Gain(double nodeLoss, double gl, double hl, double gr, double hr) =>
        nodeLoss - (gl * Value(gl, hl)) - (gr * Value(gr, hr));

    private SplitInfo FindNumericSplit(int f, ReadOnlySpan<HistBin> hist, int n, double sumG, double sumH, double nodeLoss)
    {
        var best = SplitInfo.None;
        var minLeaf = _p.MinSamplesLeaf;
        var constant = _constantHessian;
        var nonMissing = _nonMissing[f];
        var hasMissing = _hasMissing[f];

        // Missing rows go right; with missing values the last candidate is "all non-missing left".
        var end = nonMissing - 1 + (hasMissing ? 1 : 0);
        double gl = 0, hl = 0, nl = 0;
        for (var b = 0; b < end; b++)
        {
            ref readonly var e = ref hist[b];
            nl += e.Count;
            gl += e.G;
            hl += constant ? e.Count : e.H;
            var nr = n - nl;
            var hr = sumH - hl;
            var gr = sumG - gl;
            if (nl < minLeaf || hl < MinHessianToSplit)
            {
                continue;
            }

            if (nr < minLeaf || hr < MinHessianToSplit)
            {
                break;
            }

            var gain = Gain(nodeLoss, gl, hl, gr, hr);
            if (gain > best.Gain && gain > 0)
            {
                best = Numeric(f, gain, b, missingLeft: false, gl, hl, (int)nl, gr, hr, n - (int)nl);
            }
        }

        if (hasMissing)
        {
            // Missing rows go left.
            double gr = 0, hr = 0, nr = 0;
            for (var b = nonMissing - 2; b >= 0; b--)
            {
                ref readonly var e = ref hist[b + 1];
                nr += e.Count;
                gr += e.G;
                hr += constant ? e.Count : e.H;
                var nl2 = n - nr;
                var hl2 = sumH - hr;
                var gl2 = sumG - gr;
                if (nr < minLeaf || hr < MinHessianToSplit)
                {
                    continue;
                }

                if (nl2 < minLeaf || hl2 < MinHessianToSplit)
                {
                    break;
                }

                var gain = Gain(nodeLoss, gl2, hl2, gr, hr);
                if (gain > best.Gain && gain > 0)
                {
                    best = Numeric(f, gain, b, missingLeft: true, gl2, hl2, n - (int)nr, gr, hr, (int)nr);
                }
            }
        }

        return best;
    }

    private static SplitInfo Numeric(int f, double gain, int bin, bool missingLeft, double gl, double hl, int nl, double gr, double hr, int nr) => new()
    {
        Gain = gain,
        Feature = f,
        Bin = bin,
        MissingLeft = missingLeft,
        GLeft = gl,
        HLeft = hl,
        NLeft = nl,
        GRight = gr,
        HRight = hr,
        NRight = nr,
    };

    /// <summary>
    /// Native categorical split (LightGBM, sklearn): categories with enough support are sorted by their
    /// smoothed mean gradient, and the best prefix of that order from either end, up to the middle,
    /// goes left. The missing bin takes part like a category; low-support categories go right.
    /// </summary>
    private SplitInfo FindCategoricalSplit(int f, ReadOnlySpan<HistBin> hist, int n, double sumG, double sumH, double nodeLoss)
    {
        var best = SplitInfo.None;
        var minLeaf = _p.MinSamplesLeaf;
        var constant = _constantHessian;

        // Support is counted in rows: hessians scaled so that they sum to the row count.
        var supportFactor = n / sumH;
        Span<CategoryStat> cats = stackalloc CategoryStat[256];
        var used = 0;
        var last = _hasMissing[f] ? hist.Length : hist.Length - 1;
        for (var b = 0; b < last; b++)
        {
            ref readonly var e = ref hist[b];
            var h = constant ? e.Count : e.H;
            if (h * supportFactor >= MinCategorySupport)
            {
                cats[used++] = new CategoryStat(e.G / (h + MinCategorySupport), b);
            }
        }

        if (used <= 1)
        {
            return best;
        }

        cats = cats[..used];
        cats.Sort(static (a, b) => a.Value != b.Value ? a.Value.CompareTo(b.Value) : a.Bin.CompareTo(b.Bin));
        var bestCount = 0;
        var bestForward = true;
        foreach (var forward in (ReadOnlySpan<bool>)[true, false])
        {
            var middle = forward ? (used + 1) / 2 : ((used + 1) / 2) - 1;
            double gl = 0, hl = 0, nl = 0;
            for (var i = 0; i < middle; i++)
            {
                ref readonly var e = ref hist[cats[forward ? i : used - 1 - i].Bin];
                nl += e.Count;
                gl += e.G;
                hl += constant ? e.Count : e.H;
                var nr = n - nl;
                var hr = sumH - hl;
                var gr = sumG - gl;
                if (nl < minLeaf || hl < MinHessianToSplit)
                {
                    continue;
                }

                if (nr < minLeaf || hr < MinHessianToSplit)
                {
                    break;
                }

                var gain = Gain(nodeLoss, gl, hl, gr, hr);
                if (gain > best.Gain && gain > 0)
                {
                    best = Numeric(f, gain, -1, missingLeft: false, gl, hl, (int)nl, gr, hr, n - (int)nl);
                    bestCount = i + 1;
                    bestForward = forward;
                }
            }
        }

        if (best.Gain > 0)
        {
            best.Categorical = true;
            for (var i = 0; i < bestCount; i++)
            {
                best.LeftBins.Add(cats[bestForward ? i : used - 1 - i].Bin);
            }

            best.MissingLeft = best.LeftBins.Contains(_nonMissing[f]);
        }

        return best;
    }

    private void PushOrFinalize(int id, SplitInfo[] perFeature)
    {
        var best = SplitInfo.None;
        for (var f = 0; f < perFeature.Length; f++)
        {
            if (perFeature[f].Gain > best.Gain)
            {
                best = perFeature[f];
            }
        }

        ref var node = ref _nodes[id];
        node.Split = best;
        if (best.Gain <= 0)
        {
            Finalize(id);
        }
        else
        {
            _heap.Enqueue(id, (best.Gain, id));
        }
    }

    private void Finalize(int id)
    {
        ref var node = ref _nodes[id];
        node.IsLeaf = true;
        if (node.Histogram is not null)
        {
            _pool.Push(node.Histogram);
            node.Histogram = null;
        }

        _finalizedLeaves++;
    }

    private int NewNode(int start, int count, int depth, double sumG, double sumH)
    {
        EnsureCapacity(_nodeCount + 1);
        _nodes[_nodeCount] = new GrowNode
        {
            Start = start,
            Count = count,
            Depth = depth,
            SumG = sumG,
            SumH = sumH,
            Split = SplitInfo.None,
            Left = -1,
            Right = -1,
        };
        return _nodeCount++;
    }

    private void EnsureCapacity(int count)
    {
        if (count > _nodes.Length)
        {
            Array.Resize(ref _nodes, Math.Max(count, _nodes.Length * 2));
        }
    }

    private HistBin[] Rent() => _pool.Count > 0 ? _pool.Pop() : new HistBin[_histogramLength];

    private GbtTree Finish(double[] raw, double[] importance)
    {
        var nodes = new TreeNode[_nodeCount];
        var sets = new List<Bitset256>();
        var rate = _p.LearningRate;
        for (var id = 0; id < _nodeCount; id++)
        {
            ref readonly var g = ref _nodes[id];
            if (g.Left < 0)
            {
                var value = Value(g.SumG, g.SumH) * rate;
                nodes[id] = new TreeNode { Feature = -1, Left = -1, Right = -1, CategorySlot = -1, Value = value };
                fixed (int* idx = &_indices[g.Start])
                fixed (double* r = raw)
                {
                    for (var i = 0; i < g.Count; i++)
                    {
                        r[idx[i]] += value;
                    }
                }

                continue;
            }

            var s = g.Split;

            // Importance uses the true loss reduction, also at the root (whose split gain omits its own loss).
            importance[s.Feature] += id == 0 ? s.Gain + (g.SumG * Value(g.SumG, g.SumH)) : s.Gain;
            var slot = -1;
            if (s.Categorical)
            {
                slot = sets.Count;
                sets.Add(s.LeftBins);
            }

            nodes[id] = new TreeNode
            {
                Feature = s.Feature,
                Left = g.Left,
                Right = g.Right,
                Bin = s.Bin,
                CategorySlot = slot,
                MissingLeft = s.MissingLeft,
                Threshold = s.Categorical ? double.NaN : _binnings[s.Feature].ThresholdOf(s.Bin),
            };
        }

        return new GbtTree(nodes, [.. sets]);
    }

    private readonly record struct CategoryStat(double Value, int Bin);

    /// <summary>Larger gain first; equal gains in the order the nodes were made, so growth is deterministic.</summary>
    private sealed class GainOrder : IComparer<(double Gain, int Id)>
    {
        public static readonly GainOrder Instance = new();

        public int Compare((double Gain, int Id) x, (double Gain, int Id) y) =>
            x.Gain != y.Gain ? y.Gain.CompareTo(x.Gain) : x.Id.CompareTo(y.Id);
    }
}
