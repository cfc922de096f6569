namespace DriftCatcher.Core.Agent.Messages;

/// <summary>Serving health over the last period: request and failure counts, latency, arrival delay of the data.</summary>
public sealed record SystemSignals(DateTimeOffset Time, int Requests, int Failures, double LatencyP95Ms) : AgentMessage(Time)
{
    /// <summary>How late the newest data arrived relative to when it was expected (zero when on time).</summary>
    public TimeSpan ArrivalDelay { get; init; }
}
