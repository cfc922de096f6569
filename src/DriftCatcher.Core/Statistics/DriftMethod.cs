namespace DriftCatcher.Core.Statistics;

/// <summary>The names of the decision rules a <see cref="FeatureDrift"/> reports in its Method.</summary>
public static class DriftMethod
{
    /// <summary>Numeric: score = KS D, threshold = max(floor, Bonferroni critical D for the two sample sizes).</summary>
    public const string Ks = "ks";

    /// <summary>Categorical: score = Jensen–Shannon distance, threshold = max(floor, the chi-square-calibrated critical distance).</summary>
    public const string JensenShannonChiSquare = "js_chi2";

    /// <summary>One side had no usable value: nothing is decided.</summary>
    public const string InsufficientData = "insufficient_data";
}
