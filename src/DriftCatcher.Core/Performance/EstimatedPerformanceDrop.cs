using System.Globalization;
using DriftCatcher.Core.Findings;

namespace DriftCatcher.Core.Performance;

/// <summary>
/// Turns a label-free estimate into an EstimatedPerformanceDrop finding (code "estimated_accuracy_drop")
/// when it falls below the baseline by more than max(<see cref="DefaultMargin"/>, z × standard error):
/// Warning, or Critical from <see cref="DefaultCriticalMargin"/>.
/// </summary>
public static class EstimatedPerformanceDrop
{
    public const string Code = "estimated_accuracy_drop";

    /// <summary>Smallest drop worth reporting: the estimator's accuracy (±0.02 without concept drift) plus slack.</summary>
    public const double DefaultMargin = 0.03;

    public const double DefaultCriticalMargin = 0.10;

    /// <summary>Multiple of the estimate's standard error the drop must also exceed (small windows are noisy).</summary>
    public const double DefaultZ = 3.0;

    /// <summary>The finding, or null when the estimate is within the margin of <paramref name="baselineAccuracy"/> or the window is empty.</summary>
    public static Finding? Check(
        PerformanceEstimate estimate,
        double baselineAccuracy,
        double margin = DefaultMargin,
        double criticalMargin = DefaultCriticalMargin,
        double z = DefaultZ)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        ArgumentOutOfRangeException.ThrowIfNegative(margin);
        ArgumentOutOfRangeException.ThrowIfLessThan(criticalMargin, margin);
        if (estimate.Rows == 0)
        {
            return null;
        }

        var drop = baselineAccuracy - estimate.Accuracy;
        var threshold = Math.Max(margin, z * estimate.StandardError);
        if (drop <= threshold)
        {
            return null;
        }

        var severity = drop >= Math.Max(criticalMargin, threshold) ? Severity.Critical : Severity.Warning;
        return new Finding(
            FindingKind.EstimatedPerformanceDrop, severity, Code, "model",
            $"estimated accuracy {F(estimate.Accuracy)} is {F(drop)} below the baseline {F(baselineAccuracy)} (labels not needed)")
        {
            Evidence = new Dictionary<string, double>
            {
                ["estimated_accuracy"] = estimate.Accuracy,
                ["baseline_accuracy"] = baselineAccuracy,
                ["drop"] = drop,
                ["standard_error"] = estimate.StandardError,
                ["threshold"] = threshold,
                ["critical_threshold"] = criticalMargin,
                ["rows"] = estimate.Rows,
            },
        };
    }

    private static string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
