using System.Globalization;
using DriftCatcher.Core.Data;
using DriftCatcher.Core.Findings;

namespace DriftCatcher.Core.Quality;

/// <summary>
/// Regression labels are data too: a feed that starts writing grams where it wrote kilograms, sticks at one value,
/// or sends a number no process of this kind produces would otherwise be read as the model failing, and trained on.
/// A batch of labels is compared with the labels the served model was trained on, by the data-quality rules that
/// judge features (<see cref="DataQualityChecker"/>), keeping only those a changing world cannot produce: every
/// quartile moved by one unit factor (<c>scale_change</c>), a single value where the training labels varied
/// (<c>constant_column</c>), and values beyond <see cref="ImplausibleWidths"/> times the training labels' range
/// from it (<c>label_implausible</c>). Out of range by less is left to the model's errors: concept drift moves labels.
/// </summary>
public static class TargetQuality
{
    /// <summary>The subject of label findings.</summary>
    public const string Subject = "label";

    /// <summary>The finding code of labels far beyond the training labels' range.</summary>
    public const string ImplausibleCode = "label_implausible";

    /// <summary>How many widths of the training labels' range a label may lie beyond it before it is implausible.</summary>
    public const double ImplausibleWidths = 100;

    /// <summary>The baseline of training labels (finite values only; null when none is finite).</summary>
    public static QualityBaseline? Baseline(IEnumerable<double> trainingTargets)
    {
        ArgumentNullException.ThrowIfNull(trainingTargets);
        var finite = trainingTargets.Where(double.IsFinite).ToArray();
        return finite.Length == 0 ? null : QualityBaseline.Build(new DataFrame([Column.Numeric(Subject, finite)]));
    }

    /// <summary>The faults of one batch's labels (non-finite labels are left out: they are never used); empty when none.</summary>
    public static IReadOnlyList<Finding> Check(QualityBaseline baseline, IReadOnlyList<double> targets)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(targets);
        var finite = targets.Where(double.IsFinite).ToArray();
        if (finite.Length == 0 || baseline.Columns is not [{ Name: Subject } reference])
        {
            return [];
        }

        var findings = DataQualityChecker.Check(baseline, new DataFrame([Column.Numeric(Subject, finite)])).Findings
            .Where(f => f.Severity >= Severity.Warning && f.Code is QualityCodes.ScaleChange or QualityCodes.ConstantColumn)
            .ToList();
        if (reference is { Min: { } min, Max: { } max })
        {
            var width = max > min ? max - min : Math.Max(Math.Abs(max), 1);
            var lower = min - (ImplausibleWidths * width);
            var upper = max + (ImplausibleWidths * width);
            var beyond = finite.Where(v => v < lower || v > upper).ToArray();
            if (beyond.Length > 0)
            {
                var example = beyond.MaxBy(Math.Abs);
                findings.Add(new Finding(
                    FindingKind.DataQuality, Severity.Critical, ImplausibleCode, Subject,
                    $"{beyond.Length} of {finite.Length} labels lie more than {Num(ImplausibleWidths)} times the training labels' range "
                    + $"[{Num(min)}, {Num(max)}] beyond it (the farthest {Num(example)})")
                {
                    Evidence = new Dictionary<string, double>
                    {
                        ["count"] = beyond.Length,
                        ["rows"] = finite.Length,
                        ["reference_min"] = min,
                        ["reference_max"] = max,
                        ["lower_bound"] = lower,
                        ["upper_bound"] = upper,
                        ["farthest"] = example,
                    },
                });
            }
        }

        return findings;
    }

    private static string Num(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
