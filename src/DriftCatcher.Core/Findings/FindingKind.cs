namespace DriftCatcher.Core.Findings;

/// <summary>What a finding is about; the agent's decision rules switch on it.</summary>
public enum FindingKind
{
    /// <summary>Missing, NaN or infinite values, out-of-range values, unseen categories, constant columns, duplicate rows.</summary>
    DataQuality,

    /// <summary>Missing or extra columns, a numeric column that now holds text.</summary>
    SchemaMismatch,

    /// <summary>One input feature's distribution moved away from the reference.</summary>
    FeatureDrift,

    /// <summary>Enough features drifted to call the whole dataset drifted.</summary>
    DatasetDrift,

    /// <summary>The distribution of the model's outputs moved.</summary>
    PredictionDrift,

    /// <summary>Prediction confidence fell (or entropy rose) against the reference.</summary>
    ConfidenceDrop,

    /// <summary>Realized performance (labels arrived) fell below the baseline.</summary>
    PerformanceDrop,

    /// <summary>Label-free estimated performance fell below the baseline.</summary>
    EstimatedPerformanceDrop,

    /// <summary>A change detector fired on the error stream.</summary>
    ErrorRateChange,

    /// <summary>Prediction latency changed.</summary>
    LatencyChange,

    /// <summary>The inference failure rate changed.</summary>
    FailureRateChange,

    /// <summary>Data stopped arriving, or arrives late.</summary>
    ArrivalGap,
}
