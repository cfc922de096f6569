using DriftCatcher.Core.Data;

namespace DriftCatcher.Core.Learning;

/// <summary>A trained model: pure, thread-safe for concurrent predictions.</summary>
public interface IPredictor
{
    string Algorithm { get; }

    TaskKind Task { get; }

    /// <summary>The feature columns it was trained on, in order.</summary>
    IReadOnlyList<string> FeatureNames { get; }

    /// <summary>Values per row: the class count for classification (2 for binary), 1 for regression.</summary>
    int OutputWidth { get; }

    /// <summary>
    /// Writes <c>rows × OutputWidth</c> values, row-major, into <paramref name="output"/>: class
    /// probabilities (summing to 1) for classification, the prediction for regression. Looks columns up
    /// by name (extra columns are ignored); a missing feature column throws
    /// <see cref="InputDataException"/> naming it.
    /// </summary>
    void Predict(DataFrame features, Span<double> output);

    /// <summary>Gain-based importance per feature, normalised to sum to 1 (all zero if nothing was learned).</summary>
    IReadOnlyDictionary<string, double> FeatureImportance { get; }

    /// <summary>Writes the learner-specific body of the model; the artifact format wraps it.</summary>
    void WriteTo(BinaryWriter writer);
}
