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

    /// <summary>
    /// The prior version's accuracy on the same labeled rows since the action (a classifier's counterfactual,
    /// when the host had it answer beside the promoted one); null when not measured.
    /// </summary>
    public double? PriorObserved { get; init; }

    /// <summary>The rows both versions answered and were labeled (the counterfactual's sample); 0 when not measured.</summary>
    public int PairedRows { get; init; }
}
