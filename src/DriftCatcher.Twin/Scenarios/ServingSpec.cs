namespace DriftCatcher.Twin.Scenarios;

/// <summary>The healthy serving signals the faults disturb.</summary>
public sealed record ServingSpec
{
    public double LatencyMs { get; init; } = 20;

    /// <summary>Log-normal spread of the latency.</summary>
    public double LatencySigma { get; init; } = 0.25;

    public double FailureRate { get; init; } = 0.001;

    /// <summary>Seconds between batches; an arrival gap delays the next batch by this much per missing batch.</summary>
    public double BatchIntervalS { get; init; } = 60;
}
