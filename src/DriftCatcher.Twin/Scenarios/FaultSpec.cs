namespace DriftCatcher.Twin.Scenarios;

/// <summary>
/// A fault over batches <see cref="Start"/>..<see cref="End"/> (inclusive). Kinds: unit_change
/// (column, factor), missing_column (column), stuck_value (column, optional value), label_delay
/// (delay), latency_spike (factor), latency_creep (factor, reached step by step by the last batch), failure_burst (rate), arrival_gap (the batches never arrive).
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
}
