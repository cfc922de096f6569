namespace DriftCatcher.Twin.Generators;

/// <summary>
/// Random RBF with drift (as MOA's RandomRBFGeneratorDrift): centroids with a random center in
/// [0, 1]^d, class, standard deviation and weight; a row picks a centroid by weight and is offset
/// from its center in a random direction by a normal length scaled by the centroid's deviation.
/// Concepts share classes, deviations and weights and differ in their centers. Incremental drift
/// moves the first k centroids at a speed per sample (bouncing off the cube's faces) or blends the
/// centers of two concepts.
/// </summary>
public sealed class RandomRbfGenerator : TwinGenerator
{
    private readonly TwinColumn[] _columns;
    private readonly double[][][] _centers;
    private readonly double[][] _directions;
    private readonly int[] _classes;
    private readonly double[] _deviations;
    private readonly double[] _cumulativeWeights;
    private readonly int _movingCentroids;

    public RandomRbfGenerator(Random parameters, int dimensions, int centroids, int classes, int concepts, int movingCentroids)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _columns = [.. Enumerable.Range(1, dimensions).Select(i => new TwinColumn($"x{i}"))];
        _classes = new int[centroids];
        _deviations = new double[centroids];
        _cumulativeWeights = new double[centroids];
        _directions = new double[centroids][];
        double total = 0;
        for (var k = 0; k < centroids; k++)
        {
            _classes[k] = parameters.Next(classes);
            _deviations[k] = parameters.NextDouble();
            total += parameters.NextDouble();
            _cumulativeWeights[k] = total;
            _directions[k] = RandomUnitVector(parameters, dimensions);
        }

        _centers = new double[concepts][][];
        for (var c = 0; c < concepts; c++)
        {
            _centers[c] = new double[centroids][];
            for (var k = 0; k < centroids; k++)
            {
                _centers[c][k] = [.. Enumerable.Range(0, dimensions).Select(_ => parameters.NextDouble())];
            }
        }

        _movingCentroids = movingCentroids;
        ClassCount = classes;
    }

    public override string Type => "rbf";

    public override IReadOnlyList<TwinColumn> Features => _columns;

    public override TwinColumn Label { get; } = new("label");

    public override int ConceptCount => _centers.Length;

    public override bool CanInterpolate => true;

    public override bool CanMove => true;

    public int ClassCount { get; }

    public int CentroidCount => _classes.Length;

    public int ClassOf(int centroid) => _classes[centroid];

    /// <summary>The current center of a centroid in a concept (a copy).</summary>
    public double[] CenterOf(int concept, int centroid) => [.. _centers[concept][centroid]];

    public override double Next(Random rng, ConceptState state, Span<double> features)
    {
        var k = Sampling.Pick(rng, _cumulativeWeights);
        var from = _centers[state.From][k];
        var to = _centers[state.To][k];
        var d = _columns.Length;
        Span<double> direction = stackalloc double[d];
        double norm = 0;
        for (var i = 0; i < d; i++)
        {
            direction[i] = Sampling.Gaussian(rng);
            norm += direction[i] * direction[i];
        }

        norm = Math.Sqrt(norm);
        var length = Sampling.Gaussian(rng) * _deviations[k];
        for (var i = 0; i < d; i++)
        {
            var center = state.Progress <= 0 ? from[i] : Sampling.Lerp(from[i], to[i], state.Progress);
            features[i] = Math.Round(center + (direction[i] / norm * length), 4);
        }

        return _classes[k];
    }

    public override void Move(Random rng, int concept, double magnitude)
    {
        for (var k = 0; k < _movingCentroids; k++)
        {
            var center = _centers[concept][k];
            var dir = _directions[k];
            for (var i = 0; i < center.Length; i++)
            {
                center[i] += dir[i] * magnitude;
                if (center[i] is > 1 or < 0)
                {
                    // Bounce off the face of the unit cube, as MOA does.
                    center[i] = center[i] > 1 ? 2 - center[i] : -center[i];
                    dir[i] = -dir[i];
                }
            }
        }
    }

    private static double[] RandomUnitVector(Random rng, int d)
    {
        var v = new double[d];
        double norm = 0;
        for (var i = 0; i < d; i++)
        {
            v[i] = Sampling.Gaussian(rng);
            norm += v[i] * v[i];
        }

        norm = Math.Sqrt(norm);
        for (var i = 0; i < d; i++)
        {
            v[i] /= norm;
        }

        return v;
    }
}
