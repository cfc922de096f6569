namespace DriftCatcher.Core.Findings;

/// <summary>
/// One observation the engine makes about a window of data, with its evidence. <see cref="Code"/> is a
/// stable snake_case identifier (e.g. "missing_values", "out_of_range", "psi_drift"), <see cref="Subject"/>
/// the feature or signal it is about ("model" for the whole model), <see cref="Message"/> one sentence a
/// person reads, <see cref="Evidence"/> the numbers behind it (statistic, threshold, sample sizes...).
/// </summary>
public sealed record Finding(FindingKind Kind, Severity Severity, string Code, string Subject, string Message)
{
    public IReadOnlyDictionary<string, double> Evidence { get; init; } = new Dictionary<string, double>();
}
