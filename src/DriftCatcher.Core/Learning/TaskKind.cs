namespace DriftCatcher.Core.Learning;

/// <summary>What a model predicts.</summary>
public enum TaskKind
{
    /// <summary>Two classes; predictions are the probabilities of both.</summary>
    BinaryClassification,

    /// <summary>More than two classes; predictions are a probability per class (softmax).</summary>
    MulticlassClassification,

    /// <summary>A number (squared-error loss).</summary>
    Regression,
}
