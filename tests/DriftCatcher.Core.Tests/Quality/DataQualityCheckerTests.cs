using DriftCatcher.Core.Data;
using DriftCatcher.Core.Findings;
using DriftCatcher.Core.Quality;
using Shouldly;

namespace DriftCatcher.Core.Tests.Quality;

public sealed class DataQualityCheckerTests
{
    private static readonly QualityBaseline Baseline = QualityBaseline.Build(QualityData.Sample(20_000, seed: 1), label: "label");

    [Theory]
    [InlineData(200, 11)]
    [InlineData(2_000, 12)]
    [InlineData(20_000, 13)]
    [InlineData(100_000, 14)]
    public void Check_FreshSampleSameDistribution_HasNoWarningOrCritical(int rows, int seed)
    {
        var report = DataQualityChecker.Check(Baseline, QualityData.Sample(rows, seed));

        report.Findings.Where(f => f.Severity >= Severity.Warning).ShouldBeEmpty();

        // Only a heavy tail's occasional new extreme is worth an Info; rates that merely wobble are not.
        report.Findings.Where(f => f.Code != QualityCodes.OutOfRange).ShouldBeEmpty();
        report.Rows.ShouldBe(rows);
        report.Columns.Count.ShouldBe(6);
    }

    [Fact]
    public void Check_MissingColumn_IsCriticalSchemaMismatch()
    {
        var report = DataQualityChecker.Check(Baseline, QualityData.Sample(1_000, 2).Without("income"));

        var f = Single(report, QualityCodes.MissingColumn);
        f.Kind.ShouldBe(FindingKind.SchemaMismatch);
        f.Severity.ShouldBe(Severity.Critical);
        f.Subject.ShouldBe("income");
        report.Findings[0].ShouldBe(f);
        report.Columns.Single(c => c.Name == "income").CurrentKind.ShouldBeNull();
    }

    [Fact]
    public void Check_ExtraColumn_IsInfoAndLabelIsNotExtra()
    {
        var window = QualityData.Sample(1_000, 3);
        window = new DataFrame([.. window.Columns, Column.Numeric("debug_id", new double[window.RowCount])]);

        var report = DataQualityChecker.Check(Baseline, window);

        var f = Single(report, QualityCodes.ExtraColumn);
        f.Kind.ShouldBe(FindingKind.SchemaMismatch);
        f.Severity.ShouldBe(Severity.Info);
        f.Subject.ShouldBe("debug_id");
        report.Columns.Single(c => c.Name == "debug_id").ReferenceKind.ShouldBeNull();
    }

    [Fact]
    public void Check_NumericColumnNowHoldsText_IsCriticalTypeChange()
    {
        var csv = "age,income,score,visits,city,product\n"
            + string.Concat(Enumerable.Range(0, 50).Select(i => $"{(i % 10 == 0 ? "unknown" : "41")},50000,0.5,{i % 3},Lyon,p1\n"));

        var report = DataQualityChecker.Check(Baseline, CsvFrameReader.Parse(csv));

        var f = Single(report, QualityCodes.TypeChanged);
        f.Kind.ShouldBe(FindingKind.SchemaMismatch);
        f.Severity.ShouldBe(Severity.Critical);
        f.Subject.ShouldBe("age");
        f.Evidence["count"].ShouldBe(5);
        f.Evidence["rate"].ShouldBe(0.1);
        f.Message.ShouldContain("unknown");
    }

    [Theory]
    [InlineData(0.30, Severity.Critical)]
    [InlineData(0.10, Severity.Warning)]
    [InlineData(0.03, Severity.Info)]
    public void Check_MissingRateJump_SeverityByMagnitude(double rate, Severity expected)
    {
        var window = QualityData.Inject(QualityData.Sample(5_000, 4), "score", rate, double.NaN, seed: 5);

        var f = Single(DataQualityChecker.Check(Baseline, window), QualityCodes.MissingValues);

        f.Subject.ShouldBe("score");
        f.Kind.ShouldBe(FindingKind.DataQuality);
        f.Severity.ShouldBe(expected);
        f.Evidence["rate"].ShouldBe(window["score"].Numbers.Count(double.IsNaN) / 5_000.0);
        f.Evidence["count"].ShouldBe(window["score"].Numbers.Count(double.IsNaN));
        f.Evidence["reference_rate"].ShouldBe(0);
        f.Evidence["rows"].ShouldBe(5_000);
        f.Evidence["threshold"].ShouldBe(QualityOptions.DefaultMissingWarningIncrease);
    }

