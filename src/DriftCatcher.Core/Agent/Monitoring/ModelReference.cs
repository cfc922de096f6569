using DriftCatcher.Core.Data;
using DriftCatcher.Core.Performance;
using DriftCatcher.Core.Quality;
using DriftCatcher.Core.Statistics;

namespace DriftCatcher.Core.Agent.Monitoring;

/// <summary>
/// What a served model is compared with: the data-quality baseline and the drift reference of the data it
/// was trained on, and a calibrator mapping its confidence to the probability of being right (fitted on
/// held-out rows) for label-free accuracy estimates. Built once per version by the host.
/// </summary>
public sealed record ModelReference(QualityBaseline Quality, IsotonicCalibrator? Calibrator)
{
    /// <summary>The name of the model-output column compared for prediction drift: the top-class confidence.</summary>
    public const string ConfidenceColumn = "confidence";

    /// <summary>The name of a regression model's output column compared for prediction drift: the predicted number.</summary>
    public const string PredictionColumn = "prediction";

    /// <summary>
    /// A regression model: outputs are one number per row, prediction drift compares those numbers, and there
    /// is no confidence and no label-free performance estimate (not available rather than invented).
    /// </summary>
    public bool IsRegression { get; init; }

    /// <summary>The training inputs' profile that data drift is measured against.</summary>
    public ReferenceProfile? Drift { get; init; }

    /// <summary>The held-out top-class confidences' profile that prediction drift is measured against.</summary>
    public ReferenceProfile? Predictions { get; init; }

    /// <summary>
    /// A regression model's baselines of training labels, which arriving labels are checked against (see
    /// <see cref="TargetQuality.Check(IReadOnlyList{QualityBaseline}, IReadOnlyList{double})"/>): its own, then the first
    /// version's; a batch is a label fault only when it fails against each. Empty: unchecked.
    /// </summary>
    public IReadOnlyList<QualityBaseline> Targets { get; init; } = [];

    /// <summary>
    /// A classifier's held-out calls per class, which arriving class labels are checked against (see
    /// <see cref="ClassLabelQuality"/>: a feed stuck on one class, or one that swapped classes), by the class index the agent's labels and
    /// predictions use. <see cref="Build"/> fills it by the model's own index; a host whose agent sees another (the
    /// twin's, by the stream's classes, when a model lacks one of them) sets it by that. Null: unchecked.
    /// </summary>
    public ClassLabelBaseline? Labels { get; init; }

    /// <summary>Mean top-class confidence on the held-out rows.</summary>
    public double ReferenceConfidence { get; init; } = double.NaN;

    /// <summary>
    /// Builds the reference from <paramref name="features"/> (training inputs, no label) and the model's
    /// outputs on held-out rows with their true class indices.
    /// </summary>
    public static ModelReference Build(DataFrame features, ReadOnlySpan<double> heldOutOutputs, ReadOnlySpan<int> heldOutLabels, int width)
    {
        ArgumentNullException.ThrowIfNull(features);
        var quality = QualityBaseline.Build(features);
        var drift = ReferenceProfile.Build(features);
        var n = heldOutLabels.Length;
        if (n == 0 || heldOutOutputs.Length != n * width)
        {
            return new ModelReference(quality, null) { Drift = drift };
        }

        var confidence = new double[n];
        var correct = new double[n];
        var called = new int[n];
        for (var i = 0; i < n; i++)
        {
            var row = heldOutOutputs.Slice(i * width, width);
            var (cls, conf) = Top(row);
            confidence[i] = conf;
            correct[i] = cls == heldOutLabels[i] ? 1 : 0;
            called[i] = cls;
        }

        return new ModelReference(quality, IsotonicCalibrator.Fit(confidence, correct))
        {
            Labels = ClassLabelBaseline.Build(heldOutLabels, called, Math.Max(2, width)),
            ReferenceConfidence = confidence.Average(),
            Drift = drift,
            Predictions = ReferenceProfile.Build(new DataFrame([Column.Numeric(ConfidenceColumn, confidence)])),
        };
    }

    /// <summary>
    /// A regression model's reference: <paramref name="features"/> (training inputs, no label) and its
    /// predictions on held-out rows, whose distribution prediction drift is measured against, and the
    /// labels it was trained on, which arriving labels are checked against (none: unchecked) together with
    /// <paramref name="firstTargets"/>, the first version's (none: this is the first).
    /// </summary>
    public static ModelReference BuildRegression(DataFrame features, ReadOnlySpan<double> heldOutPredictions, IEnumerable<double>? trainingTargets = null, QualityBaseline? firstTargets = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        var finite = new List<double>(heldOutPredictions.Length);
        foreach (var v in heldOutPredictions)
        {
            if (double.IsFinite(v))
            {
                finite.Add(v);
            }
        }

        return new ModelReference(QualityBaseline.Build(features), null)
        {
            IsRegression = true,
            Targets = [.. new[] { trainingTargets is null ? null : TargetQuality.Baseline(trainingTargets), firstTargets }.OfType<QualityBaseline>()],
            Drift = ReferenceProfile.Build(features),
            Predictions = finite.Count == 0 ? null : ReferenceProfile.Build(new DataFrame([Column.Numeric(PredictionColumn, [.. finite])])),
        };
    }

    internal static (int Class, double Confidence) Top(ReadOnlySpan<double> row)
    {
        if (row.Length == 1)
        {
            return row[0] >= 0.5 ? (1, row[0]) : (0, 1 - row[0]);
        }

        var best = 0;
        for (var k = 1; k < row.Length; k++)
        {
            if (row[k] > row[best])
            {
                best = k;
            }
        }

        return (best, row[best]);
    }
}
