namespace DriftCatcher.Core.Detectors;

/// <summary>
/// ADWIN, adaptive windowing (Bifet and Gavaldà, 2007): keeps a window of recent values in an
/// exponential histogram and drops its older part whenever the means of an older and a newer
/// sub-window differ by more than a Hoeffding-style bound. Updates are O(log W) amortised; a cut
/// is searched every <see cref="AdwinOptions.Clock"/> values. Semantics follow River's ADWIN,
/// (River 0.22 and later).
/// </summary>
public sealed class AdwinDetector : IChangeDetector
{
    private readonly AdwinOptions _options;
    private readonly List<Row> _rows = [];
    private double _total;
    private double _variance;
    private long _width;
    private long _tick;

    public AdwinDetector(AdwinOptions? options = null)
    {
        _options = (options ?? new AdwinOptions()).Validated();
        Clear();
    }

    public string Name => ChangeDetectors.Adwin;

    /// <summary>Number of values in the current window.</summary>
    public long Width => _width;

    /// <summary>Mean of the current window (0 when empty).</summary>
    public double Estimation => _width == 0 ? 0.0 : _total / _width;

    public static AdwinDetector FromState(AdwinState state)
    {
        const string d = ChangeDetectors.Adwin;
        DetectorInput.RequireState(state.Options is not null, d, "no options");
        var detector = new AdwinDetector(state.Options);
        DetectorInput.RequireState(
            state.BucketTotals is { Length: > 0 } && state.BucketVariances is not null
                && state.BucketTotals.Length == state.BucketVariances.Length,
            d,
            "bucket rows missing or of different lengths");
        detector._rows.Clear();
        long width = 0;
        for (var i = 0; i < state.BucketTotals.Length; i++)
        {
            var totals = state.BucketTotals[i];
            var variances = state.BucketVariances![i];
            DetectorInput.RequireState(
                totals is not null && variances is not null && totals.Length == variances.Length
                    && totals.Length <= detector._options.MaxBuckets,
                d,
                $"bucket row {i} is malformed");
            var row = new Row(detector._options.MaxBuckets);
            for (var k = 0; k < totals!.Length; k++)
            {
                row.Add(totals[k], variances![k]);
            }

            width += totals.Length * (1L << i);
            detector._rows.Add(row);
        }

        DetectorInput.RequireState(width == state.Width && state.Tick >= 0, d, "width does not match the buckets");
        detector._total = state.Total;
        detector._variance = state.Variance;
        detector._width = state.Width;
        detector._tick = state.Tick;
        return detector;
    }

    public DetectorResult Update(double value)
    {
        DetectorInput.RequireFinite(Name, value);
        Insert(value);
        var drift = DetectChange();
        if (drift && _options.ResetOnDrift)
        {
            Clear();
        }

        return new DetectorResult(drift, false);
    }

    public DetectorState Snapshot() => new AdwinState(
        _options,
        [.. _rows.Select(r => r.Totals.AsSpan(0, r.Count).ToArray())],
        [.. _rows.Select(r => r.Variances.AsSpan(0, r.Count).ToArray())],
        _total,
        _variance,
        _width,
        _tick);

    private void Clear()
    {
        _rows.Clear();
        _rows.Add(new Row(_options.MaxBuckets));
        _total = 0;
        _variance = 0;
        _width = 0;
        _tick = 0;
    }

    private void Insert(double value)
    {
        _rows[0].Add(value, 0.0);
        _width++;
        if (_width > 1)
        {
            var w = (double)_width;
            var before = _total / (w - 1.0);
            _variance += (w - 1.0) * (value - before) * (value - before) / w;
        }

        _total += value;
        Compress();
    }

    private void Compress()
    {
        for (var i = 0; i < _rows.Count; i++)
        {
            var row = _rows[i];
            if (row.Count != _options.MaxBuckets + 1)
            {
                return;
            }

            if (i + 1 == _rows.Count)
            {
                _rows.Add(new Row(_options.MaxBuckets));
            }

            // The two oldest buckets of this row become one bucket of the next size; their
            // variances combine with the between-bucket term (Chan et al.).
            var next = _rows[i + 1];
            var size = Math.Pow(2, i);
            var mean1 = row.Totals[0] / size;
            var mean2 = row.Totals[1] / size;
            var between = size * size * (mean1 - mean2) * (mean1 - mean2) / (size + size);
            next.Add(row.Totals[0] + row.Totals[1], row.Variances[0] + row.Variances[1] + between);
            row.RemoveOldest(2);
            if (next.Count <= _options.MaxBuckets)
            {
                return;
            }
        }
    }

    private bool DetectChange()
    {
        _tick++;
        if (_tick % _options.Clock != 0 || _width <= _options.GracePeriod)
        {
            return false;
        }

        var detected = false;
        var minLength = _options.MinWindowLength;
        var cut = true;
        while (cut)
        {
            cut = false;
            double n0 = 0, n1 = _width, u0 = 0, u1 = _total;

            // The older sub-window W0 grows bucket by bucket from the oldest row; every bucket
            // boundary is a candidate cut.
            for (var i = _rows.Count - 1; i >= 0 && !cut; i--)
            {
                var row = _rows[i];
                var size = Math.Pow(2, i);
                for (var k = 0; k < row.Count; k++)
                {
                    n0 += size;
                    n1 -= size;
                    u0 += row.Totals[k];
                    u1 -= row.Totals[k];
                    if (n1 >= minLength && n0 >= minLength && IsCut(n0, n1, (u0 / n0) - (u1 / n1)))
                    {
                        detected = true;
                        cut = true;
                        DeleteOldest();
                        break;
                    }
                }
            }
        }

        return detected;
    }

    private bool IsCut(double n0, double n1, double meanDifference)
    {
        var width = (double)_width;
        var deltaPrime = Math.Log(2 * Math.Log(width) / _options.Delta);
        var minLength = _options.MinWindowLength;
        var inverseM = (1.0 / (n0 - minLength + 1)) + (1.0 / (n1 - minLength + 1));
        var epsilon = Math.Sqrt(2 * inverseM * (_variance / width) * deltaPrime) + (2.0 / 3.0 * deltaPrime * inverseM);
        return Math.Abs(meanDifference) > epsilon;
    }

    private void DeleteOldest()
    {
        var last = _rows.Count - 1;
        var row = _rows[last];
        var size = Math.Pow(2, last);
        var bucketTotal = row.Totals[0];
        var bucketMean = bucketTotal / size;
        _width -= (long)size;
        _total -= bucketTotal;
        var width = (double)_width;
        var windowMean = _total / width;
        _variance -= row.Variances[0] + (size * width * (bucketMean - windowMean) * (bucketMean - windowMean) / (size + width));
        row.RemoveOldest(1);
        if (row.Count == 0)
        {
            _rows.RemoveAt(last);
        }
    }

    /// <summary>One row of the histogram: up to MaxBuckets + 1 buckets of equal size, oldest first.</summary>
    private sealed class Row(int maxBuckets)
    {
        public double[] Totals { get; } = new double[maxBuckets + 1];

        public double[] Variances { get; } = new double[maxBuckets + 1];

        public int Count { get; private set; }

        public void Add(double total, double variance)
        {
            Totals[Count] = total;
            Variances[Count] = variance;
            Count++;
        }

        public void RemoveOldest(int n)
        {
            Array.Copy(Totals, n, Totals, 0, Count - n);
            Array.Copy(Variances, n, Variances, 0, Count - n);
            Count -= n;
            Array.Clear(Totals, Count, n);
            Array.Clear(Variances, Count, n);
        }
    }
}
