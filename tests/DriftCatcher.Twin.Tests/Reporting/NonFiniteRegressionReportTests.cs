using DriftCatcher.Core.Data;
using DriftCatcher.Twin.Reporting;
using Shouldly;

namespace DriftCatcher.Twin.Tests.Reporting;

/// <summary>
/// A regression stream with labels the replay cannot score (±∞) or whose errors overflow a plain sum (±1e308):
/// the report scores the rows the replay scores and still renders (an ∞ MAE used to make the axis loop forever).
/// </summary>
public sealed class NonFiniteRegressionReportTests
{
    private const string Predictions = "batch,row,prediction,served_version\n0,0,1,v1\n0,1,1,v1\n1,2,2,v1\n1,3,2,v1\n";

    [Fact]
    public void Load_InfiniteLabels_AreLeftOutOfTheMae_AsTheReplayLeavesThemOut()
    {
        using var dir = new RunDir().File("predictions.csv", Predictions);
        var stream = new DataFrame([Column.Numeric("y", [1.5, double.PositiveInfinity, 2.5, double.NegativeInfinity])]);

        var data = TwinRunData.Load(dir.Path, stream, "y");

        data.IsRegression.ShouldBeTrue();
        data.Summary.Answered.ShouldBe(2);
        data.Summary.MeanMae.ShouldBe(0.5);
        data.Batches.Select(b => b.Mae).ShouldBe([0.5, 0.5]);
        data.Batches.SelectMany(b => b.Versions).Select(v => v.Mae).ShouldBe([0.5, 0.5]);
    }

    [Fact]
    public void Load_ErrorsNear1e308_HaveTheirFiniteMae_NotAnOverflowedSum()
    {
        using var dir = new RunDir().File("predictions.csv", "batch,row,prediction,served_version\n0,0,0,v1\n0,1,0,v1\n0,2,0,v1\n0,3,0,v1\n");
        var stream = new DataFrame([Column.Numeric("y", [1e308, -1e308, 1e308, 0.5])]);

        var data = TwinRunData.Load(dir.Path, stream, "y");

        data.Summary.Answered.ShouldBe(4);
        data.Summary.MeanMae.ShouldNotBeNull().ShouldBe(7.5e307, 7.5e307 * 1e-12);
        data.Batches.Single().Mae.ShouldNotBeNull().ShouldBe(7.5e307, 7.5e307 * 1e-12);
    }

    [Theory(Timeout = 30_000)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(1e308)]
    [InlineData(-1e308)]
    public async Task Render_RegressionWithAnExtremeLabel_Finishes_WithoutNonFiniteNumbers(double extreme)
    {
        using var dir = new RunDir().File("predictions.csv", Predictions);
        var stream = new DataFrame([Column.Numeric("y", [1.5, extreme, 2.5, 3.25])]);
        var data = TwinRunData.Load(dir.Path, stream, "y");

        var html = await Task.Run(() => TwinReport.Render(data), TestContext.Current.CancellationToken);
        var comparison = await Task.Run(() => TwinComparisonReport.Render([("a", data), ("b", data)]), TestContext.Current.CancellationToken);

        foreach (var page in new[] { html, comparison })
        {
            HtmlStructure.Problems(page).ShouldBeEmpty();
            page.ShouldNotContain("NaN");
            page.ShouldNotContain("∞");
            page.ShouldNotContain("Infinity");
            page.Length.ShouldBeLessThan(200_000);
        }
    }
}
