namespace DriftCatcher.Core.Agent.Decisions;

/// <summary>Who answers the traffic of a model.</summary>
public enum ServingMode
{
    /// <summary>The champion serves.</summary>
    Champion,

    /// <summary>The fallback model serves while a fault lasts.</summary>
    Fallback,

    /// <summary>Predictions are disabled: the platform abstains.</summary>
    Disabled,

    /// <summary>A candidate serves part of the traffic.</summary>
    Canary,

    /// <summary>A candidate runs in the shadow of the champion.</summary>
    Shadow,
}
