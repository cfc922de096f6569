using DriftCatcher.Core.Data;

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
    /// The features whose drift holds over several batches pooled: <paramref name="pooledHistograms"/> holds, per
    /// feature, the sum of those batches' <see cref="BatchObservation.FeatureHistograms"/>.
    /// </summary>
    IReadOnlySet<string> DriftedWhenPooled(IReadOnlyDictionary<string, long[]> pooledHistograms);
}
