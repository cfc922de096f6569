namespace DriftCatcher.Twin.Scenarios;

/// <summary>
/// A change over batches. Without <see cref="Column"/> it changes the concept: sudden (to),
/// gradual (to, width: the share of rows from the new concept rises linearly over width batches),
/// incremental (width, and to and/or magnitude: parameters blend or move continuously), recurring
/// (concepts, period: concepts take turns). With <see cref="Column"/> it shifts that feature instead
/// (x·scale + offset, applied after the label is drawn): harmless when the label does not depend on
/// the column. <see cref="End"/> (inclusive) makes the change temporary.
/// </summary>
public sealed record DriftEventSpec
{
    public string? Shape { get; init; }

    public int Start { get; init; }

    public int? Width { get; init; }

    public int? End { get; init; }

    public int? To { get; init; }

    public IReadOnlyList<int>? Concepts { get; init; }

    public int? Period { get; init; }

    /// <summary>Incremental drift of hyperplane (weight change) and rbf (center speed), per sample.</summary>
    public double? Magnitude { get; init; }

    public string? Column { get; init; }

    public double? Offset { get; init; }

    public double? Scale { get; init; }
}
