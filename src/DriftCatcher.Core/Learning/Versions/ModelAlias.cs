namespace DriftCatcher.Core.Learning.Versions;

/// <summary>The roles a model version can hold for one deployed model.</summary>
public enum ModelAlias
{
    /// <summary>Serves traffic.</summary>
    Champion,

    /// <summary>The champion before the current one: the last known good version, what a rollback returns to.</summary>
    Previous,

    /// <summary>A gated candidate waiting to be compared or promoted.</summary>
    Challenger,

    /// <summary>A gated candidate serving a small share of traffic.</summary>
    Canary,

    /// <summary>Sees traffic but its predictions are only recorded — the one role open to versions that did not pass the gate.</summary>
    Shadow,

    /// <summary>What serves when the champion cannot (a simpler, robust model).</summary>
    Fallback,
}
