using DriftCatcher.Core.Agent.Decisions;
using DriftCatcher.Core.Findings;

namespace DriftCatcher.Core.Agent.State;

/// <summary>The open incident: everything from first detection to resolution.</summary>
public sealed class IncidentState
{
    public string Id { get; set; } = "";

    public long OpenedBatch { get; set; }

    public DateTimeOffset OpenedTime { get; set; }

    public Cause Cause { get; set; }

    public Severity Severity { get; set; }

    /// <summary>"open", "verifying", "escalated".</summary>
    public string Status { get; set; } = "open";

    /// <summary>The champion's accuracy before the failure.</summary>
    public double BaselineAccuracy { get; set; } = double.NaN;

    /// <summary>The accuracy when the incident opened.</summary>
    public double DegradedAccuracy { get; set; } = double.NaN;

    /// <summary>Estimated first batch of the failure (the change point).</summary>
    public long ChangeBatch { get; set; }

    /// <summary>Corrective actions tried, in order.</summary>
    public List<string> Tried { get; set; } = [];

    public int FailedRecoveries { get; set; }

    /// <summary>Candidates the validation gate rejected during this incident.</summary>
    public int RejectedCandidates { get; set; }

    /// <summary>Verifications that ended in a partial recovery during this incident.</summary>
    public int PartialRecoveries { get; set; }

    /// <summary>Partial recoveries the gate scored clearly better than the prior version: progress on a moving concept (they tell a person, never hold).</summary>
    public int ProgressSteps { get; set; }

    public long HoldUntilBatch { get; set; } = -1;

    /// <summary>
    /// Escalated after recoveries that did no harm — candidates rejected, or promotions that recovered only part of the
    /// loss — not after a failed one (reverted): fresh rows may be tried while held.
    /// </summary>
    public bool HeldWithoutHarm { get; set; }

    /// <summary>The newest batch any candidate of this incident learned from (or a lost trial had labels of); -1 when none.</summary>
    public long CandidatesThrough { get; set; } = -1;

    /// <summary>
    /// The actions (names) a person was told the daily budget holds back in this incident: told once per action kind, so
    /// a different hold after the cause changed (a retrain where a rollback was held) is told too.
    /// </summary>
    public List<string> BudgetToldActions { get; set; } = [];

    /// <summary>Ticks in a row without a sustained problem.</summary>
    public int QuietTicks { get; set; }

    /// <summary>Versions this incident rolled back to by recall: never recalled again in it (at most <c>recall_versions</c> a recovery).</summary>
    public List<string> Recalled { get; set; } = [];

    /// <summary>One line per decision taken on this incident (bounded).</summary>
    public List<string> Timeline { get; set; } = [];
}
