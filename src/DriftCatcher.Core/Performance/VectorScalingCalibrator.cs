using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace DriftCatcher.Core.Performance;

/// <summary>
/// Multiclass calibration by vector scaling (Guo et al., 2017): calibrated probabilities are
/// softmax(Scale ⊙ ln p + Offset), with <c>p</c> the model's probabilities clipped at 1e-15, fitted by
/// maximum likelihood (BFGS; the objective is convex). Unlike one-vs-rest calibrators it conditions on the
/// whole probability vector, which is what keeps P(y | scores) fixed under covariate shift.
/// </summary>
public sealed record VectorScalingCalibrator(double[] Scale, double[] Offset)
{
    private const double Floor = 1e-15;

    // A whisper of ridge toward the identity map keeps the optimum finite when the classes separate perfectly.
    private const double Ridge = 1e-6;

    public static VectorScalingCalibrator Fit(ReadOnlySpan<int> labels, ReadOnlySpan<double> probabilities, int classCount)
    {
        var n = ProbabilityMatrix.Rows(probabilities, classCount);
        ProbabilityMatrix.CheckLabels(labels, n, classCount);
        var k = classCount;
        var logs = new double[n * k];
        for (var i = 0; i < logs.Length; i++)
        {
            logs[i] = Math.Log(Math.Max(probabilities[i], Floor));
        }

        var y = labels.ToArray();
        var z = new double[k];
        (double, Vector<double>) Objective(Vector<double> w)
        {
            var grad = new double[2 * k];
            double loss = 0;
            for (var i = 0; i < n; i++)
            {
                var max = double.NegativeInfinity;
                for (var c = 0; c < k; c++)
                {
                    z[c] = (w[c] * logs[(i * k) + c]) + w[k + c];
                    max = Math.Max(max, z[c]);
                }

                double sum = 0;
                for (var c = 0; c < k; c++)
                {
                    sum += Math.Exp(z[c] - max);
                }

                var logSum = max + Math.Log(sum);
                loss += logSum - z[y[i]];
                for (var c = 0; c < k; c++)
                {
                    var residual = Math.Exp(z[c] - logSum) - (c == y[i] ? 1 : 0);
                    grad[c] += residual * logs[(i * k) + c];
                    grad[k + c] += residual;
                }
            }

            for (var c = 0; c < k; c++)
            {
                loss += Ridge * n * (((w[c] - 1) * (w[c] - 1)) + (w[k + c] * w[k + c]));
                grad[c] += 2 * Ridge * n * (w[c] - 1);
                grad[k + c] += 2 * Ridge * n * w[k + c];
            }

            return (loss / n, Vector<double>.Build.DenseOfArray(grad) / n);
        }

        var start = Vector<double>.Build.Dense(2 * k, c => c < k ? 1.0 : 0.0);
        var result = new BfgsMinimizer(1e-9, 1e-12, 1e-14, 2_000).FindMinimum(ObjectiveFunction.Gradient(Objective), start);
        var best = result.MinimizingPoint;
        return new VectorScalingCalibrator([.. best.Take(k)], [.. best.Skip(k)]);
    }

    /// <summary>Writes the calibrated probabilities of one row into <paramref name="calibrated"/>.</summary>
    public void Calibrate(ReadOnlySpan<double> row, Span<double> calibrated)
    {
        var max = double.NegativeInfinity;
        for (var c = 0; c < row.Length; c++)
        {
            calibrated[c] = (Scale[c] * Math.Log(Math.Max(row[c], Floor))) + Offset[c];
            max = Math.Max(max, calibrated[c]);
        }

        double sum = 0;
        for (var c = 0; c < row.Length; c++)
        {
            calibrated[c] = Math.Exp(calibrated[c] - max);
            sum += calibrated[c];
        }

        for (var c = 0; c < row.Length; c++)
        {
            calibrated[c] /= sum;
        }
    }
}
