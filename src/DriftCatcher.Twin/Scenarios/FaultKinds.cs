namespace DriftCatcher.Twin.Scenarios;

/// <summary>Fault kind names in scenario files.</summary>
public static class FaultKinds
{
    public const string UnitChange = "unit_change";
    public const string MissingColumn = "missing_column";
    public const string StuckValue = "stuck_value";
    public const string LabelDelay = "label_delay";
    public const string LatencySpike = "latency_spike";
    public const string LatencyCreep = "latency_creep";
    public const string FailureBurst = "failure_burst";
    public const string ArrivalGap = "arrival_gap";
    public const string LabelRespelled = "label_respelled";

    /// <summary>A regression label feed that changes units (every label times a factor); the truth keeps the values.</summary>
    public const string LabelUnitChange = "label_unit_change";

    /// <summary>A class label feed stuck on one class (every label written as it); the truth keeps the classes.</summary>
    public const string LabelStuck = "label_stuck";

    /// <summary>A class label feed that exchanges class names (each of the classes written as the next); the truth keeps the classes.</summary>
    public const string LabelSwapped = "label_swapped";

    public static readonly IReadOnlyList<string> All =
        [UnitChange, MissingColumn, StuckValue, LabelDelay, LatencySpike, LatencyCreep, FailureBurst, ArrivalGap, LabelRespelled, LabelUnitChange, LabelStuck, LabelSwapped];

    /// <summary>Kinds that act on a feature column.</summary>
    public static bool TargetsColumn(string kind) => kind is UnitChange or MissingColumn or StuckValue;
}
