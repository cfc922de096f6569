namespace DriftCatcher.Twin.Replay;

/// <summary>One row of predictions.csv: <c>batch,row,prediction,served_version</c>.</summary>
public sealed record ReplayPrediction(long Batch, int Row, string? Prediction, string ServedVersion);
