namespace DriftCatcher.Twin.Generators;

/// <summary>
/// SEA concepts (Street &amp; Kim 2001): three features uniform in [0, 10]; only x1 and x2 matter.
/// Label 1 when x1 + x2 ≤ θ, else 0 (the paper's convention; MOA's SEAGenerator labels the same
/// points 0). Concepts are the thresholds, by default θ ∈ {8, 9, 7, 9.5}. Label noise flips a
/// fraction of labels. Incremental drift moves θ linearly between two concepts.
/// </summary>
public sealed class SeaGenerator : TwinGenerator
{
    public static readonly IReadOnlyList<double> DefaultThetas = [8, 9, 7, 9.5];

    private static readonly TwinColumn[] Columns = [new("x1"), new("x2"), new("x3")];
    private readonly double[] _thetas;
    private readonly double _noise;

    public SeaGenerator(IReadOnlyList<double> thetas, double noise)
    {
        ArgumentNullException.ThrowIfNull(thetas);
        ArgumentOutOfRangeException.ThrowIfZero(thetas.Count);
        _thetas = [.. thetas];
        _noise = noise;
    }

    public override string Type => "sea";

    public override IReadOnlyList<TwinColumn> Features => Columns;

    public override TwinColumn Label { get; } = new("label");

    public override int ConceptCount => _thetas.Length;

    public override bool CanInterpolate => true;

    public IReadOnlyList<double> Thetas => _thetas;

    public static int Classify(double x1, double x2, double theta) => x1 + x2 <= theta ? 1 : 0;

    public override double Next(Random rng, ConceptState state, Span<double> features)
    {
        var x1 = Math.Round(rng.NextDouble() * 10, 4);
        var x2 = Math.Round(rng.NextDouble() * 10, 4);
        var x3 = Math.Round(rng.NextDouble() * 10, 4);
        features[0] = x1;
        features[1] = x2;
        features[2] = x3;
        var theta = Sampling.Lerp(_thetas[state.From], _thetas[state.To], state.Progress);
        var label = Classify(x1, x2, theta);
        if (_noise > 0 && rng.NextDouble() < _noise)
        {
            label = 1 - label;
        }

        return label;
    }

    public override bool LabelDependsOn(string column, int concept) => column is "x1" or "x2";
}
