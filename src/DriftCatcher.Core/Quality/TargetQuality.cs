using System.Globalization;
using DriftCatcher.Core.Data;
using DriftCatcher.Core.Findings;

namespace DriftCatcher.Core.Quality;

/// <summary>
/// Regression labels are data too: a feed that starts writing grams where it wrote kilograms, sticks at one value,
/// or sends a number no process of this kind produces would otherwise be read as the model failing, and trained on.
/// A batch of labels is compared with training labels by the data-quality rules that judge features
/// (<see cref="DataQualityChecker"/>), keeping only what a changing world does not produce:
/// <list type="bullet">
/// <item><c>scale_change</c>: every quartile moved by one factor of at least 8 or at most 1/8, or a sign flip. For labels
/// the factor need not be near a power of ten (on a batch of 50 the quartiles of labels written ×100 came out ×76 to
/// ×103), and named conversions by less than 8 (miles to kilometres) are left out: a world whose labels grew 1.8-fold
/// matched one. From <see cref="MinSmallBatch"/> to 19 labels, too few for quartiles, every label beyond the training
/// labels' quartiles with their median at least 8 times (or at most 1/8 of) theirs, or every label of the other sign.</item>
/// <item><c>constant_column</c>: a single value where the training labels varied, unless one value made more than
/// <see cref="MaxStuckModeShare"/> of them (a zero-inflated target whose batch is all zeros is the world).</item>
/// <item><c>label_implausible</c>: values beyond <see cref="ImplausibleWidths"/> times the training labels' range from it.</item>
/// </list>
/// Out of range by less, or rescaled by less, is left to the model's errors: concept drift moves labels.
/// </summary>
public static class TargetQuality
{
    /// <summary>The subject of label findings.</summary>
    public const string Subject = "label";

    /// <summary>The finding code of labels far beyond the training labels' range.</summary>
    public const string ImplausibleCode = "label_implausible";

    /// <summary>How many widths of the training labels' range a label may lie beyond it before it is implausible.</summary>
    public const double ImplausibleWidths = 100;

    /// <summary>The fewest labels a batch is checked for a rescale with.</summary>
    public const int MinSmallBatch = 5;

    /// <summary>A batch of a single value is no fault when one value made more than this share of the training labels (the baseline keeps a numeric column's mode only then).</summary>
    public const double MaxStuckModeShare = 0.5;

    /// <summary>How far (as a factor) the median of a few sign-flipped labels may be from the training labels' in size.</summary>
    private const double SmallFlipTolerance = 1.25;

    /// <summary>…or at least this share of the training labels' percentiles p1–p99.</summary>
    public const double CommonValueShare = 0.1;

    /// <summary>Any consistent rescale of every quartile by ≥ 8 (or ≤ 1/8) counts, not only one near a power of ten.</summary>
    private static readonly QualityOptions LabelOptions = QualityOptions.Default with { ScaleUnitTolerance = 10 };

    /// <summary>How many times the spread of label + answer must be that of label − answer (as variances) for a sign flip to be labels that follow the model's answers, moved across zero.</summary>
    public const double FollowRatio = 4;

    /// <summary>
    /// <paramref name="findings"/> of one batch's labels less a sign flip (<c>scale_change</c> with a negative factor)
    /// that the model's answers for the same rows rule out. Flipped labels move against the answers row by row (label +
    /// answer is the model's error, label − answer twice the target); labels the world shifted across zero move with
    /// them (label − answer is the error, less the shift). So where the variance of label + answer is at least
    /// <see cref="FollowRatio"/> times that of label − answer, the labels follow the answers: a shift, which the model's
    /// errors answer as drift, not a fault of the feed. Answers that barely vary (a model near its mean) leave the two
    /// alike and the flip stands. Pairs with a non-finite label or answer are left out; under <see cref="MinSmallBatch"/>
    /// pairs nothing is dropped. A flip with a unit change (×−1000) moves label ± answer alike and stands.
    /// </summary>
    public static IReadOnlyList<Finding> UnlessTheyFollowTheAnswers(IReadOnlyList<Finding> findings, IReadOnlyList<double> targets, IReadOnlyList<double> answers)
    {
        ArgumentNullException.ThrowIfNull(findings);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(answers);
        if (targets.Count != answers.Count)
        {
            throw new ArgumentException($"{targets.Count} labels for {answers.Count} answers", nameof(answers));
        }

        static bool Flip(Finding f) => f.Code == QualityCodes.ScaleChange && f.Evidence.TryGetValue("factor", out var factor) && factor < 0;
        if (!findings.Any(Flip))
        {
            return findings;
        }

        var pairs = targets.Zip(answers).Where(p => double.IsFinite(p.First) && double.IsFinite(p.Second)).ToArray();
        if (pairs.Length < MinSmallBatch)
        {
            return findings;
        }

        var sum = MathNet.Numerics.Statistics.ArrayStatistics.Variance([.. pairs.Select(p => p.First + p.Second)]);
        var difference = MathNet.Numerics.Statistics.ArrayStatistics.Variance([.. pairs.Select(p => p.First - p.Second)]);
        return sum > 0 && sum >= FollowRatio * difference ? [.. findings.Where(f => !Flip(f))] : findings;
    }

