namespace DriftCatcher.Core.Statistics;

/// <summary>A chi-square test of homogeneity: the statistic, its degrees of freedom and p-value.</summary>
public sealed record ChiSquareResult(double Statistic, int DegreesOfFreedom, double PValue);
