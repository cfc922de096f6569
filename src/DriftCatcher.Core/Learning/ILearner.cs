namespace DriftCatcher.Core.Learning;

/// <summary>A training algorithm. Deterministic for a given seed.</summary>
public interface ILearner
{
    /// <summary>The algorithm's name as the CLI spells it ("gbt", "logistic", "linear").</summary>
    string Algorithm { get; }

    /// <summary>
    /// Fits a model. <paramref name="validation"/> (may be null) is used for early stopping where the
    /// learner supports it. Unknown or invalid <paramref name="parameters"/> throw
    /// <see cref="DriftCatcher.Core.Data.InputDataException"/> naming the parameter.
    /// </summary>
    IPredictor Fit(TrainingData train, TrainingData? validation, IReadOnlyDictionary<string, string> parameters, int seed, CancellationToken cancellationToken);
}
