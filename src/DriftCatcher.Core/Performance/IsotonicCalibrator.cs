namespace DriftCatcher.Core.Performance;

/// <summary>
/// A non-decreasing map fitted by isotonic regression (pool adjacent violators). It is stored as the knots
/// of a piecewise-linear function, scikit-learn's IsotonicRegression(out_of_bounds="clip"): linear
/// between knots, flat outside them. Knots inside flat runs are dropped, so the size follows the number
/// of distinct fitted levels rather than the number of rows. Serializes as two arrays.
/// </summary>
public sealed record IsotonicCalibrator(double[] X, double[] Y)
{
    /// <summary>Fits <paramref name="y"/> as a non-decreasing function of <paramref name="x"/> (equal x values are pooled).</summary>
    public static IsotonicCalibrator Fit(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"{x.Length} x values for {y.Length} y values", nameof(y));
        }

        if (x.Length == 0)
        {
            throw new ArgumentException("isotonic regression needs at least one point", nameof(x));
        }

        var xs = x.ToArray();
        var ys = y.ToArray();
        Array.Sort(xs, ys);

        // Pool equal x into one weighted point, then pool adjacent violators on those points.
        var ux = new List<double>();
        var level = new List<double>();
        var weight = new List<double>();
        for (var i = 0; i < xs.Length;)
        {
            var j = i;
            double s = 0;
            while (j < xs.Length && xs[j] == xs[i])
            {
                s += ys[j];
                j++;
            }

            ux.Add(xs[i]);
            level.Add(s / (j - i));
            weight.Add(j - i);
            i = j;
        }

        var fitted = PoolAdjacentViolators(level, weight);

        var keepX = new List<double>();
        var keepY = new List<double>();
        for (var i = 0; i < fitted.Length; i++)
        {
            var interior = i > 0 && i < fitted.Length - 1;
            if (!interior || fitted[i] != fitted[i - 1] || fitted[i] != fitted[i + 1])
            {
                keepX.Add(ux[i]);
                keepY.Add(fitted[i]);
            }
        }

        return new IsotonicCalibrator([.. keepX], [.. keepY]);
    }

    public double Predict(double value)
    {
        if (value <= X[0])
        {
            return Y[0];
        }

        if (value >= X[^1])
        {
            return Y[^1];
        }

        var i = Array.BinarySearch(X, value);
        if (i >= 0)
        {
            return Y[i];
        }

        var hi = ~i;
        var lo = hi - 1;
        var t = (value - X[lo]) / (X[hi] - X[lo]);
        return Y[lo] + (t * (Y[hi] - Y[lo]));
    }

    private static double[] PoolAdjacentViolators(List<double> values, List<double> weights)
    {
        // Blocks on a stack: each holds its mean, weight and how many points it covers.
        var mean = new double[values.Count];
        var w = new double[values.Count];
        var size = new int[values.Count];
        var top = -1;
        for (var i = 0; i < values.Count; i++)
        {
            top++;
            mean[top] = values[i];
            w[top] = weights[i];
            size[top] = 1;
            while (top > 0 && mean[top - 1] >= mean[top])
            {
                var total = w[top - 1] + w[top];
                mean[top - 1] = ((mean[top - 1] * w[top - 1]) + (mean[top] * w[top])) / total;
                w[top - 1] = total;
                size[top - 1] += size[top];
                top--;
            }
        }

        var fitted = new double[values.Count];
        var at = 0;
        for (var b = 0; b <= top; b++)
        {
            for (var j = 0; j < size[b]; j++)
            {
                fitted[at++] = mean[b];
            }
        }

        return fitted;
    }
}
