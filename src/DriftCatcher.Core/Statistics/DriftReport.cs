using System.Globalization;
using DriftCatcher.Core.Findings;

namespace DriftCatcher.Core.Statistics;

/// <summary>A window of current data compared with a <see cref="ReferenceProfile"/>, feature by feature.</summary>
public sealed record DriftReport
{
    public required long ReferenceRows { get; init; }

    public required long CurrentRows { get; init; }

    public required IReadOnlyList<FeatureDrift> Features { get; init; }

    /// <summary>Drifted features over all features (0 when there are none).</summary>
    public required double ShareDrifted { get; init; }

    /// <summary>ShareDrifted ≥ <see cref="DatasetDriftShare"/>.</summary>
    public required bool DatasetDrift { get; init; }

    /// <summary>The share of drifted features that makes the dataset drift (from the options used).</summary>
    public required double DatasetDriftShare { get; init; }

    /// <summary>
    /// One finding per drifted feature, of <paramref name="kind"/> (FeatureDrift for inputs,
    /// PredictionDrift for model outputs), critical when the score is at least twice its threshold,
    /// plus a critical DatasetDrift finding when the input dataset drifted.
    /// </summary>
    public IReadOnlyList<Finding> ToFindings(FindingKind kind = FindingKind.FeatureDrift)
    {
        if (kind is not (FindingKind.FeatureDrift or FindingKind.PredictionDrift))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "drift findings are FeatureDrift or PredictionDrift");
        }

        var code = kind == FindingKind.FeatureDrift ? "feature_drift" : "prediction_drift";
        var findings = new List<Finding>();
        foreach (var f in Features.Where(f => f.Drifted))
        {
            var severity = f.Score >= 2 * f.Threshold ? Severity.Critical : Severity.Warning;
            var what = f.Method == DriftMethod.Ks ? "KS D" : "Jensen–Shannon distance";
            var message = string.Create(CultureInfo.InvariantCulture,
                $"'{f.Name}' drifted: {what} {f.Score:G3} > threshold {f.Threshold:G3} ({f.ReferenceCount} reference vs {f.CurrentCount} current values)");
            findings.Add(new Finding(kind, severity, code, f.Name, message) { Evidence = Evidence(f) });
        }

        if (kind == FindingKind.FeatureDrift && DatasetDrift)
        {
            var drifted = Features.Count(f => f.Drifted);
            var message = string.Create(CultureInfo.InvariantCulture,
                $"{drifted} of {Features.Count} features drifted ({ShareDrifted:P0} ≥ {DatasetDriftShare:P0})");
            findings.Add(new Finding(FindingKind.DatasetDrift, Severity.Critical, "dataset_drift", "model", message)
            {
                Evidence = new Dictionary<string, double>
                {
                    ["share_drifted"] = ShareDrifted,
                    ["threshold"] = DatasetDriftShare,
                    ["drifted_features"] = drifted,
                    ["features"] = Features.Count,
                    ["reference_rows"] = ReferenceRows,
                    ["current_rows"] = CurrentRows,
                },
            });
        }

        return findings;
    }

    private static Dictionary<string, double> Evidence(FeatureDrift f)
    {
        var e = new Dictionary<string, double>
        {
            ["score"] = f.Score,
            ["threshold"] = f.Threshold,
            ["reference_count"] = f.ReferenceCount,
            ["current_count"] = f.CurrentCount,
            ["missing_current"] = f.MissingCurrent,
            ["psi"] = f.Psi,
            ["jensen_shannon"] = f.JensenShannon,
        };
        Add(e, "ks_statistic", f.KsStatistic);
        Add(e, "ks_p_value", f.KsPValue);
        Add(e, "wasserstein", f.Wasserstein);
        Add(e, "wasserstein_normed", f.WassersteinNormed);
        Add(e, "chi2_statistic", f.ChiSquareStatistic);
        Add(e, "chi2_p_value", f.ChiSquarePValue);
        if (f.UnseenCategories is { } u)
        {
            e["unseen_categories"] = u.Count;
        }

        return e;
    }

    private static void Add(Dictionary<string, double> e, string key, double? value)
    {
        if (value is { } v)
        {
            e[key] = v;
        }
    }
}
