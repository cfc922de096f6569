namespace DriftCatcher.Twin.Scenarios;

/// <summary>
/// A fault over batches <see cref="Start"/>..<see cref="End"/> (inclusive). Kinds: unit_change
/// (column, factor), missing_column (column), stuck_value (column, optional value), label_delay
/// (delay), latency_spike (factor), latency_creep (factor, reached step by step by the last batch), failure_burst (rate), arrival_gap (the batches never arrive), label_respelled (class, spelling: the
/// label feed writes that class another way), label_unit_change (factor), label_stuck (class), label_swapped (classes).
/// </summary>
public sealed record FaultSpec
{
    public string? Kind { get; init; }

    public string? Column { get; init; }

    public int Start { get; init; }

    public int? End { get; init; }

    public double? Factor { get; init; }

    public double? Value { get; init; }

    public double? Rate { get; init; }

    public int? Delay { get; init; }

    /// <summary>label_respelled: the class whose labels are written another way (as the generator names it, e.g. "BENIGN").</summary>
    public string? Class { get; init; }

    /// <summary>label_swapped: the classes whose names the label feed exchanges, each written as the next, the last as the first (two: swapped).</summary>
    public IReadOnlyList<string>? Classes { get; init; }

    /// <summary>label_respelled: how the label feed writes <see cref="Class"/> in these batches (e.g. "benign").</summary>
    public string? Spelling { get; init; }
}
