namespace DriftCatcher.Core.Agent.Policy;

/// <summary>How a policy chooses actions. All kinds run the same agent, so comparisons are fair.</summary>
public enum PolicyKind
{
    /// <summary>Assess and decide with the policy's rules.</summary>
    Rules,

    /// <summary>Observe and assess, never act (the do-nothing baseline).</summary>
    None,

    /// <summary>Retrain on recent labeled data every <see cref="AgentPolicy.PeriodicEvery"/> batches and promote (a baseline).</summary>
    Periodic,
}
