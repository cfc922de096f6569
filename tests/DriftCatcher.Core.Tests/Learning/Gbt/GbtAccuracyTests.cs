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

    /// <summary>
    /// Where sklearn uses no randomness (no early stopping below 10,000 rows) the model itself is the
    /// same: per-row outputs (probabilities, or predictions relative to max(1, |y|)) agree with
    /// sklearn's to 1e-9. On iris, wine and digits (few distinct feature values, many rows sharing a
    /// gradient) a few exact near-ties still resolve differently in the last bits; there the observed
    /// gaps are 2.6e-4, 3.1e-4 and 1.9e-3, so the bound is set a few times above them.
    /// </summary>
    [Theory]
    [InlineData("breast_cancer", 1e-9)]
    [InlineData("breast_cancer_missing", 1e-9)]
    [InlineData("wine", 1e-3)]
    [InlineData("iris", 1e-3)]
    [InlineData("synthetic3", 1e-9)]
    [InlineData("categorical", 1e-9)]
    [InlineData("diabetes", 1e-9)]
    [InlineData("friedman", 1e-9)]
    [InlineData("digits", 1e-2)]
    public void Predictions_NoRandomness_EqualSklearnRowByRow(string dataset, double tolerance)
    {
        var (train, test) = GbtDatasets.Read(dataset);
        var expected = GbtDatasets.Entry(dataset).GetProperty("predictions").EnumerateArray().Select(v => v.GetDouble()).ToArray();

        var model = new GbtLearner().Fit(train, null, Defaults, seed: 0, TestContext.Current.CancellationToken);

        var actual = GbtSynthetic.Predict(model, test.Features)[..expected.Length];
        var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a) / Math.Max(1, Math.Abs(e))).Max();
        worst.ShouldBeLessThanOrEqualTo(tolerance);
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

    [Fact]
    public void Binning_ManyInfinities_ThresholdsOrderedAndExtremeBins()
    {
        // More than 255 distinct values and long runs of ±Infinity: percentile edges fall between equal infinities.
        var values = new double[3000];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = i % 3 == 0 ? double.NegativeInfinity : i % 3 == 1 ? i : double.PositiveInfinity;
        }

        var binning = FeatureBinning.FitNumeric("x", values, null, 255);

        binning.Thresholds.ShouldNotContain(double.NaN);
        binning.Thresholds.ShouldBe(binning.Thresholds.Order().ToArray());
        FeatureBinning.BinOf(binning.Thresholds, double.NegativeInfinity).ShouldBe(0);
        FeatureBinning.BinOf(binning.Thresholds, double.PositiveInfinity).ShouldBe(binning.NonMissingBins - 1);
        FeatureBinning.BinOf(binning.Thresholds, 1000).ShouldBeInRange(1, binning.NonMissingBins - 2);
    }
}
