namespace DriftCatcher.Core.Learning.Gbt;

/// <summary>
/// A loss as the booster needs it: the constant start, per-row gradients and hessians (float, like
/// sklearn) and the mean loss for early stopping. Raw predictions are stored one array per output.
/// </summary>
internal abstract class GbtLoss
{
    /// <summary>Machine epsilon of double; sklearn clips prior probabilities by (multiples of) it before taking logs.</summary>
    protected const double Epsilon = 2.220446049250313e-16;

    /// <summary>Trees per boosting iteration.</summary>
    public abstract int Outputs { get; }

    /// <summary>Whether every hessian is the same, so histograms can count rows instead of summing them.</summary>
    public virtual bool HasConstantHessian(double[]? weights) => false;

    public abstract void Baseline(double[] y, double[]? weights, Span<double> baseline);

    /// <summary>Fills (gradient, hessian) pairs, gh[k][2i] and gh[k][2i + 1], for rows [from, to).</summary>
    public abstract void Gradients(double[] y, double[]? weights, double[][] raw, float[][] gh, int from, int to);

    /// <summary>The (weighted) mean loss over all rows.</summary>
    public abstract double MeanLoss(double[] y, double[]? weights, double[][] raw);

    public static GbtLoss For(TaskKind task, int classCount) => task switch
    {
        TaskKind.BinaryClassification => new BinaryLogLoss(),
        TaskKind.MulticlassClassification => new MultinomialLogLoss(classCount),
        TaskKind.Regression => new SquaredErrorLoss(),
        _ => throw new ArgumentOutOfRangeException(nameof(task), task, "unknown task"),
    };

    /// <summary>np.average: numpy's pairwise sums, so that the start matches sklearn's to the last bit.</summary>
    protected static double WeightedMean(double[] values, double[]? weights)
    {
        if (weights is null)
        {
            return PairwiseSum(values) / values.Length;
        }

        var products = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            products[i] = values[i] * weights[i];
        }

        return PairwiseSum(products) / PairwiseSum(weights);
    }

    /// <summary>numpy's pairwise summation (eight partial sums per block of up to 128, halves above).</summary>
    internal static double PairwiseSum(ReadOnlySpan<double> a)
    {
        const int block = 128;
        var n = a.Length;
        if (n < 8)
        {
            var s = 0.0;
            for (var i = 0; i < n; i++)
            {
                s += a[i];
            }

            return s;
        }

        if (n <= block)
        {
            Span<double> r = stackalloc double[8];
            a[..8].CopyTo(r);
            int j;
            for (j = 8; j < n - (n % 8); j += 8)
            {
                for (var k = 0; k < 8; k++)
                {
                    r[k] += a[j + k];
                }
            }

            var res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; j < n; j++)
            {
                res += a[j];
            }

            return res;
        }

        var half = n / 2;
        half -= half % 8;
        return PairwiseSum(a[..half]) + PairwiseSum(a[half..]);
    }
}
