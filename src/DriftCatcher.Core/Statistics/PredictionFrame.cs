using DriftCatcher.Core.Data;

namespace DriftCatcher.Core.Statistics;

/// <summary>
/// Builds the frame of model outputs that prediction drift compares: the predicted class as a
/// categorical column "prediction" and each class probability as a numeric column "proba_&lt;class&gt;".
/// Profile a reference window with <see cref="ReferenceProfile.Build"/>, compare later windows with
/// <see cref="DriftAnalyzer.Compare"/> and turn the report into PredictionDrift findings.
/// </summary>
public static class PredictionFrame
{
    public const string PredictionColumn = "prediction";
    public const string ProbabilityPrefix = "proba_";

    public static DataFrame Create(IReadOnlyList<string?> predictedClasses, IReadOnlyDictionary<string, double[]>? classProbabilities = null)
    {
        ArgumentNullException.ThrowIfNull(predictedClasses);
        var columns = new List<Column> { Column.Categorical(PredictionColumn, predictedClasses) };
        if (classProbabilities is not null)
        {
            foreach (var (cls, p) in classProbabilities.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                if (p.Length != predictedClasses.Count)
                {
                    throw new ArgumentException($"probabilities of class '{cls}' have {p.Length} rows, predictions {predictedClasses.Count}", nameof(classProbabilities));
                }

                columns.Add(Column.Numeric(ProbabilityPrefix + cls, p));
            }
        }

        return new DataFrame(columns);
    }
}
