using System.Globalization;

namespace DriftCatcher.Core.Learning.Versions;

/// <summary>
/// Decides whether a candidate model may replace the champion. Three checks, all explained:
/// <c>floor</c> — its holdout metric clears the configured floor; <c>recent</c> — on recent labelled
/// data it is not worse than the champion by more than the tolerance; <c>forgetting</c> — on the
/// original reference holdout it stays within a tolerance of the champion (it has not forgotten the
/// old data: retrain on old + new). Without a champion the comparisons pass as "nothing to compare
/// with"; with one, missing candidate evidence fails the check.
/// </summary>
public static class ValidationGate
{
    private const double ComparisonSlack = 1e-12;

    public static GateResult Evaluate(GateEvidence evidence, GateOptions options)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var metric = options.Metric;
        var higher = MetricNames.HigherIsBetter(metric);
        var checks = new List<GateCheck>(3);

        if (!TryGet(evidence.CandidateHoldout, metric, out var holdout))
        {
            checks.Add(new GateCheck("floor", false, $"the candidate's holdout has no {metric}"));
        }
        else
        {
            var clears = higher ? holdout >= options.Floor : holdout <= options.Floor;
            checks.Add(new GateCheck("floor", clears, clears
                ? $"holdout {metric} {F(holdout)} clears the floor {F(options.Floor)}"
                : $"holdout {metric} {F(holdout)} is {(higher ? "below" : "above")} the floor {F(options.Floor)}"));
        }

        checks.Add(Compare("recent", "recent labelled data", evidence.CandidateRecent, evidence.ChampionRecent, metric, higher, options.RecentTolerance));
        checks.Add(Compare("forgetting", "the reference holdout", evidence.CandidateReference, evidence.ChampionReference, metric, higher, options.ForgettingTolerance));
        return new GateResult(checks.TrueForAll(c => c.Passed), checks);
    }

    private static GateCheck Compare(
        string name, string where, IReadOnlyDictionary<string, double>? candidate, IReadOnlyDictionary<string, double>? champion, string metric, bool higher, double tolerance)
    {
        if (champion is null)
        {
            return new GateCheck(name, true, $"no champion to compare with on {where}");
        }

        if (!TryGet(champion, metric, out var theirs))
        {
            return new GateCheck(name, true, $"the champion has no {metric} on {where}; nothing to compare with");
        }

        if (candidate is null || !TryGet(candidate, metric, out var ours))
        {
            return new GateCheck(name, false, $"the candidate was not scored ({metric}) on {where}");
        }

        var worseBy = higher ? theirs - ours : ours - theirs;
        // Inclusive, allowing for rounding: 0.91 - 0.89 must count as within 0.02.
        var passed = worseBy <= tolerance + ComparisonSlack;
        var comparison = $"on {where} {metric} {F(ours)} vs champion {F(theirs)}";
        return new GateCheck(name, passed, passed
            ? $"{comparison}: within tolerance {F(tolerance)}"
            : $"{comparison}: worse by {F(worseBy)}, more than the tolerance {F(tolerance)}");
    }

    private static bool TryGet(IReadOnlyDictionary<string, double> metrics, string metric, out double value) =>
        metrics.TryGetValue(metric, out value) && double.IsFinite(value);

    private static string F(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
