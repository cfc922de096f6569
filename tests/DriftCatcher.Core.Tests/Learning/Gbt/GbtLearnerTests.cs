using DriftCatcher.Core.Data;
using DriftCatcher.Core.Learning;
using DriftCatcher.Core.Learning.Gbt;
using Shouldly;

namespace DriftCatcher.Core.Tests.Learning.Gbt;

public sealed class GbtLearnerTests
{
    private static readonly Dictionary<string, string> Defaults = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Fit_SameSeed_IdenticalPredictions()
    {
        var (train, test) = GbtDatasets.Read("hastie");

        var a = GbtSynthetic.Predict(new GbtLearner().Fit(train, null, Defaults, 7, Ct), test.Features);
        var b = GbtSynthetic.Predict(new GbtLearner().Fit(train, null, Defaults, 7, Ct), test.Features);

        b.ShouldBe(a);
    }

    [Fact]
    public void Fit_OneThreadOrMany_IdenticalPredictions()
    {
        // Big enough for parallel histograms, gradients and binning; hastie has > 10,000 rows so the seeded
        // early-stopping split is exercised too.
        var (train, test) = GbtDatasets.Read("hastie");

        var single = new GbtLearner { MaxDegreeOfParallelism = 1 }.Fit(train, null, Defaults, 3, Ct);
        var two = new GbtLearner { MaxDegreeOfParallelism = 2 }.Fit(train, null, Defaults, 3, Ct);
        var many = new GbtLearner { MaxDegreeOfParallelism = 8 }.Fit(train, null, Defaults, 3, Ct);

        var expected = GbtSynthetic.Predict(single, test.Features);
        GbtSynthetic.Predict(two, test.Features).ShouldBe(expected);
        GbtSynthetic.Predict(many, test.Features).ShouldBe(expected);
        two.FeatureImportance.ShouldBe(single.FeatureImportance);
    }

    [Fact]
    public void Fit_DifferentSeed_DifferentValidationSplit()
    {
        // The seed only matters where sklearn uses randomness: here the early-stopping hold-out.
        var (train, test) = GbtDatasets.Read("hastie");

        var a = GbtSynthetic.Predict(new GbtLearner().Fit(train, null, Defaults, 1, Ct), test.Features);
        var b = GbtSynthetic.Predict(new GbtLearner().Fit(train, null, Defaults, 2, Ct), test.Features);

        b.ShouldNotBe(a);
    }

    [Theory]
    [InlineData("breast_cancer")]
    [InlineData("digits")]
    [InlineData("categorical")]
    public void Predict_Classification_ProbabilitiesSumToOne(string dataset)
    {
        var (train, test) = GbtDatasets.Read(dataset);
        var model = new GbtLearner().Fit(train, null, Defaults, 0, Ct);

        var output = GbtSynthetic.Predict(model, test.Features);

        var k = model.OutputWidth;
        k.ShouldBe(train.ClassCount);
        for (var i = 0; i < test.Targets.Length; i++)
        {
            var row = output.AsSpan(i * k, k);
            foreach (var p in row)
            {
                p.ShouldBeInRange(0.0, 1.0);
            }

            row.ToArray().Sum().ShouldBe(1.0, 1e-12);
        }
    }

    [Fact]
    public void FeatureImportance_SumsToOne_InformativeAboveNoise()
    {
        var model = new GbtLearner().Fit(GbtSynthetic.Linear(4000, 11), null, Defaults, 0, Ct);

        var importance = model.FeatureImportance;
        importance.Values.Sum().ShouldBe(1.0, 1e-12);
        importance["x0"].ShouldBeGreaterThan(importance["x1"]);
        importance["x1"].ShouldBeGreaterThan(importance["noise"]);
    }

    [Fact]
    public void FeatureImportance_NothingLearned_AllZero()
    {
        // min-samples-leaf above half the rows: no split is allowed.
        var model = new GbtLearner().Fit(GbtSynthetic.Linear(100, 1), null, new Dictionary<string, string> { ["min-samples-leaf"] = "60" }, 0, Ct);

        model.FeatureImportance.Values.ShouldAllBe(v => v == 0);
    }

    [Fact]
    public void EarlyStopping_NoisyTask_StopsLongBeforeMaxIter()
    {
        // 12,000 rows: 'auto' turns early stopping on, as in sklearn.
        var model = (GbtPredictor)new GbtLearner().Fit(GbtSynthetic.PureNoise(12_000, 5), null, Defaults, 0, Ct);

        model.Iterations.ShouldBeLessThan(30);
    }

