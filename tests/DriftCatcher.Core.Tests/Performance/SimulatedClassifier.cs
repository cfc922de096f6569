using DriftCatcher.Core.Tests.Quality;

namespace DriftCatcher.Core.Tests.Performance;

/// <summary>
/// A world with a known P(y | x): x ~ N(mean, scale² I) in three dimensions and softmax(W x + b) over the
/// classes (logistic for two). The "model" sees the true logits but reports them miscalibrated:
/// overconfident (temperature) and biased, so its probabilities are wrong but carry all there is to know.
/// </summary>
internal sealed class SimulatedClassifier(double[][] weights, double[] bias, double temperature, double[] modelBias)
{
    public int Classes => weights.Length;

    public static SimulatedClassifier Binary() =>
        new([[0, 0, 0], [1.5, -1.0, 0.5]], [0, 0.2], temperature: 2.5, modelBias: [0, -0.8]);

    public static SimulatedClassifier ThreeClasses() =>
        new([[1.2, 0, -0.4], [-0.6, 1.0, 0.3], [0, -0.8, 0.9]], [0.3, 0, -0.2], temperature: 1.8, modelBias: [0.4, 0, -0.3]);

    /// <summary>The same model in a world whose P(y | x) follows <paramref name="newWeights"/> instead (concept drift).</summary>
    public SimulatedClassifier WithConcept(double[][] newWeights) => new(newWeights, bias, temperature, modelBias) { ModelWeights = ModelWeights ?? weights };

    private double[][]? ModelWeights { get; init; }

    public (int[] Labels, double[] Probabilities) Sample(int rows, double[] mean, double scale, int seed)
    {
        var rng = new Random(seed);
        var k = Classes;
        var labels = new int[rows];
        var probabilities = new double[rows * k];
        var x = new double[3];
        var truth = new double[k];
        var model = new double[k];
        for (var i = 0; i < rows; i++)
        {
            for (var d = 0; d < 3; d++)
            {
                x[d] = mean[d] + (scale * QualityData.Normal(rng));
            }

            for (var c = 0; c < k; c++)
            {
                truth[c] = Dot(weights[c], x) + bias[c];
                model[c] = (temperature * (Dot((ModelWeights ?? weights)[c], x) + bias[c])) + modelBias[c];
            }

            Softmax(truth);
            Softmax(model);
            var u = rng.NextDouble();
            var y = 0;
            while (y < k - 1 && (u -= truth[y]) >= 0)
            {
                y++;
            }

            labels[i] = y;
            model.CopyTo(probabilities, i * k);
        }

        return (labels, probabilities);
    }

    private static double Dot(double[] a, double[] b) => (a[0] * b[0]) + (a[1] * b[1]) + (a[2] * b[2]);

    private static void Softmax(double[] z)
    {
        var max = z.Max();
        double sum = 0;
        for (var i = 0; i < z.Length; i++)
        {
            z[i] = Math.Exp(z[i] - max);
            sum += z[i];
        }

        for (var i = 0; i < z.Length; i++)
        {
            z[i] /= sum;
        }
    }
}
