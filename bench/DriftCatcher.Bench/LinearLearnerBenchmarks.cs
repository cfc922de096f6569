using BenchmarkDotNet.Attributes;
using DriftCatcher.Core.Data;
using DriftCatcher.Core.Learning;
using DriftCatcher.Core.Learning.Artifacts;
using DriftCatcher.Core.Learning.Linear;

namespace DriftCatcher.Bench;

/// <summary>Logistic regression fit and prediction, and model file write + read, on CICIDS-sized rows (30 numeric features).</summary>
[MemoryDiagnoser]
public class LinearLearnerBenchmarks
{
    private static readonly Dictionary<string, string> NoParameters = [];
    private TrainingData _binary = null!;
    private TrainingData _multiclass = null!;
    private IPredictor _predictor = null!;
    private ModelArtifact _artifact = null!;
    private DataFrame _rows = null!;

    [Params(50_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        const int features = 30;
        var random = new Random(1);
        var weights = Enumerable.Range(0, features).Select(_ => random.NextDouble() - 0.5).ToArray();
        var columns = new double[features][];
        for (var j = 0; j < features; j++)
        {
            columns[j] = new double[Rows];
        }

        var binary = new double[Rows];
        var multi = new double[Rows];
        for (var r = 0; r < Rows; r++)
        {
            var score = 0.0;
            for (var j = 0; j < features; j++)
            {
                columns[j][r] = (random.NextDouble() * 4) - 2;
                score += weights[j] * columns[j][r];
            }

            score += (random.NextDouble() - 0.5) * 2;
            binary[r] = score > 0 ? 1 : 0;
            multi[r] = score < -0.5 ? 0 : score < 0.5 ? 1 : 2;
        }

        var frame = new DataFrame([.. columns.Select((c, j) => Column.Numeric($"f{j}", c))]);
        _binary = new TrainingData(frame, binary, TaskKind.BinaryClassification, ["0", "1"]);
        _multiclass = new TrainingData(frame, multi, TaskKind.MulticlassClassification, ["0", "1", "2"]);
        _predictor = new LogisticLearner().Fit(_binary, null, NoParameters, 0, CancellationToken.None);
        _rows = frame;
        _artifact = new ModelTrainer(LearnerCatalog.Default, TimeProvider.System)
            .Train(new DataFrame([.. frame.Columns, Column.Numeric("label", binary)]), new TrainRequest { Algorithm = "logistic", Label = "label", Dataset = "bench" }, CancellationToken.None)
            .Artifact;
    }

    [Benchmark]
    public IPredictor FitBinary() => new LogisticLearner().Fit(_binary, null, NoParameters, 0, CancellationToken.None);

    [Benchmark]
    public IPredictor FitMulticlass() => new LogisticLearner().Fit(_multiclass, null, NoParameters, 0, CancellationToken.None);

    [Benchmark]
    public double Predict()
    {
        var output = new double[Rows * 2];
        _predictor.Predict(_rows, output);
        return output[^1];
    }

    [Benchmark]
    public ModelArtifact WriteAndReadArtifact() =>
        ModelArtifactFormat.Read(ModelArtifactFormat.ToBytes(_artifact), LearnerCatalog.Default);
}
