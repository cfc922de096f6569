namespace DriftCatcher.Core.Agent.State;

/// <summary>The policy's memory: cooldown clocks, budget spending, approvals waiting, faulty batches, counters.</summary>
public sealed class PolicyMemory
{
    /// <summary>When each action was last taken (snake_case action name → time).</summary>
    public Dictionary<string, DateTimeOffset> LastAction { get; set; } = [];

    /// <summary>Times of budgeted actions in the last 24 hours.</summary>
    public List<DateTimeOffset> BudgetSpent { get; set; } = [];

    public List<PendingApproval> PendingApprovals { get; set; } = [];

    /// <summary>Batches flagged faulty (newest kept, bounded): excluded from every training set.</summary>
    public List<long> FaultyBatches { get; set; } = [];

    /// <summary>Features a current data fault is about.</summary>
    public List<string> FaultyFeatures { get; set; } = [];

    /// <summary>Clean batches in a row since the last faulty one.</summary>
    public int CleanStreak { get; set; }

    /// <summary>Failed recoveries in a row (across incidents); two escalate.</summary>
    public int ConsecutiveFailedRecoveries { get; set; }

    public int RequestCounter { get; set; }

    public int IncidentCounter { get; set; }

    public long LastPeriodicBatch { get; set; } = -1;

    /// <summary>The retrain the agent waits for, if any.</summary>
    public Decisions.ActionRequest? OutstandingRetrain { get; set; }

    /// <summary>A rollback that reverts a failed recovery (it is not itself verified).</summary>
    public string? RevertRequestId { get; set; }

    /// <summary>A recovery trained on little data: retrain once more from this change batch when enough is labeled.</summary>
    public long? ConsolidateFromBatch { get; set; }

    /// <summary>After a verified drift recovery: challengers are trained until this batch (null: not tracking).</summary>
    public long? TrackUntilBatch { get; set; }

    /// <summary>The batch of the last champion change or tracking retrain: the next challenger waits track_every batches from it.</summary>
    public long LastTrackBatch { get; set; } = -1;

    /// <summary>The outstanding retrain is a tracking challenger (it must beat the champion by track_margin).</summary>
    public bool TrackingRetrain { get; set; }

    /// <summary>Tracking challengers in a row that did not beat the champion (two end the tracking).</summary>
    public int TrackLosses { get; set; }
}
