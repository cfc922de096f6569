namespace DriftCatcher.Core.Agent.Messages;

/// <summary>
/// Ground truth for earlier predictions, possibly late and out of order: each label is the class index
/// of the prediction with the same id. Labels whose prediction the agent no longer remembers are counted
/// as unmatched, never guessed. A regression model's labels are numbers: <see cref="Values"/> (build with
/// <see cref="Numeric"/>; <see cref="LabelBatch.Labels"/> is then empty).
/// </summary>
public sealed record LabelBatch(DateTimeOffset Time, IReadOnlyList<string> PredictionIds, IReadOnlyList<int> Labels) : AgentMessage(Time)
{
    /// <summary>
    /// Labels the host received spelt differently from a known class (class labels only). Their predictions are in
    /// none of <see cref="PredictionIds"/>: they are settled unjudged, and the batches they belong to are left out of
    /// realized performance and training (the rest of such a batch's labels are a sample with a class missing).
    /// </summary>
    public IReadOnlyList<RespelledLabels> Respelled { get; init; } = [];

    /// <summary>Regression targets, one per prediction id (null for class labels).</summary>
    public IReadOnlyList<double>? Values { get; init; }

    /// <summary>Numeric labels for a regression model.</summary>
    public static LabelBatch Numeric(DateTimeOffset time, IReadOnlyList<string> predictionIds, IReadOnlyList<double> values) =>
        new(time, predictionIds, []) { Values = values };
}
