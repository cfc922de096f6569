namespace DriftCatcher.Twin.Scenarios;

/// <summary>
/// The non-feature columns of stream.csv. A replay must not feed them to a model: <see cref="Batch"/>
/// orders the rows, the others are serving signals of the row's request or its batch.
/// </summary>
public static class TwinColumns
{
    /// <summary>Batch number, non-decreasing down the file (arrival gaps skip numbers).</summary>
    public const string Batch = "batch";

    /// <summary>Serving latency of the row's request, milliseconds.</summary>
    public const string LatencyMs = "latency_ms";

    /// <summary>1 when the row's request failed, else 0.</summary>
    public const string Failed = "failed";

    /// <summary>How late the row's batch arrived, seconds (0 = on time; the same on every row of a batch).</summary>
    public const string ArrivalDelayS = "arrival_delay_s";

    public static readonly IReadOnlyList<string> Signals = [LatencyMs, Failed, ArrivalDelayS];

    /// <summary>Every non-feature, non-label column of stream.csv.</summary>
    public static readonly IReadOnlyList<string> NonFeatures = [Batch, LatencyMs, Failed, ArrivalDelayS];
}
