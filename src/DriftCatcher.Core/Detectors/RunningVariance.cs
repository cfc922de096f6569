namespace DriftCatcher.Core.Detectors;

/// <summary>Welford's running mean and sample variance (divisor n - 1; 0 until two values).</summary>
internal struct RunningVariance
{
    public RunningVariance(double count, double mean, double sumSquares)
    {
        Count = count;
        Mean = mean;
        SumSquares = sumSquares;
    }

    public double Count { get; private set; }

    public double Mean { get; private set; }

    /// <summary>Sum of squared deviations from the mean (M2).</summary>
    public double SumSquares { get; private set; }

    public readonly double Variance => Count > 1 ? SumSquares / (Count - 1) : 0.0;

    public void Add(double x)
    {
        var before = Mean;
        Count += 1.0;
        Mean += (x - Mean) / Count;
        SumSquares += (x - before) * (x - Mean);
    }
}
