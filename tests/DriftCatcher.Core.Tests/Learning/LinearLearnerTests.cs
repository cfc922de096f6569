using System.Globalization;
using DriftCatcher.Core.Data;
using DriftCatcher.Core.Learning;
using DriftCatcher.Core.Learning.Linear;
using DriftCatcher.Core.Performance;
using Shouldly;

namespace DriftCatcher.Core.Tests.Learning;

public sealed class LinearLearnerTests
{
    private static readonly Dictionary<string, string> NoParameters = [];

    [Fact]
    public void Logistic_MissingAndInfiniteInputs_TrainsOnEveryRowAndPredictsFiniteProbabilities()
    {
        var csv = new System.Text.StringBuilder("x,z,c,y\n");
        for (var i = 0; i < 200; i++)
        {
            var x = i % 10 == 0 ? "NaN" : i % 13 == 0 ? "Infinity" : (i % 50).ToString(CultureInfo.InvariantCulture);
            sb(csv, $"{x},{i % 7},{(i % 3 == 0 ? string.Empty : "k" + (i % 4))},{(i % 50 >= 25 ? "hi" : "lo")}");
        }

        var prepared = DatasetBuilder.ForTraining(CsvFrameReader.Parse(csv.ToString()), "y", LearningTask.Classification);
        var predictor = new LogisticLearner().Fit(prepared.Data, null, NoParameters, 0, TestContext.Current.CancellationToken);
        var output = new double[prepared.Data.Targets.Length * 2];
        predictor.Predict(prepared.Data.Features, output);

        prepared.Data.Targets.Length.ShouldBe(200);
        output.ShouldAllBe(p => double.IsFinite(p) && p >= 0 && p <= 1);
        var scores = ModelEvaluator.Score(predictor, prepared.Data).Classification!;
        // 20 rows have no x (imputed with the median) and 8 have x = Infinity (clipped to the maximum): most of them cannot be told apart.
        scores.Accuracy.ShouldBeGreaterThan(0.85);
        predictor.FeatureImportance.Values.Sum().ShouldBe(1, 1e-12);
        predictor.FeatureImportance["x"].ShouldBeGreaterThan(predictor.FeatureImportance["z"]);

        static void sb(System.Text.StringBuilder b, string line) => b.Append(line).Append('\n');
    }

    [Fact]
    public void Logistic_ConstantFeature_HasNoImportance()
    {
        var frame = CsvFrameReader.Parse("x,k,y\n1,5,a\n2,5,a\n3,5,b\n4,5,b\n5,5,b\n0,5,a\n");
        var prepared = DatasetBuilder.ForTraining(frame, "y", LearningTask.Classification);
        var predictor = new LogisticLearner().Fit(prepared.Data, null, NoParameters, 0, TestContext.Current.CancellationToken);
        predictor.FeatureImportance["k"].ShouldBe(0);
        predictor.FeatureImportance["x"].ShouldBe(1);
    }

    [Fact]
    public void Logistic_RegressionTask_RefusedNamingAlternatives() =>
        Should.Throw<InputDataException>(() => new LogisticLearner().Fit(
                DatasetBuilder.ForTraining(CsvFrameReader.Parse("x,y\n1,2\n2,3\n"), "y", LearningTask.Regression).Data, null, NoParameters, 0, TestContext.Current.CancellationToken))
            .Message.ShouldContain("linear");

    /// <summary>
    /// Targets near 1e308 overflowed the sum of the mean (the model predicted NaN); the fit is linear in the targets, so
    /// targets beyond 2^±400 are fitted divided by a power of two and the coefficients multiplied back: to the bit the
    /// model of targets of magnitude 1 to 2, scaled.
    /// </summary>
    [Theory]
    [InlineData(1023)]
    [InlineData(650)]
    [InlineData(-1000)]
    public void Linear_TargetsBeyondTheSafeRange_GiveTheModelOfTheScaledTargets(int exponent)
    {
        var rng = new Random(5);
        var a = Enumerable.Range(0, 400).Select(_ => rng.NextDouble()).ToArray();
        var b = Enumerable.Range(0, 400).Select(_ => rng.NextDouble()).ToArray();
        var y = a.Zip(b, (p, q) => 1 + (0.5 * p) - (0.3 * q) + (0.01 * rng.NextDouble())).ToArray();
        var features = new DataFrame([Column.Numeric("a", a), Column.Numeric("b", b)]);
        var unit = new TrainingData(features, y, TaskKind.Regression, []);
        var scaled = unit with { Targets = [.. y.Select(t => Math.ScaleB(t, exponent))] };

        var expected = Predict(new LinearLearner().Fit(unit, null, NoParameters, 0, TestContext.Current.CancellationToken), features);
        var actual = Predict(new LinearLearner().Fit(scaled, null, NoParameters, 0, TestContext.Current.CancellationToken), features);

        actual.ShouldBe([.. expected.Select(v => Math.ScaleB(v, exponent))]);
        RegressionMetrics.Compute(y, expected).R2.ShouldBeGreaterThan(0.99);

        static double[] Predict(IPredictor model, DataFrame frame)
        {
            var output = new double[frame.RowCount];
            model.Predict(frame, output);
            return output;
        }
    }

    [Fact]
    public void Linear_OneHotCategorical_RecoversGroupMeans()
    {
        // y = 10 for a, 20 for b, 40 for c: collinear one-hot columns still give the exact fit.
        var frame = CsvFrameReader.Parse("g,y\na,10\nb,20\nc,40\na,10\nb,20\nc,40\n");
        var prepared = DatasetBuilder.ForTraining(frame, "y", LearningTask.Regression);
        var predictor = new LinearLearner().Fit(prepared.Data, null, NoParameters, 0, TestContext.Current.CancellationToken);
        var output = new double[6];
        predictor.Predict(prepared.Data.Features, output);
        output.Zip(prepared.Data.Targets).ShouldAllBe(p => Math.Abs(p.First - p.Second) < 1e-9);
    }

    [Fact]
    public void Catalog_UnknownAlgorithm_ListsKnownOnes()
    {
        var ex = Should.Throw<InputDataException>(() => LearnerCatalog.Default.CreateLearner("forest"));
        ex.Message.ShouldContain("'forest'");
        ex.Message.ShouldContain("logistic");
    }
}
