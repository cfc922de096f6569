namespace DriftCatcher.Twin.Scenarios;

/// <summary>
/// A fault over batches <see cref="Start"/>..<see cref="End"/> (inclusive). Kinds: unit_change
/// (column, factor), missing_column (column), stuck_value (column, optional value), label_delay
/// (delay), latency_spike (factor), latency_creep (factor, reached step by step by the last batch), failure_burst (rate), arrival_gap (the batches never arrive), label_respelled (class, spelling: the
/// label feed writes that class another way).
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

    /// <summary>label_respelled: how the label feed writes <see cref="Class"/> in these batches (e.g. "benign").</summary>
    public string? Spelling { get; init; }
}
