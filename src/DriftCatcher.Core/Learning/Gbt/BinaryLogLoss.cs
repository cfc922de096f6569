namespace DriftCatcher.Core.Learning.Gbt;

/// <summary>Log loss on one raw score per row (the log-odds of class 1).</summary>
internal sealed class BinaryLogLoss : GbtLoss
{
    public override int Outputs => 1;

    public override void Baseline(double[] y, double[]? weights, Span<double> baseline)
    {
        var p = Clip(WeightedMean(y, weights));
        baseline[0] = Math.Log(p / (1 - p));
    }

    public override void Gradients(double[] y, double[]? weights, double[][] raw, float[][] g, float[][] h, int from, int to)
    {
        var r = raw[0];
        var gk = g[0];
        var hk = h[0];
        for (var i = from; i < to; i++)
        {
            var p = Sigmoid(r[i]);
            var w = weights is null ? 1.0 : weights[i];
            gk[i] = (float)((p - y[i]) * w);
            hk[i] = (float)(p * (1 - p) * w);
        }
    }

    public override double MeanLoss(double[] y, double[]? weights, double[][] raw)
    {
        var r = raw[0];
        double sum = 0, total = 0;
        for (var i = 0; i < y.Length; i++)
        {
            var w = weights is null ? 1.0 : weights[i];
            sum += w * (Softplus(r[i]) - (y[i] * r[i]));
            total += w;
        }

        return sum / total;
    }

    public static double Sigmoid(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));

    private static double Softplus(double x) => x > 0 ? x + Math.Log(1 + Math.Exp(-x)) : Math.Log(1 + Math.Exp(x));
}
