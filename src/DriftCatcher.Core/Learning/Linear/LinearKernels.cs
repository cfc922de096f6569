using System.Numerics.Tensors;

namespace DriftCatcher.Core.Learning.Linear;

/// <summary>Row-level arithmetic of logistic and softmax models, shared by fitting and prediction.</summary>
internal static class LinearKernels
{
    /// <summary>Rows per work item: partial sums are per chunk and added in chunk order, so results do not depend on threading.</summary>
    public const int ChunkRows = 2048;

    /// <summary>log(1 + e^z) without overflow.</summary>
    public static double Softplus(double z) => z > 0 ? z + Math.Log(1 + Math.Exp(-z)) : Math.Log(1 + Math.Exp(z));

    public static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));

    /// <summary>Scores of one row for every output: w_o · x + b_o, parameters laid out output by output (coefficients, then intercept).</summary>
    public static void Scores(ReadOnlySpan<double> x, ReadOnlySpan<double> parameters, Span<double> scores)
    {
        var stride = x.Length + 1;
        for (var o = 0; o < scores.Length; o++)
        {
            var w = parameters.Slice(o * stride, stride);
            scores[o] = TensorPrimitives.Dot(x, w[..^1]) + w[^1];
        }
    }

    /// <summary>Softmax in place; returns log-sum-exp of the input.</summary>
    public static double Softmax(Span<double> z)
    {
        var max = TensorPrimitives.Max(z);
        var sum = 0.0;
        for (var k = 0; k < z.Length; k++)
        {
            z[k] = Math.Exp(z[k] - max);
            sum += z[k];
        }

        for (var k = 0; k < z.Length; k++)
        {
            z[k] /= sum;
        }

        return max + Math.Log(sum);
    }
}
