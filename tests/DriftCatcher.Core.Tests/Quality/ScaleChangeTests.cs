using DriftCatcher.Core.Data;
using DriftCatcher.Core.Findings;
using DriftCatcher.Core.Quality;
using Shouldly;

namespace DriftCatcher.Core.Tests.Quality;

/// <summary>A column that changed units: every quartile moved by one large factor, inside the reference range or not.</summary>
public sealed class ScaleChangeTests
{
    private static readonly QualityBaseline Baseline = QualityBaseline.Build(QualityData.Sample(20_000, seed: 1), label: "label");

    private static DataFrame Window(int seed, string column, Func<double, double> change)
    {
        var frame = QualityData.Sample(500, seed);
        return QualityData.With(frame, Column.Numeric(column, [.. frame[column].Numbers.Select(change)]));
    }

    private static Finding? ScaleFinding(DataFrame window, string column) =>
        DataQualityChecker.Check(Baseline, window).Findings.SingleOrDefault(f => f.Code == QualityCodes.ScaleChange && f.Subject == column);

    [Fact]
    public void Quartiles_AreNumpysLinearQuantiles_OfAStridedSample()
    {
        // numpy.quantile(np.arange(1, 101), [.25, .5, .75]) and, for 30 000 values (stride 8 for a sample of at
        // most 4 000), numpy.quantile((np.arange(1, 30001) * 0.5)[::8], [.25, .5, .75]).
        Quartiles.Of([.. Enumerable.Range(1, 100).Select(i => (double)i)]).ShouldBe([25.75, 50.5, 75.25]);
        Quartiles.Of([.. Enumerable.Range(1, 30_000).Select(i => i * 0.5)]).ShouldBe([3749.5, 7498.5, 11247.5]);
        Quartiles.Of([1, 2, double.NaN, double.PositiveInfinity]).ShouldBeNull("fewer than 20 finite values");
    }

    [Fact]
    public void AColumnDividedByAHundred_StaysInRange_ButIsAScaleChange()
    {
        var window = Window(2, "score", v => v / 100);
        var finding = ScaleFinding(window, "score").ShouldNotBeNull();
        finding.Severity.ShouldBe(Severity.Critical);
        finding.Evidence["factor"].ShouldBe(0.01, 0.002);
        finding.Message.ShouldContain("changed units");
        DataQualityChecker.Check(Baseline, window).Findings.ShouldNotContain(f => f.Code == QualityCodes.OutOfRange && f.Subject == "score" && f.Severity == Severity.Critical);
    }

    [Theory]
    [InlineData("income", 1000.0)]
    [InlineData("age", 100.0)]
    [InlineData("visits", 10.0)]
    [InlineData("income", 0.001)]
    public void AnyColumnScaledByAUnitFactor_IsAScaleChange(string column, double factor)
    {
        var finding = ScaleFinding(Window(3, column, v => v * factor), column).ShouldNotBeNull();
        finding.Evidence["factor"].ShouldBe(factor, factor * 0.2);
    }

    [Theory]
    [InlineData("score", 0.5, 1.0)]
    [InlineData("age", 20.0, 1.0)]
    [InlineData("age", 0.0, 2.0)]
    [InlineData("income", 0.0, 4.0)]
    [InlineData("income", 0.0, 24.0)]
    [InlineData("income", 0.0, 64.0)]
    [InlineData("income", 0.0, 0.045)]
    public void AShiftASmallScalingOrAFactorFarFromAPowerOfTen_IsNotAUnitChange(string column, double add, double multiply) =>
        ScaleFinding(Window(4, column, v => (v * multiply) + add), column).ShouldBeNull();

    [Fact]
    public void CleanWindows_NeverLookLikeAUnitChange()
    {
        for (var seed = 10; seed < 40; seed++)
        {
            DataQualityChecker.Check(Baseline, QualityData.Sample(500, seed)).Findings.ShouldNotContain(f => f.Code == QualityCodes.ScaleChange, $"seed {seed}");
        }
    }

    [Fact]
    public void ABaselineWrittenBeforeQuartiles_LoadsAndSkipsTheCheck()
    {
        var json = Baseline.ToJson();
        json.ShouldContain("\"P25\":");
        var stripped = System.Text.Json.Nodes.JsonNode.Parse(json)!;
        foreach (var c in stripped["Columns"]!.AsArray())
        {
            foreach (var key in new[] { "P25", "P50", "P75" })
            {
                c!.AsObject().Remove(key);
            }
        }

        var before = QualityBaseline.FromJson(stripped.ToJsonString());
        before.Columns.ShouldAllBe(c => c.P25 == null && c.P50 == null && c.P75 == null);
        DataQualityChecker.Check(before, Window(5, "score", v => v / 100)).Findings.ShouldNotContain(f => f.Code == QualityCodes.ScaleChange);
    }
}