    [Fact]
    public void Check_MissingRateAboveReferenceButWithinNoiseOfSmallWindow_IsNotReported()
    {
        // age has 1% missing in the reference; 4 of 50 (8%) is a big jump in rate but only z ≈ 3.
        var window = QualityData.Sample(50, 6);
        var age = (double[])window["age"].Numbers.Clone();
        for (var i = 0; i < age.Length; i++)
        {
            age[i] = i < 4 ? double.NaN : 40;
        }

        age[10] = 45;
        var report = DataQualityChecker.Check(Baseline, QualityData.With(window, Column.Numeric("age", age)));

        report.Findings.ShouldNotContain(f => f.Code == QualityCodes.MissingValues);
    }

    [Theory]
    [InlineData(0.10, Severity.Critical)]
    [InlineData(0.03, Severity.Warning)]
    public void Check_InfinityRateJump_IsReported(double rate, Severity expected)
    {
        var window = QualityData.Inject(QualityData.Sample(5_000, 7), "income", rate, double.NegativeInfinity, seed: 8);

        var f = Single(DataQualityChecker.Check(Baseline, window), QualityCodes.NonFiniteValues);

        f.Subject.ShouldBe("income");
        f.Severity.ShouldBe(expected);
        f.Evidence["reference_rate"].ShouldBe(Baseline.Columns.Single(c => c.Name == "income").NonFiniteRate);
        f.Evidence["reference_rate"].ShouldBeGreaterThan(0);
    }

    [Theory]
    [InlineData("age")]
    [InlineData("income")]
    [InlineData("score")]
    public void Check_UnitChangeTimes1000_IsCriticalOutOfRange(string column)
    {
        var window = QualityData.Sample(2_000, 9);
        var scaled = window[column].Numbers.Select(v => v * 1000).ToArray();

        var report = DataQualityChecker.Check(Baseline, QualityData.With(window, Column.Numeric(column, scaled)));

        var f = Single(report, QualityCodes.OutOfRange);
        f.Subject.ShouldBe(column);
        f.Severity.ShouldBe(Severity.Critical);
        f.Evidence["rate"].ShouldBeGreaterThan(0.9);
        f.Evidence["current_max"].ShouldBeGreaterThan(f.Evidence["upper_bound"]);
    }

    [Theory]
    [InlineData(2, Severity.Info)]
    [InlineData(40, Severity.Warning)]
    public void Check_SomeValuesOutOfRange_InfoOrWarning(int count, Severity expected)
    {
        var window = QualityData.Sample(2_000, 10);
        var score = (double[])window["score"].Numbers.Clone();
        for (var i = 0; i < count; i++)
        {
            score[i * 7] = 1.5;
        }

        var report = DataQualityChecker.Check(Baseline, QualityData.With(window, Column.Numeric("score", score)));

        var f = Single(report, QualityCodes.OutOfRange);
        f.Severity.ShouldBe(expected);
        f.Evidence["count"].ShouldBe(count);
        report.Columns.Single(c => c.Name == "score").OutOfRange.ShouldBe(count);
    }

    [Fact]
    public void Check_ValueJustOutsideReferenceRange_IsToleratedByTheMargin()
    {
        var reference = Baseline.Columns.Single(c => c.Name == "score");
        var width = reference.Max!.Value - reference.Min!.Value;
        var window = QualityData.Sample(2_000, 15);
        var score = (double[])window["score"].Numbers.Clone();
        score[0] = reference.Max.Value + (0.04 * width);
        score[1] = reference.Min.Value - (0.04 * width);

        var report = DataQualityChecker.Check(Baseline, QualityData.With(window, Column.Numeric("score", score)));

        report.Findings.ShouldNotContain(f => f.Code == QualityCodes.OutOfRange);
    }

    [Theory]
    [InlineData(0.20, Severity.Critical)]
    [InlineData(0.03, Severity.Warning)]
    public void Check_UnseenCategories_SeverityByShare(double rate, Severity expected)
    {
        var window = QualityData.Sample(5_000, 16);
        var rng = new Random(17);
        var city = Enumerable.Range(0, window.RowCount).Select(i => rng.NextDouble() < rate ? "Marseille" : window["city"].GetString(i)).ToArray();

        var report = DataQualityChecker.Check(Baseline, QualityData.With(window, Column.Categorical("city", city)));

        var f = Single(report, QualityCodes.UnseenCategories);
        f.Subject.ShouldBe("city");
        f.Severity.ShouldBe(expected);
        f.Evidence["distinct_unseen"].ShouldBe(1);
        f.Evidence["reference_rate"].ShouldBe(0);
        f.Message.ShouldContain("Marseille");
    }

    [Fact]
    public void Check_LongTailColumn_ExpectsSomeUnseenCategories()
    {
        var product = Baseline.Columns.Single(c => c.Name == "product");
        product.ExpectedUnseenRate.ShouldBeGreaterThan(0);
        product.ExpectedUnseenRate.ShouldBeLessThan(0.01);
        Baseline.Columns.Single(c => c.Name == "city").ExpectedUnseenRate.ShouldBe(0);
    }

