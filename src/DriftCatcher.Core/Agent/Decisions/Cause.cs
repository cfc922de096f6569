namespace DriftCatcher.Core.Agent.Decisions;

/// <summary>The agent's diagnosis of why a model is unhealthy.</summary>
public enum Cause
{
    None,

    /// <summary>An upstream data-quality fault (missing values, a column switched units, schema change).</summary>
    DataQuality,

    /// <summary>The inputs moved away from the reference.</summary>
    CovariateDrift,

    /// <summary>Performance fell while the inputs stayed: the relation between inputs and target changed.</summary>
    ConceptDrift,

    /// <summary>Inputs arrive from a region of the input space the model never saw.</summary>
    NewRegion,

    /// <summary>Performance fell right after a new version was deployed.</summary>
    DeploymentRegression,

    /// <summary>Serving itself fails: latency or failure rate.</summary>
    ServingFault,

    /// <summary>Data stopped arriving, or arrives late.</summary>
    ArrivalGap,
}
