using DriftCatcher.Core.Agent.Monitoring;
using DriftCatcher.Core.Data;

namespace DriftCatcher.Core.Tests.Agent;

/// <summary>A monitoring engine whose next observation the test sets: the agent's rules are tested on synthetic findings.</summary>
internal sealed class ScriptedMonitor : IBatchMonitor
{
    public BatchObservation Next { get; set; } = BatchObservation.Empty;

    public BatchObservation Observe(DataFrame features, ReadOnlySpan<double> outputs, int outputWidth) => Next;
}
