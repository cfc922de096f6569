namespace DriftCatcher.Core.Agent.State;

/// <summary>
/// Regression labels received since the last tick that failed the label check, for one finding code (see
/// <see cref="Quality.TargetQuality"/>): a unit change, a stuck feed, implausible values.
/// </summary>
public sealed class LabelFaultCount
{
    public string Code { get; set; } = "";

    /// <summary>The first such finding's message since the last tick.</summary>
    public string Message { get; set; } = "";

    /// <summary>Labels left unused.</summary>
    public int Count { get; set; }

    public long FirstBatch { get; set; } = -1;

    public long LastBatch { get; set; } = -1;
}
