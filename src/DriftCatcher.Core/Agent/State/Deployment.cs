using DriftCatcher.Core.Agent.Decisions;

namespace DriftCatcher.Core.Agent.State;

/// <summary>One change of the serving version: when, how, and the metric it was deployed on.</summary>
public sealed class Deployment
{
    public string Version { get; set; } = "";

    public DateTimeOffset Time { get; set; }

    /// <summary>The batch after which it started serving (-1 for the initial champion).</summary>
    public long Batch { get; set; }

    public AgentAction Action { get; set; }

    /// <summary>The accuracy it was deployed on (gate score or validation accuracy).</summary>
    public double Metric { get; set; } = double.NaN;

    public string Reason { get; set; } = "";

    /// <summary>A consolidation's or a challenger's promotion: no incident's recovery, never verified as one.</summary>
    public bool FollowUp { get; set; }
}
