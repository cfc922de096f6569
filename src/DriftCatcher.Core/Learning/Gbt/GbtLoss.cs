namespace DriftCatcher.Core.Learning.Gbt;

/// <summary>
/// A loss as the booster needs it: the constant start, per-row gradients and hessians (float, like
/// sklearn) and the mean loss for early stopping. Raw predictions are stored one array per output.
/// </summary>
internal abstract class GbtLoss
{
    /// <summary>sklearn clips prior probabilities to [eps, 1 - eps] with this eps before taking logs.</summary>
    protected const double ProbabilityClip = 10 * 2.220446049250313e-16;

    /// <summary>Trees per boosting iteration.</summary>
    public abstract int Outputs { get; }

    /// <summary>Whether every hessian is the same, so histograms can count rows instead of summing them.</summary>
    public virtual bool HasConstantHessian(double[]? weights) => false;

    public abstract void Baseline(double[] y, double[]? weights, Span<double> baseline);

    /// <summary>Fills gradients and hessians for rows [from, to).</summary>
    public abstract void Gradients(double[] y, double[]? weights, double[][] raw, float[][] g, float[][] h, int from, int to);

    /// <summary>The (weighted) mean loss over all rows.</summary>
    public abstract double MeanLoss(double[] y, double[]? weights, double[][] raw);

    public static GbtLoss For(TaskKind task, int classCount) => task switch
    {
        TaskKind.BinaryClassification => new BinaryLogLoss(),
        TaskKind.MulticlassClassification => new MultinomialLogLoss(classCount),
        TaskKind.Regression => new SquaredErrorLoss(),
        _ => throw new ArgumentOutOfRangeException(nameof(task), task, "unknown task"),
    };

    protected static double WeightedMean(double[] values, double[]? weights)
    {
        double sum = 0, total = 0;
        for (var i = 0; i < values.Length; i++)
        {
            var w = weights?[i] ?? 1.0;
            sum += w * values[i];
            total += w;
        }

        return sum / total;
    }

    protected static double Clip(double p) => Math.Clamp(p, ProbabilityClip, 1 - ProbabilityClip);
}
