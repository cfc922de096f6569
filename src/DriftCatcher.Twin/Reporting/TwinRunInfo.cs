namespace DriftCatcher.Twin.Reporting;

/// <summary>
/// What the report header says about a replay. Every field is optional; <see cref="TwinRunData.Load"/>
/// fills missing ones from DIR/run.json when that file exists (keys scenario, policy, algorithm,
/// label_delay, drift_onset).
/// </summary>
/// <param name="Scenario">The scenario replayed (e.g. "sudden-drift").</param>
/// <param name="Policy">The agent policy that ran it.</param>
/// <param name="Algorithm">The learner behind the served models.</param>
/// <param name="LabelDelay">Batches between a row and its label reaching the agent.</param>
/// <param name="DriftOnsetBatch">First batch of the injected change, when the scenario knows it.</param>
/// <param name="LabelDelayExceptions">Batches whose labels came later than <paramref name="LabelDelay"/> (a label_delay fault), e.g. "8 in batches 20–24".</param>
public sealed record TwinRunInfo(
    string? Scenario = null,
    string? Policy = null,
    string? Algorithm = null,
    int? LabelDelay = null,
    int? DriftOnsetBatch = null,
    string? LabelDelayExceptions = null)
{
    /// <summary>This info with its missing fields taken from <paramref name="fallback"/>.</summary>
    public TwinRunInfo OrElse(TwinRunInfo? fallback) => fallback is null
        ? this
        : new TwinRunInfo(
            Scenario ?? fallback.Scenario,
            Policy ?? fallback.Policy,
            Algorithm ?? fallback.Algorithm,
            LabelDelay ?? fallback.LabelDelay,
            DriftOnsetBatch ?? fallback.DriftOnsetBatch,
            LabelDelayExceptions ?? fallback.LabelDelayExceptions);
}