    [Fact]
    public void EarlyStopping_Off_RunsAllIterations()
    {
        var parameters = new Dictionary<string, string> { ["early-stopping"] = "off", ["max-iter"] = "40" };

        var model = (GbtPredictor)new GbtLearner().Fit(GbtSynthetic.PureNoise(12_000, 5), null, parameters, 0, Ct);

        model.Iterations.ShouldBe(40);
    }

    [Fact]
    public void EarlyStopping_ProvidedValidationSet_IsUsed()
    {
        // Validation labels are the opposite of training labels: loss rises from the first tree on, so
        // training stops after exactly n-iter-no-change iterations.
        var train = GbtSynthetic.Linear(3000, 1, flip: 0);
        var flipped = train with { Targets = [.. train.Targets.Select(t => 1 - t)] };
        var parameters = new Dictionary<string, string> { ["early-stopping"] = "on", ["n-iter-no-change"] = "5" };

        var model = (GbtPredictor)new GbtLearner().Fit(train, flipped, parameters, 0, Ct);

        model.Iterations.ShouldBe(5);
    }

    [Fact]
    public void MissingValues_InformativeMissingness_LearnedDirectionUsed()
    {
        // x is missing exactly for a third of the class-1 rows; otherwise class 1 has x > 0.
        var rng = new Random(4);
        const int rows = 3000;
        var x = new double[rows];
        var y = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            y[i] = i % 2;
            x[i] = y[i] == 1 ? (i % 3 == 0 ? double.NaN : 1 + rng.NextDouble()) : -1 - rng.NextDouble();
        }

        var train = new TrainingData(new DataFrame([Column.Numeric("x", x)]), y, TaskKind.BinaryClassification, ["0", "1"]);
        var model = (GbtPredictor)new GbtLearner().Fit(train, null, Defaults, 0, Ct);

