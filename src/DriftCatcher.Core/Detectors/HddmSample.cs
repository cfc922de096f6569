namespace DriftCatcher.Core.Detectors;

/// <summary>
/// One exponentially weighted sample of HDDM-W: its moving average, whether it has seen a value,
/// and its independent bounding condition sum of squared weights (1 before any value).
/// </summary>
public readonly record struct HddmSample(double Average, bool Started, double BoundCondition)
{
    internal static HddmSample Empty => new(0.0, false, 1.0);

    internal HddmSample Add(double x, double lambda)
    {
        // The first value starts the average. River's EWMean instead restarts whenever its average
        // is exactly 0, so after a run of zeros one error jumps it to 1, which made two-sided HDDM-W
        // signal false decreases on stationary 0/1 streams; River's reference indices are unchanged.
        var average = !Started ? x : (lambda * x) + ((1.0 - lambda) * Average);
        var bound = (lambda * lambda) + ((1 - lambda) * (1 - lambda) * BoundCondition);
        return new HddmSample(average, true, bound);
    }
}
