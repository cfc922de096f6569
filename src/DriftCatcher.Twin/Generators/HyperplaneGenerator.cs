namespace DriftCatcher.Twin.Generators;

/// <summary>
/// Rotating hyperplane (Hulten et al. 2001, as in MOA's HyperplaneGenerator): d features uniform in
/// [0, 1]; label 1 when Σ wᵢxᵢ ≥ ½ Σ wᵢ. Each concept is a weight vector drawn uniform in [0, 1].
/// Incremental drift either moves the current weights (the first k by magnitude per sample, each
/// direction reversing with probability sigma per sample) or blends two concepts' weights.
/// </summary>
public sealed class HyperplaneGenerator : TwinGenerator
{
    private readonly TwinColumn[] _columns;
    private readonly double[][] _weights;
    private readonly double[][] _directions;
    private readonly int _driftFeatures;
    private readonly double _sigma;
    private readonly double _noise;

    public HyperplaneGenerator(Random parameters, int dimensions, int concepts, int driftFeatures, double sigma, double noise)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _columns = [.. Enumerable.Range(1, dimensions).Select(i => new TwinColumn($"x{i}"))];
        _weights = new double[concepts][];
        _directions = new double[concepts][];
        for (var c = 0; c < concepts; c++)
        {
            _weights[c] = new double[dimensions];
            _directions[c] = new double[dimensions];
            for (var i = 0; i < dimensions; i++)
            {
                _weights[c][i] = parameters.NextDouble();
                _directions[c][i] = 1;
            }
        }

        _driftFeatures = driftFeatures;
        _sigma = sigma;
        _noise = noise;
    }

    public override string Type => "hyperplane";

    public override IReadOnlyList<TwinColumn> Features => _columns;

    public override TwinColumn Label { get; } = new("label");

    public override int ConceptCount => _weights.Length;

    public override bool CanInterpolate => true;

    public override bool CanMove => true;

    /// <summary>The current weights of a concept (a copy).</summary>
    public double[] WeightsOf(int concept) => [.. _weights[concept]];

    public static int Classify(ReadOnlySpan<double> weights, ReadOnlySpan<double> x)
    {
        double sum = 0, total = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            sum += weights[i] * x[i];
            total += weights[i];
        }

        return sum >= 0.5 * total ? 1 : 0;
    }

    public override double Next(Random rng, ConceptState state, Span<double> features)
    {
        var d = _columns.Length;
        for (var i = 0; i < d; i++)
        {
            features[i] = Math.Round(rng.NextDouble(), 4);
        }

        int label;
        if (state.From == state.To || state.Progress <= 0)
        {
            label = Classify(_weights[state.From], features);
        }
        else
        {
            Span<double> w = stackalloc double[d];
            for (var i = 0; i < d; i++)
            {
                w[i] = Sampling.Lerp(_weights[state.From][i], _weights[state.To][i], state.Progress);
            }

            label = Classify(w, features);
        }

        if (_noise > 0 && rng.NextDouble() < _noise)
        {
            label = 1 - label;
        }

        return label;
    }

    public override void Move(Random rng, int concept, double magnitude)
    {
        var w = _weights[concept];
        var dir = _directions[concept];
        for (var i = 0; i < _driftFeatures; i++)
        {
            w[i] += dir[i] * magnitude;
            if (_sigma > 0 && rng.NextDouble() < _sigma)
            {
                dir[i] = -dir[i];
            }
        }
    }
}
