namespace DriftCatcher.Twin.Generators;

/// <summary>
/// STAGGER concepts (Schlimmer &amp; Granger 1986): size, color and shape, each with three values.
/// Concept 0: size = small and color = red; concept 1: color = green or shape = circle;
/// concept 2: size = medium or size = large. Label 1 when the concept holds.
/// </summary>
public sealed class StaggerGenerator : TwinGenerator
{
    public static readonly string[] Sizes = ["small", "medium", "large"];
    public static readonly string[] Colors = ["red", "green", "blue"];
    public static readonly string[] Shapes = ["circle", "square", "triangle"];

    private static readonly TwinColumn[] Columns = [new("size", Sizes), new("color", Colors), new("shape", Shapes)];
    private readonly double _noise;

    public StaggerGenerator(double noise)
    {
        _noise = noise;
    }

    public override string Type => "stagger";

    public override IReadOnlyList<TwinColumn> Features => Columns;

    public override TwinColumn Label { get; } = new("label");

    public override int ConceptCount => 3;

    /// <summary>The label of concept <paramref name="concept"/> for level indices into <see cref="Sizes"/>, <see cref="Colors"/>, <see cref="Shapes"/>.</summary>
    public static int Classify(int concept, int size, int color, int shape) => concept switch
    {
        0 => size == 0 && color == 0 ? 1 : 0,
        1 => color == 1 || shape == 0 ? 1 : 0,
        2 => size is 1 or 2 ? 1 : 0,
        _ => throw new ArgumentOutOfRangeException(nameof(concept), concept, "STAGGER has concepts 0, 1 and 2"),
    };

    public override double Next(Random rng, ConceptState state, Span<double> features)
    {
        var size = rng.Next(3);
        var color = rng.Next(3);
        var shape = rng.Next(3);
        features[0] = size;
        features[1] = color;
        features[2] = shape;
        var label = Classify(state.From, size, color, shape);
        if (_noise > 0 && rng.NextDouble() < _noise)
        {
            label = 1 - label;
        }

        return label;
    }

    public override bool LabelDependsOn(string column, int concept) => concept switch
    {
        0 => column is "size" or "color",
        1 => column is "color" or "shape",
        _ => column is "size",
    };
}
