namespace DriftCatcher.Core.Learning.Versions;

/// <summary>Where a version stands with the validation gate.</summary>
public enum GateStatus
{
    /// <summary>Not gated yet.</summary>
    Pending,

    /// <summary>Passed the gate: may take any role.</summary>
    Accepted,

    /// <summary>Failed the gate (or was withdrawn later): may only shadow.</summary>
    Rejected,
}
