namespace DriftCatcher.Core.Learning;

/// <summary>What the caller asks to learn; the class count then decides binary or multiclass.</summary>
public enum LearningTask
{
    /// <summary>Predict one of the distinct labels of the training data.</summary>
    Classification,

    /// <summary>Predict a number (the label column must be numeric).</summary>
    Regression,
}
