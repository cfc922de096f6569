using DriftCatcher.Core.Data;
using MathNet.Numerics.LinearAlgebra;

namespace DriftCatcher.Core.Learning.Linear;

/// <summary>
/// Least-squares linear regression (optionally ridge) on the same standardized, one-hot design as
/// logistic regression. Solves the normal equations of the centered design with a pseudo-inverse, so
/// collinear columns (one-hot levels, duplicated features) get the minimum-norm solution instead of
/// failing. Parameter: <c>alpha</c> (ridge penalty on standardized coefficients per row, default 0).
/// </summary>
public sealed class LinearLearner : ILearner
{
    public const string Name = "linear";

    public string Algorithm => Name;

    public IPredictor Fit(TrainingData train, TrainingData? validation, IReadOnlyDictionary<string, string> parameters, int seed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(parameters);
        if (train.Task != TaskKind.Regression)
        {
            throw new InputDataException("linear regression predicts numbers; for classes use the 'logistic' or 'gbt' algorithm");
        }

        var alpha = new LearnerParameters(Name, parameters, "alpha").Double("alpha", 0, 0, 1e12);
        var n = train.Targets.Length;
        if (n == 0)
        {
            throw new InputDataException("no training rows");
        }

        // The fit is linear in the targets: targets beyond 2^±400 (whose sums and products overflow, or underflow) are
        // fitted divided by a power of two (exact), and the coefficients multiplied back (TargetScale).
        var exponent = TargetScale.Exponent(train.Targets, Statistics.DriftStatistics.SafeLow, Statistics.DriftStatistics.SafeHigh);
        var y = TargetScale.Scaled(train.Targets, exponent);
        var design = LinearDesign.Fit(train.Features);
        var x = design.Transform(train.Features);
        var d = design.Width;
        var w = train.Weights;
        var weightSum = w?.Sum() ?? n;
        var yMean = 0.0;
        for (var r = 0; r < n; r++)
        {
            yMean += (w?[r] ?? 1) * y[r];
        }

        yMean /= weightSum;

        // Weighted column means: zero for unweighted data (the design is centered), not otherwise.
        var xMean = new double[d];
        for (var r = 0; r < n; r++)
        {
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(x.AsSpan(r * d, d), (w?[r] ?? 1) / weightSum, xMean, xMean);
        }

        var xtx = new double[d, d];
        var xty = new double[d];
        var centered = new double[d];
        for (var r = 0; r < n; r++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var weight = w?[r] ?? 1;
            var row = x.AsSpan(r * d, d);
            System.Numerics.Tensors.TensorPrimitives.Subtract(row, xMean, centered);
            var yc = y[r] - yMean;
            for (var i = 0; i < d; i++)
            {
                var a = weight * centered[i];
                xty[i] += a * yc;
                for (var j = i; j < d; j++)
                {
                    xtx[i, j] += a * centered[j];
                }
            }
        }

        for (var i = 0; i < d; i++)
        {
            xtx[i, i] += alpha;
            for (var j = 0; j < i; j++)
            {
                xtx[i, j] = xtx[j, i];
            }
        }

        var beta = d == 0
            ? []
            : Matrix<double>.Build.DenseOfArray(xtx).PseudoInverse().Multiply(Vector<double>.Build.DenseOfArray(xty)).ToArray();
        var intercept = yMean - System.Numerics.Tensors.TensorPrimitives.Dot(beta, xMean);
        if (exponent != 0)
        {
            for (var i = 0; i < beta.Length; i++)
            {
                beta[i] = Math.ScaleB(beta[i], exponent);
            }

            intercept = Math.ScaleB(intercept, exponent);
        }

        return new LinearPredictor(design, beta, intercept);
    }
}
