namespace DriftCatcher.Core.Performance;

/// <summary>
/// Label-free accuracy of a window. <see cref="StandardError"/> is the spread realized accuracy would have
/// around the estimate if the calibrated probabilities were exact (√Σ c(1 − c) / n); it leaves out the
/// calibrator's own error and says nothing about concept drift.
/// </summary>
public sealed record PerformanceEstimate(int Rows, double Accuracy, double StandardError);
