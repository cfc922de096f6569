using System.Globalization;

namespace DriftCatcher.Core.Agent.Policy;

/// <summary>How a corrective action is checked.</summary>
public sealed record VerificationOptions
{
    /// <summary>Labeled batches served after the action that are compared with the baseline.</summary>
    public int WindowBatches { get; init; } = 2;

    /// <summary>
    /// The same for a regression model (numeric target): its MAE on one batch, paired with the prior's on the same rows,
    /// is a much sharper verdict than a classifier's accuracy on one batch, and a recovery judged a batch sooner lets the
    /// next step (a challenger, a retrain after a partial recovery) come a batch sooner on a concept that keeps moving.
    /// </summary>
    public int MaeWindowBatches { get; init; } = 1;

    /// <summary>Labeled batches a verification judges: <see cref="MaeWindowBatches"/> for a regression model, else <see cref="WindowBatches"/>.</summary>
    public int JudgedBatches(bool regression) => regression ? MaeWindowBatches : WindowBatches;

    /// <summary>The policy field <see cref="JudgedBatches"/> reads, as a policy file names it.</summary>
    public static string JudgedBatchesField(bool regression) => regression ? "mae_window_batches" : "window_batches";

    /// <summary>Success when the observed accuracy is at most this far below the pre-incident baseline...</summary>
    public double Tolerance { get; init; } = 0.05;

    /// <summary>...or recovered at least this share of what the failure lost.</summary>
    public double MinRecoveredShare { get; init; } = 0.3;

    /// <summary>
    /// Below the success bar but no worse than the accuracy before the action (minus this margin) is a
    /// partial recovery: the model stays, the agent tries again, and it does not count towards escalation.
    /// Worse than that is a failed recovery: a promotion is reverted.
    /// </summary>
    public double RevertMargin { get; init; } = 0.02;

    /// <summary>Partial recoveries within one incident before it escalates (no endless retraining).</summary>
    public int PartialsToEscalate { get; init; } = 3;

    /// <summary>Candidates rejected by the validation gate within one incident before it escalates.</summary>
    public int RejectionsToEscalate { get; init; } = 3;

    /// <summary>Give up waiting for labels after this many batches and judge on estimated accuracy.</summary>
    public int MaxWaitBatches { get; init; } = 12;

    /// <summary>Failed recoveries in a row that escalate (and stop acting on the incident).</summary>
    public int FailuresToEscalate { get; init; } = 2;

    /// <summary>An escalated incident is held this many batches before the agent may act again.</summary>
    public int EscalationHoldBatches { get; init; } = 24;

    /// <summary>
    /// An incident escalated after recoveries that did no harm — candidates the validation gate (or a trial) rejected, or
    /// promotions that recovered only part of the loss — is not left alone for the whole hold while it lasts: once
    /// <see cref="RetrainOptions.WindowBatches"/> clean labeled batches newer than anything a candidate of the incident
    /// learned from are in, the rules may retrain once more on them, gated as ever, and again after as many newer still.
    /// A gradual drift's mixed rows are rightly rejected, or give partial models, and then the new concept takes over
    /// (Friedman, 1000-row batches: held from batch 21 to the end at an MAE four times the baseline). An escalation after
    /// failed recoveries (reverted) still holds. False: every hold stands until a person acts.
    /// </summary>
    public bool RetryOnNewRows { get; init; } = true;

    /// <summary>
    /// A data fault in this many batches in a row is told to a person once (an escalate notice, no hold): the agent
    /// never learns from rows it flags faulty, so if the new values are right only a person can say so. 0: never.
    /// </summary>
    public int LastingFaultBatches { get; init; } = 24;

    /// <summary>
    /// A fallback served for a data fault is judged too: once labels show the champion answered the faulty rows
    /// clearly better than the fallback answers them without the broken columns, the champion serves through the
    /// fault (nothing is trained on it still). False keeps every fallback until its fault clears.
    /// </summary>
    public bool JudgeFallback { get; init; } = true;

    /// <summary>
    /// What <see cref="MaxWaitBatches"/> means with labels <paramref name="labelDelay"/> batches late, for a host that
    /// knows its delay (the policy alone does not): null when a verification gets its <see cref="WindowBatches"/>
    /// labeled batches before it stops waiting (max_wait_batches ≥ label delay + window_batches − 1). Otherwise the
    /// problem in one line, and whether verification cannot work at all — a regression model (no label-free estimate)
    /// that finds no labeled batch in time: every recovery "not available", escalated — or only degrades: judged on
    /// fewer labeled batches than the window, or (a classifier with no labeled batch in time) on the label-free estimate.
    /// </summary>
    public (string Problem, bool Fatal)? CheckLabelDelay(int labelDelay, bool regression)
    {
        // At the tick it stops waiting (max_wait_batches + 1 batches after the action), the batches labeled so far.
        var labeledInTime = (long)MaxWaitBatches + 1 - labelDelay;
        var window = JudgedBatches(regression);
        if (labelDelay <= 0 || labeledInTime >= window)
        {
            return null;
        }

        var need = (long)labelDelay + window - 1;
        var windowName = JudgedBatchesField(regression);
        var fix = string.Create(CultureInfo.InvariantCulture, $"set it to at least {need} (label delay + {windowName} - 1)");
        var head = string.Create(CultureInfo.InvariantCulture, $"verification.max_wait_batches {MaxWaitBatches}");
        var delay = labelDelay.ToString(CultureInfo.InvariantCulture);
        if (labeledInTime <= 0)
        {
            return regression
                ? ($"{head} is below the label delay {delay}: no labeled batch arrives before a verification stops waiting, and a regression model has no label-free estimate, so every recovery would be 'not available' and escalate; {fix}", true)
                : ($"{head} is below the label delay {delay}: every verification stops waiting before a labeled batch arrives and judges on the label-free estimate; {fix} to judge on labels", false);
        }

        return (string.Create(CultureInfo.InvariantCulture,
            $"{head} with the label delay {delay}: a verification stops waiting with {labeledInTime} of its {windowName} {window} labeled batches and judges on those; {fix} for a full window"), false);
    }
}
