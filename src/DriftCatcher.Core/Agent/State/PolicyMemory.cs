namespace DriftCatcher.Core.Agent.State;

/// <summary>The policy's memory: cooldown clocks, budget spending, approvals waiting, faulty batches, counters.</summary>
public sealed class PolicyMemory
{
    /// <summary>When each action was last taken (snake_case action name → time).</summary>
    public Dictionary<string, DateTimeOffset> LastAction { get; set; } = [];

    /// <summary>Times of budgeted actions in the last 24 hours.</summary>
    public List<DateTimeOffset> BudgetSpent { get; set; } = [];

    public List<PendingApproval> PendingApprovals { get; set; } = [];

    /// <summary>A person has been told of the current slow-down (cleared after <c>clear_after</c> batches at the usual latency).</summary>
    public bool SlowDownTold { get; set; }

    public int SlowDownQuiet { get; set; }

    /// <summary>When a person was last told of a slow-down: within the alert cooldown of it, a slow-down the cooldown holds back is not told again.</summary>
    public DateTimeOffset? SlowDownToldTime { get; set; }

    /// <summary>A person has been told of the current silence in the data (cleared after <c>clear_after</c> batches on time).</summary>
    public bool SilenceTold { get; set; }

    public int SilenceQuiet { get; set; }

    /// <summary>When a person was last told of a silence (see <see cref="SlowDownToldTime"/>).</summary>
    public DateTimeOffset? SilenceToldTime { get; set; }

    /// <summary>A person has been told that labels cannot be joined to their predictions (cleared after <c>clear_after</c> batches without the trouble).</summary>
    public bool LabelsTold { get; set; }

    public int LabelsQuiet { get; set; }

    /// <summary>When a person was last told that labels cannot be joined.</summary>
    public DateTimeOffset? LabelsToldTime { get; set; }

    /// <summary>A person has been told that labels arrive spelt differently from a known class (cleared after <c>clear_after</c> batches without).</summary>
    public bool RespelledTold { get; set; }

    public int RespelledQuiet { get; set; }

    /// <summary>When a person was last told of respelled labels.</summary>
    public DateTimeOffset? RespelledToldTime { get; set; }

    /// <summary>A person has been told that regression labels fail the label check (cleared after <c>clear_after</c> batches without).</summary>
    public bool LabelFaultTold { get; set; }

    public int LabelFaultQuiet { get; set; }

    /// <summary>When a person was last told of faulty labels.</summary>
    public DateTimeOffset? LabelFaultToldTime { get; set; }

    /// <summary>Ticks with faulty labels in the episode told of (at 12 a person is asked to decide: the feed may have changed units for good).</summary>
    public int LabelFaultTicks { get; set; }

    /// <summary>Batches flagged faulty (newest kept, bounded): excluded from every training set.</summary>
    public List<long> FaultyBatches { get; set; } = [];

    /// <summary>Features that drifted in the newest batch, with the number of batches in a row they have (see <c>SuddenConversion</c>).</summary>
    public Dictionary<string, int> DriftStreaks { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Features whose unit change (scale_change) is a fault going on, with the batches in a row since the conversion
    /// was last named: named again, it stays a fault however long the column has drifted, and its drift alone keeps
    /// the fault going for a few batches (see <c>StillConverted</c>); dropped when the column is back to the reference.
    /// </summary>
    public Dictionary<string, int> UnitChangedFeatures { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The champion serves through the current data fault (null when it does not; see <see cref="FaultTolerance"/>).</summary>
    public FaultTolerance? Tolerance { get; set; }

    /// <summary>
    /// Champion rows up to this batch were of an earlier fault than the one now going on (a new fault on another column
    /// came while the champion served through the earlier one, or while a fallback served it): they never judge
    /// serving through the new one (-1: none).
    /// </summary>
    public long ServedThroughUntil { get; set; } = -1;

    /// <summary>Features a current data fault is about.</summary>
    public List<string> FaultyFeatures { get; set; } = [];

    /// <summary>Clean batches in a row since the last faulty one.</summary>
    public int CleanStreak { get; set; }

    /// <summary>The newest fallback asked for (its excluded features become <see cref="FallbackExcludes"/> once it serves).</summary>
    public Decisions.ActionRequest? FallbackRequest { get; set; }

    /// <summary>Features the serving fallback does not read: a fault on any other feature asks for a new fallback.</summary>
    public List<string> FallbackExcludes { get; set; } = [];

    /// <summary>
    /// Faulty batches in a row, while a fallback serves, whose faulty features are only some of the ones the fallback
    /// leaves out: the others are clean again, and a narrower fallback would read them.
    /// </summary>
    public int NarrowStreak { get; set; }

    /// <summary>Batch whose tick narrowed the fallback (-1: none yet).</summary>
    public long LastNarrowBatch { get; set; } = -1;

    /// <summary>Narrowings in a row whose cleared feature was faulty again in the very next batch: each doubles the wait before the next.</summary>
    public int NarrowRelapses { get; set; }

    /// <summary>The features of a narrower fallback the host could not build or a person refused (null: none since the last fallback served).</summary>
    public List<string>? NarrowRefused { get; set; }

    /// <summary>Batch whose tick restored the champion after a fallback or disable (-1: none yet).</summary>
    public long LastRestoreBatch { get; set; } = -1;

    /// <summary>
    /// Restores in a row after which the fault was back in the very first batch: from the second on, each doubles
    /// the clean batches a fallback waits before the next restore (2, 4, … at most 32); the second tells a person.
    /// </summary>
    public int Relapses { get; set; }

    /// <summary>First batch of the run of data-faulty batches going on now (no clean batch since), or -1.</summary>
    public long FaultRunStart { get; set; } = -1;

    /// <summary>Whether the data fault going on now was told to a person for lasting (see <c>lasting_fault_batches</c>).</summary>
    public bool LastingFaultTold { get; set; }

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

    /// <summary>Why the outstanding retrain was asked for: "recovery", "consolidate" or "challenger".</summary>
    public string? RetrainPurpose { get; set; }

    /// <summary>After a verified recovery from drift: challengers are trained and shadowed every few batches.</summary>
    public bool ChallengerActive { get; set; }

    /// <summary>Batch of the newest challenger retrain.</summary>
    public long LastChallengerBatch { get; set; } = -1;

    /// <summary>The newest batch the last challenger trained on (−1: none yet): one with no newer clean labels would train the same again.</summary>
    public long LastChallengerTrainedThrough { get; set; } = -1;

    /// <summary>Challenger trials lost in a row.</summary>
    public int ChallengerLosses { get; set; }

    /// <summary>A promote that ends a won trial: the trial was its verification, it becomes last known good.</summary>
    public string? TrialPromoteRequestId { get; set; }

    /// <summary>
    /// A challenger's or a consolidation's direct promote: neither is an incident's recovery (one may be open, of moved
    /// inputs that asked for nothing but an alert), and its promotion starts no verification of it.
    /// </summary>
    public string? FollowUpPromoteRequestId { get; set; }

    /// <summary>A rollback to a recalled earlier version (rule <c>recall</c>), until it is applied.</summary>
    public string? RecallRequestId { get; set; }

    /// <summary>Versions whose recall failed its verification: never recalled again (the newest few kept).</summary>
    public List<string> FailedRecalls { get; set; } = [];
}
