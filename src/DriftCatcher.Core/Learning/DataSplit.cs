namespace DriftCatcher.Core.Learning;

/// <summary>Row positions (ascending) of the train, validation and holdout parts.</summary>
public sealed record DataSplit(int[] Train, int[] Validation, int[] Holdout);
