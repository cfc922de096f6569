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

    /// <summary>The champion stopped serving through the fault in this tick, and why (the fallback that comes back says it).</summary>
    public string? ServeThroughEnded { get; set; }

    /// <summary>Latency p95 sustained at <c>latency_increase_factor</c> times its usual level (under the absolute limit: a warning).</summary>
    public bool LatencyHigh { get; set; }

    public double UsualLatencyMs { get; set; } = double.NaN;

    /// <summary>The usual latency itself has crept up to <c>latency_increase_factor</c> times its anchor (see <see cref="State.DriftState.LatencyAnchorMs"/>).</summary>
    public bool LatencyCreep { get; set; }

    /// <summary>The anchor a creep was measured against, and the batch it was set at.</summary>
    public double LatencyAnchorMs { get; set; } = double.NaN;

    public long LatencyAnchorBatch { get; set; } = -1;

    public bool Drift { get; set; }

    public bool DriftNow { get; set; }

    /// <summary>
    /// Batches of the last <see cref="DriftWindow"/> whose inputs drifted when that was K or more, but with those
    /// batches' rows pooled too few features still drift (0 otherwise).
    /// </summary>
    public int DriftShortOfPooled { get; set; }

    /// <summary>Batches the input-drift persistence rule looked at (at most <c>persistence_m</c>).</summary>
    public int DriftWindow { get; set; }

    public bool NewRegion { get; set; }

    public bool ArrivalGap { get; set; }

    /// <summary>Labels cannot be joined: none matched at two ticks in a row, or predictions were forgotten before their labels came.</summary>
    public bool LabelsUnjoined { get; set; }

    /// <summary>Labels spelt differently from a known class came since the last tick.</summary>
    public bool LabelsRespelled { get; set; }

    /// <summary>Regression labels that failed the label check (a unit change, a stuck feed, implausible values) came since the last tick.</summary>
    public bool LabelsFaulty { get; set; }

    public double ArrivalDelayMinutes { get; set; }

    public bool PerformanceKnown { get; set; }

    public bool PerformanceDrop { get; set; }

    public bool PerformanceSpike { get; set; }

    /// <summary>
    /// A spike that would have been sustained but for <c>z_pooled</c>: how many batches were below the baseline (K or more
    /// of the last M, not worse pooled; or 1, the newest at <c>z_critical</c> by the normal test but not by the exact tail).
    /// </summary>
    public int SpikeShortOfPooled { get; set; }

    public bool PerformanceCritical { get; set; }

    public bool EstimatedDrop { get; set; }

    public double Baseline { get; set; } = double.NaN;

    public double DegradedAccuracy { get; set; } = double.NaN;

    public long ChangeBatch { get; set; } = -1;

    /// <summary>The batches <see cref="DegradedAccuracy"/> pools: the degraded ones among the newest judged (the newest when none is).</summary>
    public IReadOnlyList<long> DegradedBatches { get; set; } = [];

    /// <summary>
    /// The champion's labeled batches from its promotion up to the drop (first and last; -1 otherwise), when they were within
    /// the floor of the level it was deployed on and the drop since is clear: the drop came with the data, not with the deployment.
    /// </summary>
    public long StartedHealthyBatch { get; set; } = -1;

    public IReadOnlyList<long> StartedHealthyBatches { get; set; } = [];

    /// <summary>Those batches' pooled level (accuracy or MAE), the level the champion was deployed on, and the z of the drop since.</summary>
    public double StartedHealthyLevel { get; set; } = double.NaN;

    public double DeployedLevel { get; set; } = double.NaN;

    public double StartedHealthyZ { get; set; } = double.NaN;

    public Assessment Assessment { get; set; } = Assessment.Healthy;
}
