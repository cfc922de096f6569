using DriftCatcher.Core.Data;
using DriftCatcher.Core.Performance;
using FsCheck;
using FsCheck.Fluent;
using Shouldly;

namespace DriftCatcher.Core.Tests.Performance;

public sealed class ClassificationMetricsTests
{
    // Against scikit-learn 1.2.1 (tests/reference/performance/make_reference.py); only rounding differs.
    private const double Tolerance = 1e-9;

    public static TheoryData<string> Cases => [.. PerformanceReference.Names("classification")];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compute_MatchesScikitLearn(string name)
    {
        var c = PerformanceReference.Case("classification", name);
        var k = c.GetProperty("classes").GetInt32();

        var m = ClassificationMetrics.Compute(c.Ints("y_true"), c.Doubles("proba"), k);

        m.Accuracy.ShouldBe(c.Expected("accuracy"), Tolerance);
        m.MacroPrecision.ShouldBe(c.Expected("macro_precision"), Tolerance);
        m.MacroRecall.ShouldBe(c.Expected("macro_recall"), Tolerance);
        m.MacroF1.ShouldBe(c.Expected("macro_f1"), Tolerance);
        m.LogLoss.ShouldBe(c.Expected("log_loss"), Tolerance);
        m.Brier.ShouldBe(c.Expected("brier"), Tolerance);
        m.RocAuc.ShouldNotBeNull();
        m.RocAuc.Value.ShouldBe(c.Expected("roc_auc"), Tolerance);
        var expected = c.GetProperty("expected");
        m.PerClass.Select(p => p.Precision).ToArray().ShouldBe(expected.Doubles("precision"), Tolerance);
        m.PerClass.Select(p => p.Recall).ToArray().ShouldBe(expected.Doubles("recall"), Tolerance);
        m.PerClass.Select(p => p.F1).ToArray().ShouldBe(expected.Doubles("f1"), Tolerance);
        m.Rows.ShouldBe(c.Ints("y_true").Length);
    }

    [Fact]
    public void Compute_OneClassOnly_HasNoAuc()
    {
        var m = ClassificationMetrics.Compute([1, 1, 1], [0.2, 0.8, 0.6, 0.4, 0.1, 0.9], 2);

        m.RocAuc.ShouldBeNull();
        m.Accuracy.ShouldBe(2 / 3.0, Tolerance);
    }

    [Fact]
    public void Compute_ClassAbsentFromLabelsAndPredictions_IsLeftOutOfMacro()
    {
        // Class 2 never occurs and is never predicted; macro runs over classes 0 and 1, as in scikit-learn.
        var m = ClassificationMetrics.Compute([0, 1, 1, 0], [0.7, 0.2, 0.1, 0.1, 0.8, 0.1, 0.2, 0.5, 0.3, 0.6, 0.3, 0.1], 3);

        m.MacroRecall.ShouldBe(1.0, Tolerance); // 2/3 if class 2 counted
        m.PerClass[2].Support.ShouldBe(0);
        m.PerClass[2].Predicted.ShouldBe(0);
    }

    [Theory]
    [InlineData(new[] { 0, 2 }, new[] { 0.5, 0.5, 0.5, 0.5 }, "label 2")]
    [InlineData(new[] { 0 }, new[] { 0.5, 0.5, 0.5, 0.5 }, "1 labels for 2 rows")]
    [InlineData(new[] { 0 }, new[] { 0.5, 0.5, 0.5 }, "do not make rows")]
    [InlineData(new[] { 0 }, new[] { double.NaN, 0.5 }, "not in [0, 1]")]
    [InlineData(new int[0], new double[0], "no rows")]
    public void Compute_BadInput_ThrowsOneLine(int[] labels, double[] probabilities, string message)
    {
        var ex = Should.Throw<InputDataException>(() => ClassificationMetrics.Compute(labels, probabilities, 2));
        ex.Message.ShouldContain(message);
        ex.Message.ShouldNotContain("\n");
    }

    [Fact]
    public void RocAuc_EqualsPairwiseCount_WithTies()
    {
        var gen =
            from n in Gen.Choose(2, 60)
            from seed in Gen.Choose(0, int.MaxValue - 1)
            select (n, seed);
        Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var rng = new Random(t.seed);
            var y = Enumerable.Range(0, t.n).Select(_ => rng.Next(2)).ToArray();
            var s = Enumerable.Range(0, t.n).Select(_ => rng.Next(6) / 5.0).ToArray();
            var proba = s.SelectMany(v => new[] { 1 - v, v }).ToArray();
            double wins = 0, pairs = 0;
            for (var i = 0; i < t.n; i++)
            {
                for (var j = 0; j < t.n; j++)
                {
                    if (y[i] == 1 && y[j] == 0)
                    {
                        pairs++;
                        wins += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
                    }
                }
            }

            var auc = ClassificationMetrics.OneVsRestAuc(y, proba, 2, 1);
            return pairs == 0 ? auc is null : Math.Abs(auc!.Value - (wins / pairs)) < 1e-12;
        }).QuickCheckThrowOnFailure();
    }
}
