namespace DriftCatcher.Core.Learning.Gbt;

/// <summary>Softmax cross-entropy: one raw score per class and row, one tree per class and iteration.</summary>
internal sealed class MultinomialLogLoss(int classes) : GbtLoss
{
    public override int Outputs => classes;

    /// <summary>sklearn's start: log(p_k / geometric mean of p), p the clipped class shares.</summary>
    public override void Baseline(double[] y, double[]? weights, Span<double> baseline)
    {
        var share = new double[classes];
        var indicator = new double[y.Length];
        for (var k = 0; k < classes; k++)
        {
            for (var i = 0; i < y.Length; i++)
            {
                indicator[i] = (int)y[i] == k ? 1 : 0;
            }

            share[k] = Math.Clamp(WeightedMean(indicator, weights), Epsilon, 1 - Epsilon);
        }

        var logs = new double[classes];
        for (var k = 0; k < classes; k++)
        {
            logs[k] = Math.Log(share[k]);
        }

        var geometricMean = Math.Exp(PairwiseSum(logs) / classes);
        for (var k = 0; k < classes; k++)
        {
            baseline[k] = Math.Log(share[k] / geometricMean);
        }
    }

    public override void Gradients(double[] y, double[]? weights, double[][] raw, float[][] gh, int from, int to)
    {
        Span<double> p = classes <= 64 ? stackalloc double[classes] : new double[classes];
        for (var i = from; i < to; i++)
        {
            Softmax(raw, i, p);
            var w = weights is null ? 1.0 : weights[i];
            var label = (int)y[i];
            for (var k = 0; k < classes; k++)
            {
                var pk = p[k];
                gh[k][2 * i] = (float)((pk - (k == label ? 1.0 : 0.0)) * w);
                gh[k][(2 * i) + 1] = (float)(pk * (1 - pk) * w);
            }
        }
    }

    public override double MeanLoss(double[] y, double[]? weights, double[][] raw)
    {
        double sum = 0, total = 0;
        for (var i = 0; i < y.Length; i++)
        {
            var max = double.NegativeInfinity;
            for (var k = 0; k < classes; k++)
            {
                max = Math.Max(max, raw[k][i]);
            }

            double s = 0;
            for (var k = 0; k < classes; k++)
            {
                s += Math.Exp(raw[k][i] - max);
            }

            var w = weights is null ? 1.0 : weights[i];
            sum += w * (max + Math.Log(s) - raw[(int)y[i]][i]);
            total += w;
        }

        return sum / total;
    }

    public static void Softmax(double[][] raw, int row, Span<double> p)
    {
        var max = double.NegativeInfinity;
        for (var k = 0; k < p.Length; k++)
        {
            max = Math.Max(max, raw[k][row]);
        }

        double s = 0;
        for (var k = 0; k < p.Length; k++)
        {
            p[k] = Math.Exp(raw[k][row] - max);
            s += p[k];
        }

        for (var k = 0; k < p.Length; k++)
        {
            p[k] /= s;
        }
    }
}