    /// <summary>The baseline of training labels (finite values only; null when none is finite).</summary>
    public static QualityBaseline? Baseline(IEnumerable<double> trainingTargets)
    {
        ArgumentNullException.ThrowIfNull(trainingTargets);
        var finite = trainingTargets.Where(double.IsFinite).ToArray();
        return finite.Length == 0 ? null : QualityBaseline.Build(new DataFrame([Column.Numeric(Subject, finite)]));
    }

    /// <summary>
    /// The faults of one batch's labels against each of <paramref name="baselines"/> (the served version's training
    /// labels, then the first version's): a fault only when every baseline finds one, reported as the first finds it;
    /// empty otherwise. A model trained on labels that slipped through in other units has a baseline in those units,
    /// and the feed's sound labels must not then read as the fault (they would never be judged again); labels that grew
    /// by a factor since the first version, and that the served version learned, are no fault either.
    /// </summary>
    public static IReadOnlyList<Finding> Check(IReadOnlyList<QualityBaseline> baselines, IReadOnlyList<double> targets)
    {
        ArgumentNullException.ThrowIfNull(baselines);
        IReadOnlyList<Finding> first = [];
        for (var i = 0; i < baselines.Count; i++)
        {
            var findings = Check(baselines[i], targets);
            if (findings.Count == 0)
            {
                return [];
            }

            first = i == 0 ? findings : first;
        }

        return first;
    }

    /// <summary>The faults of one batch's labels (non-finite labels are left out: they are never used); empty when none.</summary>
    public static IReadOnlyList<Finding> Check(QualityBaseline baseline, IReadOnlyList<double> targets)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(targets);
        var finite = targets.Where(double.IsFinite).ToArray();
        if (finite.Length == 0 || baseline.Columns is not [{ Name: Subject } column])
        {
            return [];
        }

        // Without percentiles the checker tries no named conversion (see the summary).
        var reference = column with { Percentiles = null };
        var findings = DataQualityChecker.Check(baseline with { Columns = [reference] }, new DataFrame([Column.Numeric(Subject, finite)]), LabelOptions).Findings
            .Where(f => f.Severity >= Severity.Warning
                && (f.Code == QualityCodes.ScaleChange || (f.Code == QualityCodes.ConstantColumn && !CommonValue(column, finite[0]))))
            .ToList();
        if (finite.Length is >= MinSmallBatch and < Quartiles.MinValues && SmallBatchRescale(reference, finite) is { } small)
        {
            findings.Add(small);
        }

        if (findings.Count == 0 && SpreadRescale(column, finite) is { } spread)
        {
            findings.Add(spread);
        }

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

    /// <summary>
    /// A value that made a notable share of the training labels (a majority, or at least
    /// <see cref="CommonValueShare"/> of their percentiles): a batch of it alone is the world, not a stuck feed (a
    /// zero-inflated target, 40 % zeros, whose batch is all zeros).
    /// </summary>
    private static bool CommonValue(ColumnBaseline reference, double value) =>
        reference.ModeFrequency > MaxStuckModeShare
        || (reference.Percentiles is { Count: > 0 } p && (double)p.Count(v => v == value) / p.Count >= CommonValueShare);

