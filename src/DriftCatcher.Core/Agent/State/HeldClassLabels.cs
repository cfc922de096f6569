namespace DriftCatcher.Core.Agent.State;

/// <summary>
/// Labels of small batches, all one class, held until enough of them can be judged together for a feed stuck on that
/// class (see ModelAgent.PoolOneClassBatches): at most 99 labels plus one batch's.
/// </summary>
public sealed class HeldClassLabels
{
    /// <summary>The version that served every batch of the run.</summary>
    public string Version { get; set; } = "";

    /// <summary>The one class every held label names.</summary>
    public int Class { get; set; }

    /// <summary>Some batch of the run had inputs that moved (only the majority class is judged then).</summary>
    public bool Moved { get; set; }

    /// <summary>The run's batches, oldest first.</summary>
    public List<long> Batches { get; set; } = [];

    /// <summary>The held labels' prediction ids.</summary>
    public List<string> Ids { get; set; } = [];

    /// <summary>The served version's answer for each held row (−1: abstained).</summary>
    public List<int> Predicted { get; set; } = [];
}
