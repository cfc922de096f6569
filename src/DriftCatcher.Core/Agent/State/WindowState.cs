namespace DriftCatcher.Core.Agent.State;

/// <summary>Recent observations, summarized: per-batch rings, the newest histograms, predictions awaiting labels.</summary>
public sealed class WindowState
{
    /// <summary>Per-batch summaries, oldest first, at most <see cref="ModelAgent.HistoryBatches"/>.</summary>
    public List<BatchSummary> Batches { get; set; } = [];

    /// <summary>Predictions awaiting labels, oldest batch first, at most <see cref="ModelAgent.MaxPendingRows"/> rows.</summary>
    public List<PendingPredictions> Pending { get; set; } = [];

    /// <summary>
    /// The newest batches' counts per reference bin and drifted features, oldest first, at most
    /// <c>persistence_m</c>: a drift that fired in K of them must hold with their rows pooled to be sustained.
    /// </summary>
    public List<BatchHistograms> RecentHistograms { get; set; } = [];

    /// <summary>Minutes between the newest batches (at most 10), oldest first: their median is the usual interval.</summary>
    public List<double> ArrivalIntervals { get; set; } = [];

    /// <summary>Labels whose prediction was unknown or already forgotten.</summary>
    public long UnmatchedLabels { get; set; }

    /// <summary>Labels of rows a sampled batch did not track (batches over <see cref="ModelAgent.MaxTrackedRowsPerBatch"/> rows).</summary>
    public long UntrackedLabels { get; set; }

    /// <summary>Labels received since the last tick.</summary>
    public int LabelsSinceTick { get; set; }

    /// <summary>Of those, labels whose prediction was unknown or already forgotten (untracked ones of a sampled batch included).</summary>
    public int UnmatchedSinceTick { get; set; }

    /// <summary>Labels received since the last tick spelt differently from a known class, per spelling.</summary>
    public List<RespelledLabelCount> RespelledSinceTick { get; set; } = [];

    /// <summary>Regression labels received since the last tick whose batch failed the label check, per finding code.</summary>
    public List<LabelFaultCount> LabelFaultsSinceTick { get; set; } = [];

    /// <summary>Ticks in a row at which labels came and none of them matched a remembered prediction.</summary>
    public int UnjoinedTicks { get; set; }

    /// <summary>Predictions forgotten before their labels came since the last tick (the pending cap), and their batches.</summary>
    public long ForgottenRows { get; set; }

    public long ForgottenFirstBatch { get; set; } = -1;

    public long ForgottenLastBatch { get; set; } = -1;

    /// <summary>
    /// How the newest versions that served a batch called each class on their held-out rows (classifiers; at most
    /// <see cref="ModelAgent.MaxClassCallVersions"/>, newest last): a batch's labels are checked against its own
    /// version's, also after another version took over.
    /// </summary>
    public List<VersionClassCalls> ClassCalls { get; set; } = [];

    /// <summary>Labels of small one-class batches held to be judged pooled for a stuck class feed, a run per serving version.</summary>
    public List<HeldClassLabels> HeldLabels { get; set; } = [];

    /// <summary>The newest batch whose labels arrived at the current tick (null when none did).</summary>
    public long? NewlyLabeledBatch { get; set; }
}
