namespace DriftCatcher.Core.Statistics;

/// <summary>A two-sample Kolmogorov–Smirnov test: the statistic D and its two-sided asymptotic p-value.</summary>
public sealed record KolmogorovSmirnovResult(double Statistic, double PValue);
