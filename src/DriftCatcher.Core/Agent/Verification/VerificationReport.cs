namespace DriftCatcher.Core.Agent.Verification;

/// <summary>
/// The verification as an audit record shows it: <see cref="Baseline"/> is the accuracy before the failure,
/// <see cref="Observed"/> the accuracy since the action (null until labels arrive), <see cref="Window"/>
/// the batches compared.
/// </summary>
public sealed record VerificationReport(VerificationStatus Status, double? Baseline, double? Observed, string Window)
{
    public string? Action { get; init; }

    public bool Estimated { get; init; }
}
