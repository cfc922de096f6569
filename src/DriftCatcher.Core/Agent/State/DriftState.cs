namespace DriftCatcher.Core.Agent.State;

/// <summary>Detector memory and recent findings, with the hysteresis flags of the sustained signals.</summary>
public sealed class DriftState
{
    /// <summary>The newest batch's findings (replaced at every batch).</summary>
    public List<FindingRecord> Current { get; set; } = [];

    /// <summary>Recent warning and critical findings, oldest first (bounded).</summary>
    public List<FindingRecord> Recent { get; set; } = [];

    /// <summary>Serialized change-detector states by name (error stream, latency...).</summary>
    public Dictionary<string, string> Detectors { get; set; } = [];

    /// <summary>The error-stream change detector of the current champion (null until its first label).</summary>
    public Detectors.DetectorState? ErrorDetector { get; set; }

    /// <summary>The error-stream detector signalled a change since the last tick.</summary>
    public bool ErrorChange { get; set; }

    public bool PerformanceDegraded { get; set; }

    public int PerformanceQuiet { get; set; }

    public bool DriftActive { get; set; }

    public int DriftQuiet { get; set; }

    public bool ServingFaultActive { get; set; }

    public int ServingQuiet { get; set; }

    /// <summary>
    /// The latency p95 of the newest batches with a measured latency under the limit (10 + <c>persistence_m</c>),
    /// oldest first: the usual level a slow-down is measured against is the median of all but the newest
    /// <c>persistence_m</c>. It stays across deployments, so a new version that is much slower shows.
    /// </summary>
    public List<double> LatencyReference { get; set; } = [];

    /// <summary>The newest batch whose latency joined <see cref="LatencyReference"/>.</summary>
    public long LatencyReferenceBatch { get; set; } = -1;

    /// <summary>
    /// The latency a slow creep is measured against: the usual level once 10 batches have set it; it follows the
    /// usual level again after a slow-down the rolling check saw (until <see cref="LatencyAnchorFollows"/> runs
    /// out) and after a creep has been told, and comes down when the 10 reference batches all lie below it
    /// (null until the first usual level).
    /// </summary>
    public double? LatencyAnchorMs { get; set; }

    /// <summary>The batch at which <see cref="LatencyAnchorMs"/> was last set.</summary>
    public long LatencyAnchorBatch { get; set; } = -1;

    /// <summary>
    /// Latency batches still to join <see cref="LatencyReference"/> before the anchor holds again: after a
    /// slow-down the rolling check saw, the anchor follows the usual level until the ring holds only later batches,
    /// so a step is told once (by that check) and a spike that has passed leaves the anchor where latency settled.
    /// </summary>
    public int LatencyAnchorFollows { get; set; }

    /// <summary>
    /// The newest batch time at which a slow-down was the daily cycle (as slow as the same hour a day earlier): while
    /// it is under two days old the creep's anchor is held at the highest latency of the last day (a day's trough or
    /// a morning must not move it, or a creep riding on the cycle is never told). Null when no cycle is known.
    /// </summary>
    public DateTimeOffset? LatencyCycleSeen { get; set; }

    /// <summary>
    /// The usual latency at the last tick a creep was seen (null when the last tick saw none): once that creep has been
    /// told the anchor moves up to it, also when the next tick no longer sees the creep (the night of a daily cycle).
    /// </summary>
    public double? LatencyCreptMs { get; set; }
}
