using DriftCatcher.Core.Data;
using DriftCatcher.Core.Learning.Artifacts;

namespace DriftCatcher.Core.Learning;

/// <summary>Scores models on labelled data.</summary>
public static class ModelEvaluator
{
    /// <summary>
    /// Scores an artifact on a frame holding its features and a label column (the model's label when
    /// <paramref name="label"/> is null). Rows with a missing label are left out and counted; a label
    /// value the model never saw throws <see cref="InputDataException"/> naming it.
    /// </summary>
    public static EvaluationResult Evaluate(ModelArtifact artifact, DataFrame frame, string? label)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        var prepared = DatasetBuilder.ForEvaluation(frame, label, artifact.Metadata);
        return Score(artifact.Predictor, prepared.Data) with { DroppedRows = prepared.Preparation.DroppedRows };
    }

    /// <summary>Scores a predictor on prepared data (features already in the predictor's schema).</summary>
    public static EvaluationResult Score(IPredictor predictor, TrainingData data)
    {
        ArgumentNullException.ThrowIfNull(predictor);
        ArgumentNullException.ThrowIfNull(data);
        var n = data.Targets.Length;
        var width = predictor.OutputWidth;
        var output = new double[(long)n * width];
        if (n > 0)
        {
            predictor.Predict(data.Features, output);
        }

        if (data.Task == TaskKind.Regression)
        {
            return new EvaluationResult(n, 0, null, Scoring.Regression(data.Targets, output));
        }

        var truth = Array.ConvertAll(data.Targets, t => (int)t);
        return new EvaluationResult(n, 0, Scoring.Classification(truth, output, width), null);
    }
}