    [Fact]
    public void Check_CategoricalColumnReadAsNumbers_IsComparedAsText()
    {
        var reference = new DataFrame([Column.Categorical("zone", [.. Enumerable.Range(0, 1000).Select(i => (i % 4).ToString(System.Globalization.CultureInfo.InvariantCulture))])]);
        var baseline = QualityBaseline.Build(reference);
        var window = new DataFrame([Column.Numeric("zone", [.. Enumerable.Range(0, 1000).Select(i => (double)(i % 5))])]);

        var report = DataQualityChecker.Check(baseline, window);

        report.Findings.ShouldNotContain(f => f.Code == QualityCodes.TypeChanged);
        var f = Single(report, QualityCodes.UnseenCategories);
        f.Evidence["count"].ShouldBe(200);
        f.Severity.ShouldBe(Severity.Critical);
    }

    [Fact]
    public void Check_StuckColumn_IsConstantWarning()
    {
        var window = QualityData.Sample(500, 18);
        var stuck = Column.Numeric("score", [.. Enumerable.Repeat(0.25, window.RowCount)]);

        var report = DataQualityChecker.Check(Baseline, QualityData.With(window, stuck));

        var f = Single(report, QualityCodes.ConstantColumn);
        f.Severity.ShouldBe(Severity.Warning);
        f.Subject.ShouldBe("score");
        report.Columns.Single(c => c.Name == "score").IsConstant.ShouldBeTrue();
    }

    [Fact]
    public void Check_DominantCategoryInSmallWindow_IsNotCalledConstant()
    {
        // 'Lyon' holds 40% of the reference: ten Lyon rows in a row happen with chance 1e-4, above the threshold.
        var window = QualityData.Sample(10, 19);
        var report = DataQualityChecker.Check(Baseline, QualityData.With(window, Column.Categorical("city", [.. Enumerable.Repeat<string?>("Lyon", 10)])));

        report.Columns.Single(c => c.Name == "city").IsConstant.ShouldBeTrue();
        report.Findings.ShouldNotContain(f => f.Code == QualityCodes.ConstantColumn);
    }

    [Fact]
    public void Check_ReplayedRows_AreCriticalDuplicates()
    {
        var window = QualityData.Sample(4_000, 20);
        var rows = Enumerable.Range(0, 4_000).Select(i => i < 3_000 ? i : i - 3_000).ToArray();

        var report = DataQualityChecker.Check(Baseline, window.Take(rows));

        report.DuplicateRows.ShouldBe(1_000);
        var f = Single(report, QualityCodes.DuplicateRows);
        f.Severity.ShouldBe(Severity.Critical);
        f.Subject.ShouldBe(DataQualityChecker.DatasetSubject);
        f.Evidence["rate"].ShouldBe(0.25);
        f.Evidence["reference_rate"].ShouldBe(0);
    }

    [Fact]
    public void Check_RowsDifferingOnlyInLabel_AreDuplicates()
    {
        var window = QualityData.Sample(100, 21);
        var rows = Enumerable.Range(0, 200).Select(i => i % 100).ToArray();
        var doubled = window.Take(rows);
        var labels = Column.Categorical("label", [.. Enumerable.Range(0, 200).Select(i => i < 100 ? "yes" : "no")]);

        var report = DataQualityChecker.Check(Baseline, QualityData.With(doubled, labels));

        report.DuplicateRows.ShouldBe(100);
    }

    [Fact]
    public void Check_EmptyWindow_ReportsSchemaOnly()
    {
        var window = QualityData.Sample(0, 22).Without("city");

        var report = DataQualityChecker.Check(Baseline, window);

        report.Rows.ShouldBe(0);
        report.Findings.Select(f => f.Code).ShouldBe([QualityCodes.MissingColumn]);
    }

    [Fact]
    public void Check_BadOptions_Throw()
    {
        var options = new QualityOptions { MissingWarningIncrease = 0.5, MissingCriticalIncrease = 0.2 };
        Should.Throw<ArgumentOutOfRangeException>(() => DataQualityChecker.Check(Baseline, QualityData.Sample(10, 23), options));
    }

    private static Finding Single(QualityReport report, string code)
    {
        var matches = report.Findings.Where(f => f.Code == code).ToList();
        matches.Count.ShouldBe(1, $"findings: {string.Join("; ", report.Findings.Select(f => f.Code + ":" + f.Subject))}");

        // Evidence travels as JSON, which has no NaN or Infinity.
        report.Findings.SelectMany(f => f.Evidence.Values).ShouldAllBe(v => double.IsFinite(v));
        return matches[0];
    }
}
