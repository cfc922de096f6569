namespace DriftCatcher.Core.Detectors;

/// <summary>State of <see cref="DdmDetector"/>: the running error rate and the (p, s) at its minimum of p + s.</summary>
public sealed record DdmState(DdmOptions Options, double Count, double ErrorRate, double? MinErrorRate, double? MinDeviation) : DetectorState;
