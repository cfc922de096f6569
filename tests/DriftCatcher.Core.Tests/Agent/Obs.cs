using DriftCatcher.Core.Agent.Monitoring;
using DriftCatcher.Core.Findings;

namespace DriftCatcher.Core.Tests.Agent;

/// <summary>Synthetic observations: what the monitoring engine would report.</summary>
internal static class Obs
{
    public static BatchObservation Clean { get; } = new([]) { ShareDrifted = 0, MaxPsi = 0.01, MeanConfidence = 0.8, EstimatedAccuracy = 0.9 };

    public static BatchObservation Drifted(double share = 0.5) =>
        new([new Finding(FindingKind.FeatureDrift, Severity.Warning, "psi_drift", "x", "x drifted") { Evidence = new Dictionary<string, double> { ["psi"] = 0.4, ["threshold"] = 0.25 } }])
        { ShareDrifted = share, MaxPsi = 0.4, MeanConfidence = 0.8, EstimatedAccuracy = 0.88 };

    public static BatchObservation Fault(string feature = "amount") => Faults(feature);

    /// <summary>A unit change on <paramref name="feature"/> (every quartile ×0.01), with these other features drifting in the same batch.</summary>
    public static BatchObservation Scaled(string feature, params string[] drifting) =>
        new([
            new Finding(FindingKind.DataQuality, Severity.Critical, "scale_change", feature, $"'{feature}': every quartile is 0.01× the reference's") { Evidence = new Dictionary<string, double> { ["factor"] = 0.01 } },
            new Finding(FindingKind.FeatureDrift, Severity.Critical, "feature_drift", feature, $"{feature} drifted"),
            .. drifting.Select(f => new Finding(FindingKind.FeatureDrift, Severity.Warning, "feature_drift", f, $"{f} drifted")),
        ])
        { ShareDrifted = 0.5, MaxPsi = 2, MeanConfidence = 0.8, EstimatedAccuracy = 0.85 };

    /// <summary>
    /// A unit change on <paramref name="feature"/> named by its conversion (miles to kilometres, the shape check of
    /// <c>scale_change</c>), 35 % of the column out of range, the column drifted.
    /// </summary>
    public static BatchObservation Converted(string feature) =>
        new([
            new Finding(FindingKind.DataQuality, Severity.Critical, "scale_change", feature, $"'{feature}': once mi → km is undone it matches the reference")
            {
                Evidence = new Dictionary<string, double> { ["factor"] = 1.609344, [global::DriftCatcher.Core.Quality.UnitConversions.EvidenceKey] = 0.04, ["threshold"] = 0.1 },
            },
            new Finding(FindingKind.DataQuality, Severity.Critical, "out_of_range", feature, $"{feature}: 35% out of range") { Evidence = new Dictionary<string, double> { ["rate"] = 0.35 } },
            new Finding(FindingKind.FeatureDrift, Severity.Critical, "feature_drift", feature, $"{feature} drifted"),
        ])
        { ShareDrifted = 0.2, MaxPsi = 2, MeanConfidence = 0.8, EstimatedAccuracy = 0.85 };

    /// <summary>Only <paramref name="feature"/> drifted (a warning).</summary>
    public static BatchObservation DriftedOn(string feature) =>
        new([new Finding(FindingKind.FeatureDrift, Severity.Warning, "feature_drift", feature, $"{feature} drifted")])
        { ShareDrifted = 0.2, MaxPsi = 0.4, MeanConfidence = 0.8, EstimatedAccuracy = 0.88 };

    /// <summary>40 % of <paramref name="feature"/> out of the reference range (critical, but in less than half the rows: a new region by itself).</summary>
    public static BatchObservation PartlyOutOfRange(string feature) =>
        new([new Finding(FindingKind.DataQuality, Severity.Critical, "out_of_range", feature, $"{feature}: 40% out of range") { Evidence = new Dictionary<string, double> { ["rate"] = 0.4 } }])
        { ShareDrifted = 0.2, MaxPsi = 2, MeanConfidence = 0.8, EstimatedAccuracy = 0.85 };

    /// <summary>A critical data fault on each of these features at once.</summary>
    public static BatchObservation Faults(params string[] features) =>
        new([.. features.Select(feature => new Finding(FindingKind.DataQuality, Severity.Critical, "out_of_range", feature, $"{feature} out of range in 95% of rows") { Evidence = new Dictionary<string, double> { ["share"] = 0.95 } })])
        { ShareDrifted = 0.2, MaxPsi = 5, MeanConfidence = 0.6, EstimatedAccuracy = 0.6 };
}
