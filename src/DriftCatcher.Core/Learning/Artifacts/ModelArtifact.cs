using DriftCatcher.Core.Data;

namespace DriftCatcher.Core.Learning.Artifacts;

/// <summary>
/// A trained model as one unit: its metadata (schema, lineage, metrics...) and its predictor. Written
/// and read by <see cref="ModelArtifactFormat"/>.
/// </summary>
public sealed class ModelArtifact
{
    public ModelArtifact(ModelMetadata metadata, IPredictor predictor)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(predictor);
        metadata.CheckMatches(predictor);
        Metadata = metadata;
        Predictor = predictor;
    }

    public ModelMetadata Metadata { get; }

    public IPredictor Predictor { get; }

    /// <summary>
    /// Predicts every row of <paramref name="frame"/>, in order. Extra columns are ignored; missing
    /// feature columns or text in a numeric feature throw <see cref="InputDataException"/>.
    /// </summary>
    public Predictions Predict(DataFrame frame)
    {
        var features = Metadata.Schema.Conform(frame);
        var width = Predictor.OutputWidth;
        var values = new double[(long)features.RowCount * width];
        Predictor.Predict(features, values);
        return new Predictions(Metadata.Task, Metadata.Classes, features.RowCount, width, values);
    }
}
