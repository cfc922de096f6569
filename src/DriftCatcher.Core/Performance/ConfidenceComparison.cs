using System.Globalization;
using DriftCatcher.Core.Findings;

namespace DriftCatcher.Core.Performance;

/// <summary>
/// A window's confidence against the reference's: the fall of the mean max-probability and the rise of the
/// mean normalized entropy, each with its z statistic, and ConfidenceDrop findings (codes
/// "confidence_drop" and "entropy_rise") when <see cref="ConfidenceOptions"/> says so.
/// </summary>
public sealed record ConfidenceComparison
{
    public const string ConfidenceDropCode = "confidence_drop";
    public const string EntropyRiseCode = "entropy_rise";

    /// <summary>False when either window is below <see cref="ConfidenceOptions.MinRows"/>; nothing is then reported.</summary>
    public required bool Sufficient { get; init; }

    /// <summary>Reference mean max-probability minus the window's (positive = less confident).</summary>
    public double ConfidenceDrop { get; init; }

    public double ConfidenceZ { get; init; }

    /// <summary>Window mean normalized entropy minus the reference's (positive = less sure).</summary>
    public double EntropyRise { get; init; }

    public double EntropyZ { get; init; }

    public required IReadOnlyList<Finding> Findings { get; init; }

    public static ConfidenceComparison Compare(ConfidenceSummary reference, ConfidenceSummary current, ConfidenceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        options ??= ConfidenceOptions.Default;
        if (reference.Rows < options.MinRows || current.Rows < options.MinRows)
        {
            return new ConfidenceComparison { Sufficient = false, Findings = [] };
        }

        var drop = reference.MeanMaxProbability - current.MeanMaxProbability;
        var dropZ = Z(drop, reference.StdMaxProbability, reference.Rows, current.StdMaxProbability, current.Rows);
        var rise = current.MeanEntropy - reference.MeanEntropy;
        var riseZ = Z(rise, reference.StdEntropy, reference.Rows, current.StdEntropy, current.Rows);

        var findings = new List<Finding>();
        if (Judge(drop, dropZ, options.MinConfidenceDrop, options.CriticalConfidenceDrop, options.SignificanceZ) is { } s1)
        {
            findings.Add(Make(
                s1, ConfidenceDropCode,
                $"mean confidence fell from {F(reference.MeanMaxProbability)} to {F(current.MeanMaxProbability)} (z = {F(dropZ)})",
                drop, dropZ, options.MinConfidenceDrop, options.CriticalConfidenceDrop, reference.MeanMaxProbability, current.MeanMaxProbability, reference.Rows, current.Rows));
        }

        if (Judge(rise, riseZ, options.MinEntropyRise, options.CriticalEntropyRise, options.SignificanceZ) is { } s2)
        {
            findings.Add(Make(
                s2, EntropyRiseCode,
                $"mean normalized entropy rose from {F(reference.MeanEntropy)} to {F(current.MeanEntropy)} (z = {F(riseZ)})",
                rise, riseZ, options.MinEntropyRise, options.CriticalEntropyRise, reference.MeanEntropy, current.MeanEntropy, reference.Rows, current.Rows));
        }

        return new ConfidenceComparison
        {
            Sufficient = true,
            ConfidenceDrop = drop,
            ConfidenceZ = dropZ,
            EntropyRise = rise,
            EntropyZ = riseZ,
            Findings = findings,
        };
    }

    private static Severity? Judge(double change, double z, double warning, double critical, double significanceZ) =>
        change < warning || z < significanceZ ? null : change >= critical ? Severity.Critical : Severity.Warning;

    // Welch's z: the windows are independent; capped so the evidence stays finite when both are constant.
    private static double Z(double difference, double sd1, int n1, double sd2, int n2)
    {
        var se = Math.Sqrt((sd1 * sd1 / n1) + (sd2 * sd2 / n2));
        return se > 0 ? Math.Clamp(difference / se, -40, 40) : difference == 0 ? 0 : Math.CopySign(40, difference);
    }

    private static Finding Make(
        Severity severity, string code, string message, double change, double z, double threshold, double critical,
        double referenceMean, double currentMean, int referenceRows, int rows) =>
        new(FindingKind.ConfidenceDrop, severity, code, "model", message)
        {
            Evidence = new Dictionary<string, double>
            {
                ["change"] = change,
                ["z"] = z,
                ["threshold"] = threshold,
                ["critical_threshold"] = critical,
                ["reference_mean"] = referenceMean,
                ["current_mean"] = currentMean,
                ["reference_rows"] = referenceRows,
                ["rows"] = rows,
            },
        };

    private static string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
