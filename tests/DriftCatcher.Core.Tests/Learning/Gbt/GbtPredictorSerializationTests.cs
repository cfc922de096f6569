using DriftCatcher.Core.Data;
using DriftCatcher.Core.Learning;
using DriftCatcher.Core.Learning.Gbt;
using Shouldly;

namespace DriftCatcher.Core.Tests.Learning.Gbt;

public sealed class GbtPredictorSerializationTests
{
    private static readonly Dictionary<string, string> Defaults = [];

    public static TheoryData<string> Tasks => ["binary", "multiclass-categorical", "regression", "missing"];

    [Theory]
    [MemberData(nameof(Tasks))]
    public void WriteThenRead_PredictionsBitIdentical(string task)
    {
        var (train, probe) = Data(task);
        var model = new GbtLearner().Fit(train, null, Defaults, 0, TestContext.Current.CancellationToken);

        var copy = RoundTrip(model, out var bytesLeft);

        bytesLeft.ShouldBe(0, "ReadFrom must consume exactly what WriteTo wrote");
        copy.Task.ShouldBe(model.Task);
        copy.OutputWidth.ShouldBe(model.OutputWidth);
        copy.FeatureNames.ShouldBe(model.FeatureNames);
        copy.FeatureImportance.ShouldBe(model.FeatureImportance);
        ((GbtPredictor)copy).Iterations.ShouldBe(((GbtPredictor)model).Iterations);
        var expected = GbtSynthetic.Predict(model, probe);
        var actual = GbtSynthetic.Predict(copy, probe);
        for (var i = 0; i < expected.Length; i++)
        {
            BitConverter.DoubleToInt64Bits(actual[i]).ShouldBe(BitConverter.DoubleToInt64Bits(expected[i]));
        }
    }

    [Fact]
    public void WriteThenRead_TwiceGivesSameBytes()
    {
        var model = new GbtLearner().Fit(GbtSynthetic.ThreeClasses(1000, 1), null, Defaults, 0, TestContext.Current.CancellationToken);

        var first = Bytes(model);
        var second = Bytes(GbtPredictor.ReadFrom(new BinaryReader(new MemoryStream(first))));

        second.ShouldBe(first);
    }

    [Fact]
    public void ReadFrom_Truncated_ThrowsInputDataException()
    {
        var model = new GbtLearner().Fit(GbtSynthetic.Linear(500, 1), null, Defaults, 0, TestContext.Current.CancellationToken);
        var bytes = Bytes(model);

        foreach (var length in new[] { 0, 3, 20, bytes.Length / 2, bytes.Length - 1 })
        {
            using var reader = new BinaryReader(new MemoryStream(bytes, 0, length));
            Should.Throw<InputDataException>(() => GbtPredictor.ReadFrom(reader));
        }
    }

    [Fact]
    public void ReadFrom_UnknownVersion_ThrowsNamingIt()
    {
        var model = new GbtLearner().Fit(GbtSynthetic.Linear(500, 1), null, Defaults, 0, TestContext.Current.CancellationToken);
        var bytes = Bytes(model);
        BitConverter.TryWriteBytes(bytes.AsSpan(0, 4), 99).ShouldBeTrue();

        Should.Throw<InputDataException>(() => GbtPredictor.ReadFrom(new BinaryReader(new MemoryStream(bytes)))).Message.ShouldContain("99");
    }

    private static (TrainingData Train, DataFrame Probe) Data(string task)
    {
        switch (task)
        {
            case "binary":
                return (GbtSynthetic.Linear(3000, 1), GbtSynthetic.Linear(500, 2).Features);
            case "multiclass-categorical":
                var probe = GbtSynthetic.ThreeClasses(500, 2).Features;
                // Add unseen categories and missing values to the probe.
                var colours = Enumerable.Range(0, probe.RowCount).Select(i => i % 7 == 0 ? "mauve" : probe["colour"].GetString(i)).ToList();
                return (GbtSynthetic.ThreeClasses(3000, 1), new DataFrame([probe["a"], probe["b"], Column.Categorical("colour", colours)]));
            case "regression":
                return (GbtSynthetic.Regression(3000, 1), GbtSynthetic.Regression(500, 2).Features);
            default:
                var (train, test) = GbtDatasets.Read("breast_cancer_missing");
                return (train, test.Features);
        }
    }

    private static IPredictor RoundTrip(IPredictor model, out long bytesLeft)
    {
        var stream = new MemoryStream(Bytes(model));
        using var reader = new BinaryReader(stream);
        var copy = GbtPredictor.ReadFrom(reader);
        bytesLeft = stream.Length - stream.Position;
        return copy;
    }

    private static byte[] Bytes(IPredictor model)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            model.WriteTo(writer);
        }

        return stream.ToArray();
    }
}