        var p = GbtSynthetic.Predict(model, new DataFrame([Column.Numeric("x", [double.NaN, -1.5, 1.5])]));
        p[1].ShouldBeGreaterThan(0.95, "missing x should take the class-1 path learned in training");
        p[3].ShouldBeLessThan(0.05);
        p[5].ShouldBeGreaterThan(0.95);
        model.Trees[0].Nodes[0].MissingLeft.ShouldBeFalse("class 1 is right of the first split, and so is missing");
    }

    [Fact]
    public void MissingValues_NoneInTraining_FollowTheBiggerChild()
    {
        var train = GbtSynthetic.Linear(2000, 9);
        var model = (GbtPredictor)new GbtLearner().Fit(train, null, new Dictionary<string, string> { ["max-iter"] = "5" }, 0, Ct);

        foreach (var tree in model.Trees)
        {
            foreach (var node in tree.Nodes.Where(n => !n.IsLeaf))
            {
                var left = CountRows(train, tree, node.Left);
                var right = CountRows(train, tree, node.Right);
                node.MissingLeft.ShouldBe(left > right);
            }
        }
    }

    [Fact]
    public void Infinity_IsTheExtremeBin_NotMissing()
    {
        // Class 1 iff x > 0.5; missing rows are class 1, so "treated as missing" and "extreme low" differ for -Inf.
        var rng = new Random(8);
        const int rows = 2000;
        var x = new double[rows];
        var y = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            x[i] = i % 10 == 0 ? double.NaN : rng.NextDouble();
            y[i] = double.IsNaN(x[i]) || x[i] > 0.5 ? 1 : 0;
        }

        var train = new TrainingData(new DataFrame([Column.Numeric("x", x)]), y, TaskKind.BinaryClassification, ["0", "1"]);
        var model = new GbtLearner().Fit(train, null, Defaults, 0, Ct);

        var p = GbtSynthetic.Predict(model, new DataFrame([Column.Numeric("x", [double.NegativeInfinity, double.PositiveInfinity, double.NaN])]));
        p[1].ShouldBeLessThan(0.05);
        p[3].ShouldBeGreaterThan(0.95);
        p[5].ShouldBeGreaterThan(0.95);
    }

    [Fact]
    public void Categorical_UnseenCategory_TakesTheMissingPath()
    {
        var train = GbtSynthetic.ThreeClasses(3000, 2);
        var model = new GbtLearner().Fit(train, null, Defaults, 0, Ct);
        var a = new[] { 0.5, -0.5, 0.3 };
        var b = new[] { 0.5, 0.2, -1.0 };

        var unseen = GbtSynthetic.Predict(model, new DataFrame([Column.Numeric("a", a), Column.Numeric("b", b), Column.Categorical("colour", ["purple", "orange", "white"])]));
        var missing = GbtSynthetic.Predict(model, new DataFrame([Column.Numeric("a", a), Column.Numeric("b", b), Column.Categorical("colour", [null, null, null])]));

        unseen.ShouldBe(missing);
    }

    [Fact]
    public void Categorical_MatchedByText_NotByCode()
    {
        var train = GbtSynthetic.ThreeClasses(3000, 2);
        var model = new GbtLearner().Fit(train, null, Defaults, 0, Ct);

        // The same rows with levels first seen in another order get other codes but the same predictions.
        var original = train.Features.Take([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        var colours = Enumerable.Range(0, 10).Select(i => original["colour"].GetString(i)).Reverse().ToList();
        var reordered = new DataFrame([
            Column.Numeric("a", [.. original["a"].Numbers.Reverse()]),
            Column.Numeric("b", [.. original["b"].Numbers.Reverse()]),
            Column.Categorical("colour", colours),
        ]);

        var expected = GbtSynthetic.Predict(model, original);
        var actual = GbtSynthetic.Predict(model, reordered);
        for (var i = 0; i < 10; i++)
        {
            actual.AsSpan((9 - i) * 3, 3).ToArray().ShouldBe(expected.AsSpan(i * 3, 3).ToArray());
        }
    }

    [Fact]
    public void Categorical_NativeSplits_LearnUnorderedEffect()
    {
        // 'grey' (any code position) pushes towards class 1: a categorical split must isolate it.
        var train = GbtSynthetic.ThreeClasses(4000, 3);
        var test = GbtSynthetic.ThreeClasses(2000, 4);
        var model = (GbtPredictor)new GbtLearner().Fit(train, null, Defaults, 0, Ct);

        GbtDatasets.Accuracy(model, test).ShouldBeGreaterThan(0.85);
        model.Trees.ShouldContain(t => t.Nodes.Any(n => n.CategorySlot >= 0));
    }

    [Fact]
    public void Predict_ColumnsLookedUpByName_OrderAndExtrasIgnored()
    {
        var train = GbtSynthetic.Linear(1000, 3);
        var model = new GbtLearner().Fit(train, null, Defaults, 0, Ct);
        var f = train.Features;
        var shuffled = new DataFrame([Column.Numeric("extra", new double[f.RowCount]), f["noise"], f["x1"], f["x0"]]);

        GbtSynthetic.Predict(model, shuffled).ShouldBe(GbtSynthetic.Predict(model, f));
    }

    [Fact]
    public void Predict_MissingFeatureColumn_ThrowsNamingIt()
    {
        var train = GbtSynthetic.Linear(500, 3);
        var model = new GbtLearner().Fit(train, null, Defaults, 0, Ct);

        var ex = Should.Throw<InputDataException>(() => GbtSynthetic.Predict(model, train.Features.Without("x1")));

        ex.Message.ShouldContain("'x1'");
    }

    [Fact]
    public void Predict_TextWhereModelHadNumbers_ThrowsNamingColumn()
    {
        var train = GbtSynthetic.Linear(500, 3);
        var model = new GbtLearner().Fit(train, null, Defaults, 0, Ct);
        var frame = new DataFrame([Column.Categorical("x0", ["high"]), Column.Numeric("x1", [0.0]), Column.Numeric("noise", [0.0])]);

        Should.Throw<InputDataException>(() => GbtSynthetic.Predict(model, frame)).Message.ShouldContain("'x0'");
    }

    [Fact]
    public void Regression_LearnsNonlinearFunction()
    {
        var model = new GbtLearner().Fit(GbtSynthetic.Regression(4000, 1), null, Defaults, 0, Ct);
        var test = GbtSynthetic.Regression(1000, 2);

        model.OutputWidth.ShouldBe(1);
        model.Task.ShouldBe(TaskKind.Regression);
        // The noise alone has RMSE 0.3; the target's own spread is about 4.
        GbtDatasets.Rmse(model, test).ShouldBeLessThan(0.6);
    }

    /// <summary>
    /// Gradients are single precision, so targets near 1e200 overflowed them (the model predicted NaN) and targets near
    /// 1e-90 underflowed them to 0 (the model learned nothing, R² 0). Such targets are learned divided by a power of two:
    /// the model is the one for targets of magnitude 1 to 2, its outputs multiplied back, to the bit.
    /// </summary>
    [Theory]
    [InlineData(300)]
    [InlineData(-300)]
    [InlineData(61)]
    public void Regression_TargetsBeyondSinglePrecision_GiveTheModelOfTheScaledTargets(int exponent)
    {
        var (train, validation) = (UnitScale(GbtSynthetic.Regression(2000, 1)), UnitScale(GbtSynthetic.Regression(500, 2)));
        var test = GbtSynthetic.Regression(300, 3);
        var unit = GbtSynthetic.Predict(new GbtLearner().Fit(train, validation, Defaults, 0, Ct), test.Features);

        var scaled = GbtSynthetic.Predict(new GbtLearner().Fit(Scale(train, exponent), Scale(validation, exponent), Defaults, 0, Ct), test.Features);

        scaled.ShouldBe([.. unit.Select(v => Math.ScaleB(v, exponent))]);
        unit.Distinct().Count().ShouldBeGreaterThan(10);
    }

    /// <summary>A probe: learning-rate 5 (allowed up to 1000) made the outputs overflow, and the NaN answers were
    /// blamed on the data ("row 0: the prediction is NaN … are some values absurdly large"). The parameter is named.</summary>
    [Fact]
    public void Regression_LearningRateThatOvershoots_IsRefusedNamingIt()
    {
        var parameters = new Dictionary<string, string> { ["learning-rate"] = "5" };

        Should.Throw<InputDataException>(() => new GbtLearner().Fit(GbtSynthetic.Regression(500, 1), null, parameters, 0, Ct))
            .Message.ShouldBe("gbt: the model's outputs overflowed within 100 iterations: learning-rate 5 overshoots at every step (keep it at most 1; the default is 0.1)");
    }

    [Fact]
    public void Fit_Weights_ZeroWeightRowsAreIgnored()
    {
        // Rows with weight 0 carry wrong labels: the model must follow the weighted rows.
        var clean = GbtSynthetic.Linear(2000, 6, flip: 0);
        var weights = new double[clean.Targets.Length];
        var targets = (double[])clean.Targets.Clone();
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = i % 2 == 0 ? 1 : 0;
            targets[i] = i % 2 == 0 ? targets[i] : 1 - targets[i];
        }

        var model = new GbtLearner().Fit(clean with { Targets = targets, Weights = weights }, null, Defaults, 0, Ct);

        GbtDatasets.Accuracy(model, GbtSynthetic.Linear(1000, 7, flip: 0)).ShouldBeGreaterThan(0.93);
    }

    [Fact]
    public void Fit_Cancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Should.Throw<OperationCanceledException>(() => new GbtLearner().Fit(GbtSynthetic.Linear(200, 1), null, Defaults, 0, cts.Token));
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(-1.0)]
    [InlineData(0.5)]
    [InlineData(double.NaN)]
    public void Fit_BadClassTarget_ThrowsInputDataException(double target)
    {
        var data = GbtSynthetic.Linear(100, 1);
        var targets = (double[])data.Targets.Clone();
        targets[17] = target;

        Should.Throw<InputDataException>(() => new GbtLearner().Fit(data with { Targets = targets }, null, Defaults, 0, Ct));
    }

    [Fact]
    public void Fit_NoRows_ThrowsInputDataException()
    {
        var data = new TrainingData(new DataFrame([Column.Numeric("x", [])]), [], TaskKind.Regression, []);

        Should.Throw<InputDataException>(() => new GbtLearner().Fit(data, null, Defaults, 0, Ct)).Message.ShouldContain("no rows");
    }

    private static int CountRows(TrainingData data, GbtTree tree, int node)
    {
        // Rows of the training data whose path passes through the node.
        var columns = new[] { data.Features["x0"].Numbers, data.Features["x1"].Numbers, data.Features["noise"].Numbers };
        var count = 0;
        for (var r = 0; r < data.Targets.Length; r++)
        {
            var i = 0;
            while (i != node && !tree.Nodes[i].IsLeaf && i < node)
            {
                var n = tree.Nodes[i];
                i = columns[n.Feature][r] <= n.Threshold ? n.Left : n.Right;
            }

            count += i == node ? 1 : 0;
        }

        return count;
    }

    /// <summary>The same data with targets divided by the power of two that brings the largest into [1, 2).</summary>
    private static TrainingData UnitScale(TrainingData data) =>
        Scale(data, -Math.ILogB(data.Targets.Max(Math.Abs)));

    private static TrainingData Scale(TrainingData data, int exponent) =>
        data with { Targets = [.. data.Targets.Select(t => Math.ScaleB(t, exponent))] };
}
