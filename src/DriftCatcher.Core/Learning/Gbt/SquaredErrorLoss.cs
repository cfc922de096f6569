namespace DriftCatcher.Core.Learning.Gbt;

/// <summary>Half squared error; without weights every hessian is 1.</summary>
internal sealed class SquaredErrorLoss : GbtLoss
{
    public override int Outputs => 1;

    public override bool HasConstantHessian(double[]? weights) => weights is null;

    public override void Baseline(double[] y, double[]? weights, Span<double> baseline) => baseline[0] = WeightedMean(y, weights);

    public override void Gradients(double[] y, double[]? weights, double[][] raw, float[][] g, float[][] h, int from, int to)
    {
        var r = raw[0];
        var gk = g[0];
        var hk = h[0];
        for (var i = from; i < to; i++)
        {
            var w = weights is null ? 1.0 : weights[i];
            gk[i] = (float)((r[i] - y[i]) * w);
            hk[i] = (float)w;
        }
    }

    public override double MeanLoss(double[] y, double[]? weights, double[][] raw)
    {
        var r = raw[0];
        double sum = 0, total = 0;
        for (var i = 0; i < y.Length; i++)
        {
            var w = weights is null ? 1.0 : weights[i];
            var d = r[i] - y[i];
            sum += w * 0.5 * d * d;
            total += w;
        }

        return sum / total;
    }
}
