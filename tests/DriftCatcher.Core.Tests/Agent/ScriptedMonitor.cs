using DriftCatcher.Core.Agent.Monitoring;
using DriftCatcher.Core.Data;

namespace DriftCatcher.Core.Tests.Agent;

/// <summary>A monitoring engine whose next observation the test sets: the agent's rules are tested on synthetic findings.</summary>
internal sealed class ScriptedMonitor : IBatchMonitor
{
    public BatchObservation Next { get; set; } = BatchObservation.Empty;

    public BatchObservation Observe(DataFrame features, ReadOnlySpan<double> outputs, int outputWidth) => Next;

    /// <summary>The real engine whose observations the test scripts, if any: it judges pooled batches (else none holds).</summary>
    public IBatchMonitor? Engine { get; set; }

    public IReadOnlySet<string> DriftedWhenPooled(IReadOnlyDictionary<string, long[]> pooledHistograms) =>
        Engine?.DriftedWhenPooled(pooledHistograms) ?? new HashSet<string>(StringComparer.Ordinal);
}
