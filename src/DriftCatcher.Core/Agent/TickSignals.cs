using DriftCatcher.Core.Agent.Decisions;
using DriftCatcher.Core.Agent.State;

namespace DriftCatcher.Core.Agent;

/// <summary>The signals one tick computed, before the rules read them.</summary>
internal sealed class TickSignals
{
    public BatchSummary? Current { get; set; }

    public bool QualityFault { get; set; }

    public bool QualityWarning { get; set; }

    public bool ServingFault { get; set; }

    public bool Drift { get; set; }

    public bool DriftNow { get; set; }

    public bool NewRegion { get; set; }

    public bool ArrivalGap { get; set; }

    public double ArrivalDelayMinutes { get; set; }

    public bool PerformanceKnown { get; set; }

    public bool PerformanceDrop { get; set; }

    public bool PerformanceSpike { get; set; }

    public bool PerformanceCritical { get; set; }

    public bool EstimatedDrop { get; set; }

    public double Baseline { get; set; } = double.NaN;

    public double DegradedAccuracy { get; set; } = double.NaN;

    public long ChangeBatch { get; set; } = -1;

    public Assessment Assessment { get; set; } = Assessment.Healthy;
}
