namespace DriftCatcher.Core.Agent.Policy;

/// <summary>How a corrective action is checked.</summary>
public sealed record VerificationOptions
{
    /// <summary>Labeled batches served after the action that are compared with the baseline.</summary>
    public int WindowBatches { get; init; } = 2;

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
}
