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
    [InlineData("income", -0.001, "flipped its sign and changed units")]
    [InlineData("age", -100.0, "flipped its sign and changed units")]
    [InlineData("score", -1.0, "flipped its sign")]
    [InlineData("visits", -1.0, "flipped its sign")]
    public void AColumnWhoseSignFlips_WithOrWithoutAUnitFactor_IsAScaleChange(string column, double factor, string says)
    {
        // Fuzz probe (session 18): ×−0.001 on SEA's x1 collapsed the column just below zero, inside no range check, and
        // the quartile check wanted every ratio positive: the agent read covariate drift and trained on the faulty rows.
        var finding = ScaleFinding(Window(3, column, v => v * factor), column).ShouldNotBeNull();
        finding.Severity.ShouldBe(Severity.Critical);
        finding.Evidence["factor"].ShouldBe(factor, Math.Abs(factor) * 0.2);
        finding.Message.ShouldEndWith($"the column looks like it {says}");
    }

    [Theory]
    [InlineData("score", 0.5, -1.0)]
    [InlineData("age", 40.0, -1.0)]
    [InlineData("income", 0.0, -24.0)]
    public void AReflectionOrANegativeFactorFarFromAPowerOfTen_IsNotAUnitChange(string column, double add, double multiply) =>
        ScaleFinding(Window(4, column, v => (v * multiply) + add), column).ShouldBeNull();

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
            foreach (var key in new[] { "P25", "P50", "P75", "Percentiles" })
            {
                c!.AsObject().Remove(key);
            }
        }

        var before = QualityBaseline.FromJson(stripped.ToJsonString());
        before.Columns.ShouldAllBe(c => c.P25 == null && c.P50 == null && c.P75 == null);
        DataQualityChecker.Check(before, Window(5, "score", v => v / 100)).Findings.ShouldNotContain(f => f.Code == QualityCodes.ScaleChange);
    }

    [Theory]
    [InlineData("score", 2.54, 0.0, "in → cm")]
    [InlineData("age", 1.609344, 0.0, "mi → km")]
    [InlineData("age", 0.45359237, 0.0, "lb → kg")]
    [InlineData("score", 2.2046226218, 0.0, "kg → lb")]
    [InlineData("age", 60.0, 0.0, "min → s")]
    [InlineData("age", 1.8, 32.0, "°C → °F")]
    [InlineData("age", 1.0, 273.15, "°C → K")]
    [InlineData("visits", 3.6, 0.0, "m/s → km/h")]
    public void AColumnConvertedToAnotherUnit_IsAScaleChange_NamingTheConversion(string column, double scale, double offset, string undone)
    {
        var finding = ScaleFinding(Window(6, column, v => (v * scale) + offset), column).ShouldNotBeNull();
        finding.Severity.ShouldBe(Severity.Critical);
        finding.Evidence["factor"].ShouldBe(scale, 1e-9 * scale);
        finding.Evidence["offset"].ShouldBe(offset, 1e-9);
        finding.Evidence["ks_undone"].ShouldBeLessThanOrEqualTo(finding.Evidence["threshold"]);
        finding.Evidence["ks_as_delivered"].ShouldBeGreaterThan(2 * finding.Evidence["threshold"]);
        finding.Message.ShouldContain(undone);
    }

    [Theory]
    [InlineData("age", 1.3, 0.0)] // a rescale by no unit's factor
    [InlineData("age", 1.5, 0.0)] // within 7 % of miles to kilometres: the deciles pin 1.5
    [InlineData("age", 1.0, 15.0)] // a shift
    [InlineData("age", 2.0, -40.0)] // wider and moved: the mean stays, the spread doubles
    [InlineData("income", 2.0, 0.0)]
    [InlineData("income", 24.0, 0.0)] // a day in hours, but a log-normal column's shape cannot tell ×24 from ×21 or ×28
    [InlineData("score", 0.7, 0.2)]
    public void AShiftOrARescaleByNoUnitsFactor_IsNotAUnitChange(string column, double scale, double offset) =>
        ScaleFinding(Window(7, column, v => (v * scale) + offset), column).ShouldBeNull();

    [Theory]
    [InlineData(24.0)]
    [InlineData(60.0)]
    [InlineData(2.54)]
    public void NewTrafficScalingPartOfTheRows_IsNotAUnitChange(double factor)
    {
        // A third of the rows (a new kind of traffic) come in ×factor: the quartiles may move, the shape does not come back.
        var frame = QualityData.Sample(600, 8);
        var changed = frame["income"].Numbers.Select((v, i) => i % 3 == 0 ? v * factor : v).ToArray();
        ScaleFinding(QualityData.With(frame, Column.Numeric("income", changed)), "income").ShouldBeNull();
    }

    [Fact]
    public void SmallWindows_AreNotJudgedByShape()
    {
        var frame = QualityData.Sample(60, 9);
        var window = QualityData.With(frame, Column.Numeric("age", [.. frame["age"].Numbers.Select(v => v * 1.609344)]));
        ScaleFinding(window, "age").ShouldBeNull("60 values are too few to tell a unit change from a shift by shape");
    }

    [Fact]
    public void CleanWindows_NeverMatchAConversion_NorDoesAnyConversionMatchItsOwnInverse()
    {
        for (var seed = 40; seed < 70; seed++)
        {
            DataQualityChecker.Check(Baseline, QualityData.Sample(1_000, seed)).Findings.ShouldNotContain(f => f.Code == QualityCodes.ScaleChange, $"seed {seed}");
        }

        UnitConversions.Known.Select(c => c.Name).ShouldBeUnique();
        UnitConversions.Known.ShouldAllBe(c => c.Scale > 0 && Math.Abs(c.Undo((c.Scale * 7.3) + c.Offset) - 7.3) < 1e-9);
    }

    [Fact]
    public void ABaselineWrittenBeforePercentiles_LoadsAndSkipsTheConversionCheck()
    {
        var stripped = System.Text.Json.Nodes.JsonNode.Parse(Baseline.ToJson())!;
        foreach (var c in stripped["Columns"]!.AsArray())
        {
            c!.AsObject().Remove("Percentiles");
        }

        var before = QualityBaseline.FromJson(stripped.ToJsonString());
        before.Columns.ShouldAllBe(c => c.Percentiles == null);
        DataQualityChecker.Check(before, Window(5, "age", v => v * 1.609344)).Findings.ShouldNotContain(f => f.Code == QualityCodes.ScaleChange);
        DataQualityChecker.Check(before, Window(5, "score", v => v / 100)).Findings.ShouldContain(f => f.Code == QualityCodes.ScaleChange, "the quartile check needs no percentiles");
    }
}
