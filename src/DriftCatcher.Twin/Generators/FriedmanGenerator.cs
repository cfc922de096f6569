namespace DriftCatcher.Twin.Generators;

/// <summary>
/// Friedman #1 regression (Friedman 1991), with the concept changes of Ikonomovska et al. (2011): ten
/// features uniform in [0, 1], of which five matter, and a numeric label plus N(0, noise²):
/// concept 0: y = 10 sin(π x1 x2) + 20 (x3 − ½)² + 10 x4 + 5 x5;
/// concept 1: y = 10 sin(π x4 x5) + 20 (x2 − ½)² + 10 x1 + 5 x3;
/// concept 2: y = 10 sin(π x2 x5) + 20 (x4 − ½)² + 10 x3 + 5 x1.
/// x6..x10 never matter (a shift of them is harmless). Incremental drift blends two concepts' outputs.
/// </summary>
public sealed class FriedmanGenerator : TwinGenerator
{
    public const int Dimensions = 10;

    private static readonly TwinColumn[] Columns = [.. Enumerable.Range(1, Dimensions).Select(i => new TwinColumn($"x{i}"))];
    private readonly double _noise;

    public FriedmanGenerator(double noise)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(noise);
        _noise = noise;
    }

    public override string Type => "friedman";

    public override IReadOnlyList<TwinColumn> Features => Columns;

    public override TwinColumn Label { get; } = new("y");

    public override int ConceptCount => 3;

    public override bool CanInterpolate => true;

    public override bool NumericLabel => true;

    /// <summary>The noise-free target of concept <paramref name="concept"/> at x (x[0] is x1).</summary>
    public static double Target(int concept, ReadOnlySpan<double> x) => concept switch
    {
        0 => (10 * Math.Sin(Math.PI * x[0] * x[1])) + (20 * Square(x[2] - 0.5)) + (10 * x[3]) + (5 * x[4]),
        1 => (10 * Math.Sin(Math.PI * x[3] * x[4])) + (20 * Square(x[1] - 0.5)) + (10 * x[0]) + (5 * x[2]),
        2 => (10 * Math.Sin(Math.PI * x[1] * x[4])) + (20 * Square(x[3] - 0.5)) + (10 * x[2]) + (5 * x[0]),
        _ => throw new ArgumentOutOfRangeException(nameof(concept), concept, "friedman has concepts 0..2"),
    };

    public override double Next(Random rng, ConceptState state, Span<double> features)
    {
        for (var i = 0; i < Dimensions; i++)
        {
            features[i] = Math.Round(rng.NextDouble(), 6);
        }

        var y = Sampling.Lerp(Target(state.From, features), Target(state.To, features), state.Progress);
        var noise = _noise > 0 ? _noise * Sampling.Gaussian(rng) : 0;
        return Math.Round(y + noise, 6);
    }

    public override bool LabelDependsOn(string column, int concept) => column is "x1" or "x2" or "x3" or "x4" or "x5";

    private static double Square(double v) => v * v;
}
