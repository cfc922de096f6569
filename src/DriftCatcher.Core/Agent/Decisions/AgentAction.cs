namespace DriftCatcher.Core.Agent.Decisions;

/// <summary>What the agent decided to do at a tick, or what an action request asks the host to do.</summary>
public enum AgentAction
{
    /// <summary>Keep monitoring.</summary>
    None,

    /// <summary>Tell a person; nothing changes in serving.</summary>
    Alert,

    /// <summary>Train a candidate on clean labeled data (it does not serve until promoted).</summary>
    Retrain,

    /// <summary>Serve the last known good version again.</summary>
    Rollback,

    /// <summary>Make a candidate the champion.</summary>
    Promote,

    /// <summary>Switch traffic to the fallback model.</summary>
    Fallback,

    /// <summary>Fail closed: abstain from predicting.</summary>
    Disable,

    /// <summary>Undo a fallback or disable once the fault has cleared.</summary>
    Restore,

    /// <summary>Serve a candidate to part of the traffic.</summary>
    Canary,

    /// <summary>Run a candidate beside the champion without serving its answers.</summary>
    Shadow,

    /// <summary>Hand the incident to a person and stop acting on it.</summary>
    Escalate,

    /// <summary>A retrained candidate failed the validation gate and was discarded.</summary>
    RetrainRejected,

    /// <summary>The chosen action is above the approval risk level and waits for a person.</summary>
    PendingApproval,
}
