namespace DriftCatcher.Twin.Scenarios;

/// <summary>An incremental blend from one concept towards another; progress is the batch's mean (0..1).</summary>
public sealed record BlendTruth(int From, int To, double Progress);
