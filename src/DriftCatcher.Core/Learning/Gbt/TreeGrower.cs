using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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

    /// <summary>sklearn's MIN_CAT_SUPPORT: a category needs this many rows in a node to be placed by a split; it is also the smoothing of the ordering statistic.</summary>
    private const double MinCategorySupport = 10;

    /// <summary>At most this many categories are put on the left side of a split (LightGBM's max_cat_threshold).</summary>
    private const int MaxCategoriesLeft = 32;

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
    private readonly float[] _orderedG;
    private readonly float[] _orderedH;
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
    private float[] _g = [];
    private float[] _h = [];
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
        _orderedG = new float[_rows];
        _orderedH = new float[_rows];
        _splitsA = new SplitInfo[_features];
        _splitsB = new SplitInfo[_features];
        _rootFeature = RootFeature;
        _childFeature = ChildFeature;
    }

    /// <summary>
    /// Grows a tree on the gradients and hessians of one output, adds its shrunken leaf values to
    /// <paramref name="raw"/> for the training rows and the gain of its splits to <paramref name="importance"/>.
    /// </summary>
    public GbtTree Grow(float[] g, float[] h, bool constantHessian, double[] raw, double[] importance)
    {
        _g = g;
        _h = h;
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
            sumG += g[i];
        }

        if (constantHessian)
        {
            sumH = _rows;
        }
        else
        {
            for (var i = 0; i < _rows; i++)
            {
                sumH += h[i];
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
        _splitsA[f] = FindSplit(f, hist, node.Count, node.SumG, node.SumH);
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
            _splitsB[f] = FindSplit(f, _parentHistogram!, largeNode.Count, largeNode.SumG, largeNode.SumH);
        }

        if (_splitSmall)
        {
            _splitsA[f] = FindSplit(f, small, smallNode.Count, smallNode.SumG, smallNode.SumH);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void BuildRoot(int f, HistBin[] histogram)
    {
        var o = _offset[f];
        var length = _nonMissing[f] + 1;
        Array.Clear(histogram, o, length);
        var n = _rows;
        fixed (HistBin* hist = &histogram[o])
        fixed (byte* col = _bins[f])
        fixed (float* g = _g)
        fixed (float* h = _h)
        {
            if (_constantHessian)
            {
                for (var i = 0; i < n; i++)
                {
                    var e = hist + col[i];
                    e->G += g[i];
                    e->Count += 1;
                }
            }
            else
            {
                for (var i = 0; i < n; i++)
                {
                    var e = hist + col[i];
                    e->G += g[i];
                    e->H += h[i];
                    e->Count += 1;
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void BuildGathered(int f, HistBin[] histogram, int start, int count)
    {
        var o = _offset[f];
        var length = _nonMissing[f] + 1;
        Array.Clear(histogram, o, length);
        fixed (HistBin* hist = &histogram[o])
        fixed (byte* col = _bins[f])
        fixed (int* idx = &_indices[start])
        fixed (float* g = _orderedG)
        fixed (float* h = _orderedH)
        {
            if (_constantHessian)
            {
                for (var i = 0; i < count; i++)
                {
                    var e = hist + col[idx[i]];
                    e->G += g[i];
                    e->Count += 1;
                }
            }
            else
            {
                for (var i = 0; i < count; i++)
                {
                    var e = hist + col[idx[i]];
                    e->G += g[i];
                    e->H += h[i];
                    e->Count += 1;
                }
            }
        }
    }

    /// <summary>Copies the node's gradients into row order so that each feature's pass reads them sequentially.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Gather(int start, int count)
    {
        fixed (int* idx = &_indices[start])
        fixed (float* g = _g)
        fixed (float* h = _h)
        fixed (float* og = _orderedG)
        fixed (float* oh = _orderedH)
        {
            for (var i = 0; i < count; i++)
            {
                og[i] = g[idx[i]];
            }

            if (!_constantHessian)
            {
                for (var i = 0; i < count; i++)
                {
                    oh[i] = h[idx[i]];
                }
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

    private SplitInfo FindSplit(int f, HistBin[] histogram, int n, double sumG, double sumH)
    {
        var hist = new ReadOnlySpan<HistBin>(histogram, _offset[f], _nonMissing[f] + 1);
        return _categorical[f] ? FindCategoricalSplit(f, hist, n, sumG, sumH) : FindNumericSplit(f, hist, n, sumG, sumH);
    }

    private SplitInfo FindNumericSplit(int f, ReadOnlySpan<HistBin> hist, int n, double sumG, double sumH)
    {
        var best = SplitInfo.None;
        var l2 = _p.L2;
        var minLeaf = _p.MinSamplesLeaf;
        var constant = _constantHessian;
        var parentScore = sumG * sumG / (sumH + l2);
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

            var gain = (gl * gl / (hl + l2)) + (gr * gr / (hr + l2)) - parentScore;
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

                var gain = (gl2 * gl2 / (hl2 + l2)) + (gr * gr / (hr + l2)) - parentScore;
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
    /// Native categorical split (LightGBM/sklearn): categories with enough rows are sorted by their
    /// smoothed mean gradient and the best prefix of that order, from either end, goes left. The missing
    /// bin takes part like a category; rare categories go right.
    /// </summary>
    private SplitInfo FindCategoricalSplit(int f, ReadOnlySpan<HistBin> hist, int n, double sumG, double sumH)
    {
        var best = SplitInfo.None;
        var l2 = _p.L2;
        var minLeaf = _p.MinSamplesLeaf;
        var constant = _constantHessian;
        var parentScore = sumG * sumG / (sumH + l2);
        Span<CategoryStat> cats = stackalloc CategoryStat[256];
        var used = 0;
        var last = _hasMissing[f] ? hist.Length : hist.Length - 1;
        for (var b = 0; b < last; b++)
        {
            ref readonly var e = ref hist[b];
            if (e.Count >= MinCategorySupport)
            {
                var h = constant ? e.Count : e.H;
                cats[used++] = new CategoryStat(e.G / (h + MinCategorySupport), b);
            }
        }

        if (used <= 1)
        {
            return best;
        }

        cats = cats[..used];
        cats.Sort(static (a, b) => a.Value != b.Value ? a.Value.CompareTo(b.Value) : a.Bin.CompareTo(b.Bin));
        var maxLeft = Math.Min(MaxCategoriesLeft, (used + 1) / 2);
        var bestCount = 0;
        var bestForward = true;
        foreach (var forward in (ReadOnlySpan<bool>)[true, false])
        {
            double gl = 0, hl = 0, nl = 0;
            for (var i = 0; i < maxLeft; i++)
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

                var gain = (gl * gl / (hl + l2)) + (gr * gr / (hr + l2)) - parentScore;
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
                // sklearn adds 1e-15 so that an empty hessian cannot divide by zero.
                var value = -g.SumG / (g.SumH + _p.L2 + 1e-15) * rate;
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
            importance[s.Feature] += s.Gain;
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
