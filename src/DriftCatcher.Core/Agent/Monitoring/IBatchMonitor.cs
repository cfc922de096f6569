using DriftCatcher.Core.Data;
using DriftCatcher.Core.Statistics;

namespace DriftCatcher.Core.Agent.Monitoring;

/// <summary>
/// The monitoring engine as the agent sees it: compares one batch with the served model's reference
/// profile (data drift, data quality, prediction drift, confidence, label-free performance estimate).
/// Implementations wrap the statistics, quality and performance engines; they are pure and hold only the
/// reference, so the agent's state stays the single source of memory.
/// </summary>
public interface IBatchMonitor
{
    /// <summary>
    /// <paramref name="outputs"/> holds <c>rows × outputWidth</c> values, row-major; NaN rows were not answered.
    /// </summary>
    BatchObservation Observe(DataFrame features, ReadOnlySpan<double> outputs, int outputWidth);

    /// <summary>
    /// Numeric features judged from bin counts alone: <paramref name="histograms"/> holds, per feature, one batch's
    /// <see cref="BatchObservation.FeatureHistograms"/> or the sum of several (their rows pooled).
    /// </summary>
    IReadOnlyList<PooledDrift> ComparePooled(IReadOnlyDictionary<string, long[]> histograms);

    /// <summary>
    /// The faults of one batch's regression labels against the labels the served model was trained on (see
    /// <see cref="Quality.TargetQuality"/>): empty when they look sound, or when the monitor holds no such baseline.
    /// </summary>
    IReadOnlyList<Findings.Finding> CheckTargets(IReadOnlyList<double> targets) => [];

    /// <summary>
    /// How the served classifier called each class on its held-out rows, by the class index of the agent's messages
    /// (see <see cref="Quality.ClassLabelQuality"/>: arriving labels are checked against it for a feed stuck on one
    /// class or one that swapped classes); null when the monitor holds none (unchecked).
    /// </summary>
    Quality.ClassLabelBaseline? ClassLabels => null;
}
