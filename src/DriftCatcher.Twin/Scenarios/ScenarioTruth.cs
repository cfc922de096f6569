namespace DriftCatcher.Twin.Scenarios;

/// <summary>
/// The resolved scenario (defaults filled in) with its ground truth: written as scenario.json next
/// to train.csv and stream.csv. Column names are trimmed, as the CSV reader reports them.
/// </summary>
public sealed record ScenarioTruth
{
    public required string Name { get; init; }

    public required string LabelColumn { get; init; }

    public required string BatchColumn { get; init; }

    public required IReadOnlyList<string> FeatureColumns { get; init; }

    public required IReadOnlyList<string> CategoricalColumns { get; init; }

    /// <summary>Serving-signal columns of stream.csv; never model features.</summary>
    public required IReadOnlyList<string> SignalColumns { get; init; }

    public required int TrainRows { get; init; }

    public required int StreamRows { get; init; }

    /// <summary>First batch whose labeling differs from training, if any.</summary>
    public int? FirstRealDriftBatch { get; init; }

    /// <summary>First batch with an active fault, if any.</summary>
    public int? FirstFaultBatch { get; init; }

    public required TwinScenario Scenario { get; init; }

    public required IReadOnlyList<BatchTruth> Truth { get; init; }

    /// <summary>
    /// Stream rows (0-based, as in stream.csv) whose written label a <c>label_stuck</c> fault overwrote, with the class
    /// they are: what a run scores them on. Empty without such a fault; not written to scenario.json (a replay of the
    /// written files scores the labels as written, and says so when the agent left them out).
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyDictionary<int, string> TrueLabels { get; init; } = new Dictionary<int, string>();

    /// <summary>The batches a <c>label_delay</c> fault hits, with the fault's delay (a replay's other batches take its label delay).</summary>
    public IReadOnlyDictionary<long, int> FaultLabelDelays() =>
        Truth.Where(b => b.Arrived && b.Faults.Contains(FaultKinds.LabelDelay)).ToDictionary(b => (long)b.Batch, b => b.LabelDelay);

    /// <summary>The batches a <c>label_unit_change</c> fault hits, with the factor their written labels were multiplied by.</summary>
    public IReadOnlyDictionary<long, double> FaultLabelFactors()
    {
        var factors = new Dictionary<long, double>();
        foreach (var f in Scenario.Faults.Where(f => f.Kind == FaultKinds.LabelUnitChange && f.Factor is not null))
        {
            for (long b = f.Start; b <= (f.End ?? (Scenario.Batches - 1)); b++)
            {
                factors[b] = f.Factor!.Value; // the validator refuses overlapping faults of one kind
            }
        }

        return factors;
    }
}
