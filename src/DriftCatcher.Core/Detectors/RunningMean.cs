namespace DriftCatcher.Core.Detectors;

/// <summary>
/// Incremental mean, updated as mean += (x - mean) / n: the same arithmetic as River's
/// stats.Mean, so threshold comparisons fall on the same side.
/// </summary>
internal struct RunningMean
{
    public RunningMean(double count, double mean)
    {
        Count = count;
        Mean = mean;
    }

    public double Count { get; private set; }

    public double Mean { get; private set; }

    public void Add(double x)
    {
        Count += 1.0;
        Mean += (x - Mean) / Count;
    }
}
