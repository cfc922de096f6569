namespace DriftCatcher.Core.Learning.Gbt;

/// <summary>Softmax cross-entropy: one raw score per class and row, one tree per class and iteration.</summary>
internal sealed class MultinomialLogLoss(int classes) : GbtLoss
{
    public override int Outputs => classes;

    public override void Baseline(double[] y, double[]? weights, Span<double> baseline)
    {
        var prior = new double[classes];
        double total = 0;
        for (var i = 0; i < y.Length; i++)
        {
            var w = weights is null ? 1.0 : weights[i];
            prior[(int)y[i]] += w;
            total += w;
        }

        double meanLog = 0;
        for (var k = 0; k < classes; k++)
        {
            baseline[k] = Math.Log(Clip(prior[k] / total));
            meanLog += baseline[k];
        }

        // sklearn's symmetric link: scores centred on zero, same softmax.
        meanLog /= classes;
        for (var k = 0; k < classes; k++)
        {
            baseline[k] -= meanLog;
        }
    }

    public override void Gradients(double[] y, double[]? weights, double[][] raw, float[][] g, float[][] h, int from, int to)
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
                g[k][i] = (float)((pk - (k == label ? 1.0 : 0.0)) * w);
                h[k][i] = (float)(pk * (1 - pk) * w);
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
