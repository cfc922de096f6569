using DriftCatcher.Core.Learning;
using DriftCatcher.Core.Learning.Gbt;
using Shouldly;

namespace DriftCatcher.Core.Tests.Learning.Gbt;

/// <summary>
/// Held-out accuracy against scikit-learn's HistGradientBoosting with default settings on the same
/// CSV files (reference numbers from tests/reference/learners/make_datasets.py).
/// </summary>
public sealed class GbtAccuracyTests
{
    private static readonly Dictionary<string, string> Defaults = [];

    [Theory]
    [InlineData("breast_cancer")]
    [InlineData("breast_cancer_missing")]
    [InlineData("wine")]
    [InlineData("iris")]
    [InlineData("digits")]
    [InlineData("synthetic3")]
    [InlineData("hastie")]
    [InlineData("categorical")]
    public void Accuracy_DefaultSettings_WithinTwoPointsOfSklearn(string dataset)
    {
        var (train, test) = GbtDatasets.Read(dataset);
        var sklearn = GbtDatasets.Entry(dataset).GetProperty("accuracy").GetDouble();

        var model = new GbtLearner().Fit(train, null, Defaults, seed: 0, TestContext.Current.CancellationToken);

        GbtDatasets.Accuracy(model, test).ShouldBeGreaterThanOrEqualTo(sklearn - 0.02);
    }

    [Theory]
    [InlineData("diabetes")]
    [InlineData("friedman")]
    public void Rmse_DefaultSettings_WithinFivePercentOfSklearn(string dataset)
    {
        var (train, test) = GbtDatasets.Read(dataset);
        var sklearn = GbtDatasets.Entry(dataset).GetProperty("rmse").GetDouble();

        var model = new GbtLearner().Fit(train, null, Defaults, seed: 0, TestContext.Current.CancellationToken);

        GbtDatasets.Rmse(model, test).ShouldBeLessThanOrEqualTo(sklearn * 1.05);
    }

    [Theory]
    [InlineData("breast_cancer")]
    [InlineData("hastie")]
    public void Binning_NumericThresholds_EqualSklearnBinMapper(string dataset)
    {
        var (train, _) = GbtDatasets.Read(dataset);
        foreach (var column in GbtDatasets.Binning.GetProperty(dataset).EnumerateObject())
        {
            var expected = column.Value.EnumerateArray().Select(v => v.GetDouble()).ToArray();
            var binning = FeatureBinning.FitNumeric(column.Name, train.Features[column.Name].Numbers, null, 255);

            // Exact: the thresholds are computed with numpy's operations in numpy's order.
            binning.Thresholds.ShouldBe(expected, column.Name);
        }
    }
}
