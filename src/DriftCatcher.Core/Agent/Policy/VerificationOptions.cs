namespace DriftCatcher.Core.Agent.Policy;

/// <summary>How a corrective action is checked.</summary>
public sealed record VerificationOptions
{
    /// <summary>Labeled batches served after the action that are compared with the baseline.</summary>
    public int WindowBatches { get; init; } = 2;

    /// <summary>Success when the observed accuracy is at most this far below the pre-incident baseline...</summary>
    public double Tolerance { get; init; } = 0.05;

    /// <summary>...or recovered at least this share of what the failure lost.</summary>
    public double MinRecoveredShare { get; init; } = 0.5;

    /// <summary>Give up waiting for labels after this many batches and judge on estimated accuracy.</summary>
    public int MaxWaitBatches { get; init; } = 12;

    /// <summary>Failed recoveries in a row that escalate (and stop acting on the incident).</summary>
    public int FailuresToEscalate { get; init; } = 2;

    /// <summary>An escalated incident is held this many batches before the agent may act again.</summary>
    public int EscalationHoldBatches { get; init; } = 24;
}
