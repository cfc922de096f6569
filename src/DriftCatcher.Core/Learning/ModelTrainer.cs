using DriftCatcher.Core.Data;
using DriftCatcher.Core.Learning.Artifacts;

namespace DriftCatcher.Core.Learning;

/// <summary>
/// Trains a model artifact from a frame: prepares the data, splits it (stratified, seeded) into
/// train / validation / holdout, fits the learner on the train part (validation offered for early
/// stopping), scores validation and holdout, and records schema, lineage and metrics.
/// </summary>
public sealed class ModelTrainer(LearnerCatalog catalog, TimeProvider time)
{
    public TrainResult Train(DataFrame frame, TrainRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(request);
        return Train(frame, DatasetBuilder.ForTraining(frame, request.Label, request.Task), request, cancellationToken);
    }

    /// <summary>Trains on data already prepared from <paramref name="frame"/> (so a caller can tell the data's problems from the learner's).</summary>
    public TrainResult Train(DataFrame frame, PreparedData prepared, TrainRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(prepared);
        ArgumentNullException.ThrowIfNull(request);
        var started = time.GetTimestamp();
        var learner = catalog.CreateLearner(request.Algorithm);
        var split = DataSplitter.Split(prepared.Data, request.Split, request.Seed);
        var train = DataSplitter.Take(prepared.Data, split.Train);
        var validation = DataSplitter.Take(prepared.Data, split.Validation);
        var holdout = DataSplitter.Take(prepared.Data, split.Holdout);
        cancellationToken.ThrowIfCancellationRequested();

        var predictor = learner.Fit(train, split.Validation.Length > 0 ? validation : null, request.Parameters, request.Seed, cancellationToken);
        var validationScores = ModelEvaluator.Score(predictor, validation);
        var holdoutScores = ModelEvaluator.Score(predictor, holdout);
        var metadata = new ModelMetadata
        {
            Algorithm = learner.Algorithm,
            Task = prepared.Data.Task,
            Label = prepared.Label,
            Classes = prepared.Data.Classes,
            Schema = prepared.Schema,
            Parameters = new Dictionary<string, string>(request.Parameters, StringComparer.Ordinal),
            Seed = request.Seed,
            Lineage = new TrainingLineage
            {
                Dataset = request.Dataset,
                DatasetRows = frame.RowCount,
                FirstRow = 0,
                LastRow = frame.RowCount - 1,
                TrainRows = split.Train.Length,
                ValidationRows = split.Validation.Length,
                HoldoutRows = split.Holdout.Length,
                SplitSeed = request.Seed,
                ValidationFraction = request.Split.Validation,
                HoldoutFraction = request.Split.Holdout,
                From = request.DataFrom,
                To = request.DataTo,
                ContentSha256 = FrameHash.Sha256(frame),
            },
            Preparation = prepared.Preparation,
            ValidationMetrics = validationScores.Metrics,
            HoldoutMetrics = holdoutScores.Metrics,
            FeatureImportance = predictor.FeatureImportance,
            CreatedAt = time.GetUtcNow(),
        };
        var artifact = new ModelArtifact(metadata, predictor);
        return new TrainResult(artifact, time.GetElapsedTime(started));
    }
}
