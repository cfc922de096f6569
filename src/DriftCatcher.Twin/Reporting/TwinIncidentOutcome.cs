namespace DriftCatcher.Twin.Reporting;

/// <summary>How an incident ended, as far as the replay shows.</summary>
public enum TwinIncidentOutcome
{
    /// <summary>Still open at the last batch of the replay, no verification verdict.</summary>
    Open,

    /// <summary>Its decisions stopped before the replay ended, without a verification verdict.</summary>
    Closed,

    /// <summary>The last verification passed.</summary>
    Resolved,

    /// <summary>The last verification failed.</summary>
    Failed,

    /// <summary>The agent escalated it to a person.</summary>
    Escalated,
}
