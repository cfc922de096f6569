using DriftCatcher.Core.Data;
using DriftCatcher.Core.Findings;
using DriftCatcher.Core.Quality;
using DriftCatcher.Core.Statistics;

namespace DriftCatcher.Core.Agent.Monitoring;

/// <summary>
/// The monitoring engine behind <see cref="IBatchMonitor"/>: data quality against the training baseline
/// (Quality), data drift per feature against the reference profile and prediction drift of the top-class
/// confidence (Statistics; for a regression model, of the predicted numbers), confidence and calibrated
/// label-free accuracy (Performance; none for a regression model). Bin counts per
/// feature against the reference bins go to the agent's window.
/// </summary>
public sealed class EngineBatchMonitor(ModelReference reference) : IBatchMonitor
{
    public ModelReference Reference { get; } = reference ?? throw new ArgumentNullException(nameof(reference));

    public BatchObservation Observe(DataFrame features, ReadOnlySpan<double> outputs, int outputWidth)
    {
        ArgumentNullException.ThrowIfNull(features);
        var quality = DataQualityChecker.Check(Reference.Quality, features);
        var findings = new List<Finding>(quality.Findings);

        var confidences = new List<double>(features.RowCount);
        var predicted = new List<double>(Reference.IsRegression ? features.RowCount : 0);
        double estimatedSum = 0;
        for (var i = 0; i < features.RowCount && Reference.IsRegression && outputWidth > 0 && outputs.Length >= (i + 1) * outputWidth; i++)
        {
            if (double.IsFinite(outputs[i * outputWidth]))
            {
                predicted.Add(outputs[i * outputWidth]);
            }
        }

        for (var i = 0; i < features.RowCount && !Reference.IsRegression && outputWidth > 0 && outputs.Length >= (i + 1) * outputWidth; i++)
        {
            var row = outputs.Slice(i * outputWidth, outputWidth);
            if (double.IsNaN(row[0]))
            {
                continue;
            }

            var (_, conf) = ModelReference.Top(row);
            confidences.Add(conf);
            estimatedSum += Reference.Calibrator?.Predict(conf) ?? conf;
        }

        var shareDrifted = double.NaN;
        var compared = 0;
        var maxPsi = double.NaN;
        var histograms = new Dictionary<string, int[]>(StringComparer.Ordinal);
        if (Reference.Drift is { } profile && profile.Features.All(f => features.TryGetColumn(f.Name, out var c) && (f.Kind != ColumnKind.Numeric || c.Kind == ColumnKind.Numeric)))
        {
            var drift = DriftAnalyzer.Compare(profile, features);
            findings.AddRange(drift.ToFindings());
            shareDrifted = drift.ShareDrifted;
            compared = drift.Features.Count;
            maxPsi = drift.Features.Count == 0 ? double.NaN : drift.Features.Max(f => f.Psi);
            foreach (var f in profile.Features)
            {
                if (f.Numeric is { } numeric)
                {
                    var bins = new long[numeric.BinCounts.Length];
                    BinCounter.Count(features[f.Name].Numbers, numeric.InnerEdges, bins);
                    histograms[f.Name] = [.. bins.Select(b => (int)b)];
                }
            }
        }

        if (Reference.Predictions is { } numericOutputs && predicted.Count > 0)
        {
            var frame = new DataFrame([Column.Numeric(ModelReference.PredictionColumn, [.. predicted])]);
            findings.AddRange(DriftAnalyzer.Compare(numericOutputs, frame).ToFindings(FindingKind.PredictionDrift));
        }
        else if (Reference.Predictions is { } predictions && confidences.Count > 0)
        {
            var frame = new DataFrame([Column.Numeric(ModelReference.ConfidenceColumn, [.. confidences])]);
            findings.AddRange(DriftAnalyzer.Compare(predictions, frame).ToFindings(FindingKind.PredictionDrift));
        }

        return new BatchObservation(findings)
        {
            MeanConfidence = confidences.Count == 0 ? double.NaN : confidences.Average(),
            EstimatedAccuracy = confidences.Count == 0 ? double.NaN : estimatedSum / confidences.Count,
            ShareDrifted = shareDrifted,
            MaxPsi = maxPsi,
            FeatureHistograms = histograms,
            FeaturesCompared = compared,
        };
    }

    public IReadOnlyList<PooledDrift> ComparePooled(IReadOnlyDictionary<string, long[]> histograms) =>
        Reference.Drift is { } profile ? DriftAnalyzer.ComparePooled(profile, histograms) : [];

    public IReadOnlyList<Finding> CheckTargets(IReadOnlyList<double> targets) =>
        Reference.Targets.Count > 0 ? TargetQuality.Check(Reference.Targets, targets) : [];

    public ClassLabelBaseline? ClassLabels => Reference.Labels;
}
