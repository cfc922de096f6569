using DriftCatcher.Core.Data;

namespace DriftCatcher.Core.Learning.Linear;

/// <summary>
/// L2-regularised logistic regression on standardized, one-hot encoded inputs (see the design in
/// <c>LinearDesign</c>): one sigmoid for two classes, multinomial softmax for more. Minimises
/// Σ wᵢ·loss(i) + ‖coefficients‖² / (2C) (intercepts unpenalised, the objective of scikit-learn's
/// LogisticRegression) with L-BFGS. Parameters: <c>c</c> (inverse regularisation strength, default
/// 1), <c>max-iter</c> (default 500), <c>tol</c> (largest gradient component of the mean objective,
/// default 1e-6). Deterministic; the seed is not used because nothing is random.
/// </summary>
public sealed class LogisticLearner : ILearner
{
    public const string Name = "logistic";
    public const double DefaultC = 1.0;
    public const int DefaultMaxIterations = 500;
    public const double DefaultTolerance = 1e-6;

    public string Algorithm => Name;

    public IPredictor Fit(TrainingData train, TrainingData? validation, IReadOnlyDictionary<string, string> parameters, int seed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(parameters);
        if (train.Task == TaskKind.Regression)
        {
            throw new InputDataException("logistic regression classifies; for a numeric target use the 'linear' or 'gbt' algorithm");
        }

        var p = new LearnerParameters(Name, parameters, "c", "max-iter", "tol");
        var c = p.Double("c", DefaultC, 1e-12, 1e12);
        var maxIterations = p.Int("max-iter", DefaultMaxIterations, 1, 1_000_000);
        var tolerance = p.Double("tol", DefaultTolerance, 0, 1);
        if (train.Targets.Length == 0)
        {
            throw new InputDataException("no training rows");
        }

        var design = LinearDesign.Fit(train.Features);
        var x = design.Transform(train.Features);
        var classes = train.ClassCount;
        var outputs = classes == 2 ? 1 : classes;
        var width = design.Width;
        var y = Array.ConvertAll(train.Targets, t => (int)t);
        var objective = new Objective(x, y, train.Weights, width, outputs, c);
        var result = Lbfgs.Minimize(objective.Evaluate, new double[outputs * (width + 1)], tolerance, maxIterations, cancellationToken);
        return new LogisticPredictor(design, train.Task, classes, result.X, result.Iterations, result.Converged);
    }

    private sealed class Objective
    {
        private readonly double[] _x;
        private readonly int[] _y;
        private readonly double[]? _weights;
        private readonly int _width;
        private readonly int _outputs;
        private readonly double _lambda;
        private readonly double _weightSum;
        private readonly double[][] _partials;
        private readonly int _rows;

        public Objective(double[] x, int[] y, double[]? weights, int width, int outputs, double c)
        {
            _x = x;
            _y = y;
            _weights = weights;
            _width = width;
            _outputs = outputs;
            _rows = y.Length;
            _weightSum = weights?.Sum() ?? _rows;
            _lambda = 1 / (c * _weightSum);
            var chunks = (_rows + LinearKernels.ChunkRows - 1) / LinearKernels.ChunkRows;
            _partials = new double[chunks][];
            for (var i = 0; i < chunks; i++)
            {
                _partials[i] = new double[(outputs * (width + 1)) + 1];
            }
        }

        public double Evaluate(ReadOnlySpan<double> parameters, Span<double> gradient)
        {
            var w = parameters.ToArray();
            if (_partials.Length == 1)
            {
                Chunk(0, w);
            }
            else
            {
                Parallel.For(0, _partials.Length, i => Chunk(i, w));
            }

            gradient.Clear();
            var loss = 0.0;
            foreach (var part in _partials)
            {
                loss += part[^1];
                for (var j = 0; j < gradient.Length; j++)
                {
                    gradient[j] += part[j];
                }
            }

            loss /= _weightSum;
            var stride = _width + 1;
            for (var j = 0; j < gradient.Length; j++)
            {
                gradient[j] /= _weightSum;
                if (j % stride != _width)
                {
                    loss += 0.5 * _lambda * w[j] * w[j];
                    gradient[j] += _lambda * w[j];
                }
            }

            return loss;
        }

        private void Chunk(int index, double[] w)
        {
            var part = _partials[index];
            Array.Clear(part);
            var from = index * LinearKernels.ChunkRows;
            var to = Math.Min(_rows, from + LinearKernels.ChunkRows);
            var stride = _width + 1;
            Span<double> z = stackalloc double[_outputs];
            var loss = 0.0;
            for (var r = from; r < to; r++)
            {
                var xr = _x.AsSpan(r * _width, _width);
                var weight = _weights?[r] ?? 1.0;
                LinearKernels.Scores(xr, w, z);
                if (_outputs == 1)
                {
                    var yr = _y[r];
                    loss += weight * (LinearKernels.Softplus(z[0]) - (yr * z[0]));
                    var g = weight * (LinearKernels.Sigmoid(z[0]) - yr);
                    AddScaled(part.AsSpan(0, stride), xr, g);
                }
                else
                {
                    var zy = z[_y[r]];
                    var lse = LinearKernels.Softmax(z);
                    loss += weight * (lse - zy);
                    for (var o = 0; o < _outputs; o++)
                    {
                        var g = weight * (z[o] - (o == _y[r] ? 1 : 0));
                        AddScaled(part.AsSpan(o * stride, stride), xr, g);
                    }
                }
            }

            part[^1] = loss;
        }

        private static void AddScaled(Span<double> target, ReadOnlySpan<double> x, double g)
        {
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(x, g, target[..^1], target[..^1]);
            target[^1] += g;
        }
    }
}
