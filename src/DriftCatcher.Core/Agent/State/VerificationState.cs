using DriftCatcher.Core.Agent.Decisions;

namespace DriftCatcher.Core.Agent.State;

/// <summary>A corrective action under verification, with what a revert needs.</summary>
public sealed class VerificationState
{
    public AgentAction Action { get; set; }

    /// <summary>The last batch served before the action took effect.</summary>
    public long ActionBatch { get; set; }

    /// <summary>
    /// Batches since the action that could have judged it (no data fault, not served by a fallback or disabled):
    /// what <c>max_wait_batches</c> counts. Counted tick by tick, so it does not depend on the bounded history.
    /// </summary>
    public int Waited { get; set; }

    /// <summary>The newest batch counted into <see cref="Waited"/> (or the action batch).</summary>
    public long WaitedThrough { get; set; }

    public double Baseline { get; set; } = double.NaN;

    public double Degraded { get; set; } = double.NaN;

    public string VersionAfter { get; set; } = "";

    /// <summary>A rollback to a recalled earlier version (rule <c>recall</c>): a failure reverts it to <see cref="PriorVersion"/>, as a failed promotion is.</summary>
    public bool Recall { get; set; }

    public string? PriorVersion { get; set; }

    public ServingMode PriorMode { get; set; }

    /// <summary>
    /// A promotion's gate scores: the promoted candidate's and the prior champion's on the same held-out rows
    /// (NaN when unknown). A regression model's failed promotion is reverted only when the prior is expected
    /// to do better: observed × prior / candidate below the observed MAE.
    /// </summary>
    public double GateScore { get; set; } = double.NaN;

    public double PriorGateScore { get; set; } = double.NaN;

    /// <summary>
    /// The counterfactual of a classifier's promotion: labeled rows since the action on which both the promoted
    /// version (serving) and the prior version (predicting beside it, when the host sends its answers) answered.
    /// </summary>
    public int PairedRows { get; set; }

    /// <summary>Of <see cref="PairedRows"/>: rows the promoted version got right.</summary>
    public int PromotedCorrect { get; set; }

    /// <summary>Of <see cref="PairedRows"/>: rows the prior version got right.</summary>
    public int PriorCorrect { get; set; }

    /// <summary>Of <see cref="PairedRows"/>: rows only the prior got right (McNemar's discordant pairs, with <see cref="OnlyPromoted"/>).</summary>
    public int OnlyPrior { get; set; }

    /// <summary>Of <see cref="PairedRows"/>: rows only the promoted version got right.</summary>
    public int OnlyPromoted { get; set; }

    /// <summary>Regression: the prior's summed absolute error on <see cref="PairedRows"/>.</summary>
    public double PriorAbsErrorSum { get; set; }

    /// <summary>Regression: Σ d and Σ d² of d = |prior error| − |promoted error| per paired row (a paired t test).</summary>
    public double ErrorGapSum { get; set; }

    public double ErrorGapSquaredSum { get; set; }
}
