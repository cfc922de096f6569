namespace DriftCatcher.Core.Learning.Versions;

/// <summary>
/// What the gate judges a candidate by, as metric dictionaries (names from <see cref="MetricNames"/>):
/// the candidate on its own holdout; candidate and champion on recent labelled data; candidate and
/// champion on the original reference holdout. The champion's are null when there is no champion.
/// </summary>
public sealed record GateEvidence
{
    public required IReadOnlyDictionary<string, double> CandidateHoldout { get; init; }

    public IReadOnlyDictionary<string, double>? CandidateRecent { get; init; }

    public IReadOnlyDictionary<string, double>? ChampionRecent { get; init; }

    public IReadOnlyDictionary<string, double>? CandidateReference { get; init; }

    public IReadOnlyDictionary<string, double>? ChampionReference { get; init; }
}
