using DriftCatcher.Core.Findings;

namespace DriftCatcher.Core.Agent.Decisions;

/// <summary>The agent's reading of a tick: the likely cause, how bad, and whether it is sustained or a one-off.</summary>
public sealed record Assessment(Cause Cause, Severity Severity, bool Persistent)
{
    /// <summary>Realized (or estimated) performance is below the model's baseline in a sustained way.</summary>
    public bool PerformanceDrop { get; init; }

    public static Assessment Healthy { get; } = new(Cause.None, Severity.Info, false);
}