    /// <summary>
    /// A rescale of labels whose training quartiles cross zero (or touch it), where the quartile ratios say nothing: the
    /// spread, both the interquartile range and p10–p90, moved by one factor ≥ 8 or ≤ 1/8 (a probe: labels centred on
    /// zero written ×10 were trained on, MAE 13.6 against 1.0 for doing nothing). From 20 labels on.
    /// </summary>
    private static Finding? SpreadRescale(ColumnBaseline reference, double[] values)
    {
        if (values.Length < Quartiles.MinValues || reference is not { P25: { } r25, P75: { } r75, Percentiles: { Count: 99 } percentiles }
            || (r25 > 0 || r75 < 0) || !(r75 > r25))
        {
            return null; // one sign: the quartile rule judges it
        }

        var (r10, r90) = (percentiles[9], percentiles[89]);
        var sorted = values.Order().ToArray();
        var iqr = (Statistics.DriftStatistics.Quantile(sorted, 0.75) - Statistics.DriftStatistics.Quantile(sorted, 0.25)) / (r75 - r25);
        var wide = (Statistics.DriftStatistics.Quantile(sorted, 0.9) - Statistics.DriftStatistics.Quantile(sorted, 0.1)) / (r90 - r10);
        var min = QualityOptions.DefaultScaleMinFactor;
        if (!(r90 > r10) || !(iqr > 0) || !(wide > 0) || Math.Max(iqr, wide) / Math.Min(iqr, wide) > 1 + QualityOptions.DefaultScaleTolerance
            || (Math.Min(iqr, wide) < min && Math.Max(iqr, wide) > 1 / min))
        {
            return null;
        }

        var factor = Math.Sqrt(iqr * wide);
        return new Finding(
            FindingKind.DataQuality, Severity.Critical, QualityCodes.ScaleChange, Subject,
            $"'{Subject}': the labels' spread is {Num(factor)}× the training labels' (interquartile range ×{Num(iqr)}, p10–p90 ×{Num(wide)}), "
            + "whose quartiles cross zero: the labels look rescaled")
        {
            Evidence = new Dictionary<string, double>
            {
                ["factor"] = factor,
                ["iqr_ratio"] = iqr,
                ["p10_p90_ratio"] = wide,
                ["threshold"] = min,
                ["rows"] = values.Length,
            },
        };
    }

    /// <summary>
    /// A rescale seen on too few labels for quartiles: the training labels' quartiles of one sign, none zero, and either
    /// every label of the other sign, or every label of their sign beyond them (above p75's size for a factor ≥ 8, below
    /// p25's for one ≤ 1/8) with the median that factor times theirs.
    /// </summary>
    private static Finding? SmallBatchRescale(ColumnBaseline reference, double[] values)
    {
        if (reference is not { P25: { } r25, P50: { } r50, P75: { } r75 } || !(r75 > r25) || !(r25 > 0 || r75 < 0))
        {
            return null;
        }

        var sign = Math.Sign(r50);
        var (near, far) = sign > 0 ? (r25, r75) : (-r75, -r25); // the quartiles' sizes, smaller and larger
        var sorted = values.Order().ToArray();
        var median = Statistics.DriftStatistics.Quantile(sorted, 0.5);
        var factor = median / r50;
        // A flip keeps the median's size (within a quarter) or changes units with it: labels merely shifted across zero
        // mostly do not (a probe: ten-row batches of labels shifted by twice their median were flagged in 63 of 140).
        var size = Math.Abs(factor);
        var flipped = values.All(v => Math.Sign(v) == -sign)
            && ((size <= SmallFlipTolerance && size >= 1 / SmallFlipTolerance)
                || size >= QualityOptions.DefaultScaleMinFactor || size <= 1 / QualityOptions.DefaultScaleMinFactor);
        var up = !flipped && factor >= QualityOptions.DefaultScaleMinFactor && values.All(v => Math.Sign(v) == sign && Math.Abs(v) > far);
        var down = !flipped && factor > 0 && factor <= 1 / QualityOptions.DefaultScaleMinFactor && values.All(v => Math.Sign(v) != -sign && Math.Abs(v) < near);
        if (!flipped && !up && !down)
        {
            return null;
        }

        return new Finding(
            FindingKind.DataQuality, Severity.Critical, QualityCodes.ScaleChange, Subject,
            $"'{Subject}': {values.Length} labels, too few for quartiles, "
            + (flipped ? "every one of the other sign than the training labels' quartiles" : $"every one beyond the training labels' quartiles ({Num(r25)}, {Num(r75)})")
            + $", their median {Num(factor)}× theirs ({Num(median)} against {Num(r50)}): the labels look {(flipped ? "sign-flipped" : "rescaled")}")
        {
            Evidence = new Dictionary<string, double>
            {
                ["factor"] = factor,
                ["rows"] = values.Length,
                ["threshold"] = QualityOptions.DefaultScaleMinFactor,
                ["reference_p25"] = r25,
                ["reference_p50"] = r50,
                ["reference_p75"] = r75,
                ["current_p50"] = median,
            },
        };
    }

    private static string Num(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
