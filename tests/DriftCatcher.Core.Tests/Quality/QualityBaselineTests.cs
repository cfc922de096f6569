using DriftCatcher.Core.Data;
using DriftCatcher.Core.Quality;
using FsCheck;
using FsCheck.Fluent;
using Shouldly;

namespace DriftCatcher.Core.Tests.Quality;

public sealed class QualityBaselineTests
{
    [Fact]
    public void Build_RecordsSchemaRangesAndRates()
    {
        var frame = new DataFrame(
        [
            Column.Numeric("x", [1, double.NaN, 3, double.PositiveInfinity, -2, 3, 3, 3]),
            Column.Categorical("c", ["a", "b", null, "a", "a", "c", "a", "a"]),
            Column.Categorical("y", ["0", "1", "0", "1", "0", "1", "0", "1"]),
        ]);

        var b = QualityBaseline.Build(frame, label: "y");

        b.Rows.ShouldBe(8);
        b.Columns.Select(c => c.Name).ShouldBe(["x", "c"]);
        var x = b.Columns[0];
        x.Kind.ShouldBe(ColumnKind.Numeric);
        x.Min.ShouldBe(-2);
        x.Max.ShouldBe(3);
        x.MissingRate.ShouldBe(1 / 8.0);
        x.NonFiniteRate.ShouldBe(1 / 8.0);
        x.ModeFrequency.ShouldBe(4 / 7.0);
        var c = b.Columns[1];
        c.Categories.ShouldBe(["a", "b", "c"]);
        c.MissingRate.ShouldBe(1 / 8.0);
        c.ExpectedUnseenRate.ShouldBe(2 / 7.0);
        c.ModeFrequency.ShouldBe(5 / 7.0);
    }

    [Fact]
    public void Build_CapsCategoriesKeepingTheMostFrequent()
    {
        var values = Enumerable.Range(0, 100).Select(i => i < 50 ? "common" : "rare" + i).ToArray();
        var b = QualityBaseline.Build(new DataFrame([Column.Categorical("c", values)]), maxCategories: 10);

        var c = b.Columns[0];
        c.Categories!.Count.ShouldBe(10);
        c.Categories[0].ShouldBe("common");
        c.CategoriesTruncated.ShouldBeTrue();
        c.ExpectedUnseenRate.ShouldBe(0.5); // 41 dropped values + 9 kept singletons, of 100
    }

    [Fact]
    public void Build_MissingLabel_ThrowsInputDataException()
    {
        var ex = Should.Throw<InputDataException>(() => QualityBaseline.Build(QualityData.Sample(10, 1), label: "target"));
        ex.Message.ShouldContain("target");
    }

    [Fact]
    public void Json_RoundTrips_AndSizeDoesNotGrowWithRows()
    {
        var small = QualityBaseline.Build(QualityData.Sample(5_000, 1), "label");
        var large = QualityBaseline.Build(QualityData.Sample(200_000, 2), "label");

        var json = large.ToJson();
        var back = QualityBaseline.FromJson(json);

        back.ToJson().ShouldBe(json);
        back.Columns.Count.ShouldBe(large.Columns.Count);
        back.Columns[0].ShouldBe(large.Columns[0]);
        back.Columns.Single(c => c.Name == "city").Categories.ShouldBe(large.Columns.Single(c => c.Name == "city").Categories);
        json.Length.ShouldBeLessThan(20_000);
        json.Length.ShouldBeLessThan((int)(small.ToJson().Length * 1.5));
    }

    [Fact]
    public void Build_DuplicateRateCountsExactRepeats()
    {
        var frame = new DataFrame(
        [
            Column.Numeric("x", [1, 1, 2, 0.0, -0.0, double.NaN, double.NaN]),
            Column.Categorical("c", ["a", "a", "a", "b", "b", null, null]),
        ]);

        // Rows 1 (= row 0), 4 (-0 = 0) and 6 (missing = missing) repeat an earlier row.
        QualityBaseline.Build(frame).DuplicateRate.ShouldBe(3 / 7.0);
    }

    [Fact]
    public void DuplicateCount_MatchesNaiveCount_OnRandomLowCardinalityFrames()
    {
        var gen =
            from rows in Gen.Choose(0, 60)
            from seed in Gen.Choose(0, int.MaxValue - 1)
            select (rows, seed);
        Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var rng = new Random(t.seed);
            var x = Enumerable.Range(0, t.rows).Select(_ => rng.Next(3) == 0 ? double.NaN : rng.Next(3)).ToArray();
            var c = Enumerable.Range(0, t.rows).Select(_ => rng.Next(4) switch { 0 => null, var k => "v" + k }).ToArray();
            var frame = new DataFrame([Column.Numeric("x", x), Column.Categorical("c", c)]);
            var naive = t.rows - Enumerable.Range(0, t.rows).Select(i => $"{x[i]}|{c[i] ?? "<null>"}").Distinct().Count();
            var expected = t.rows == 0 ? 0 : (double)naive / t.rows;
            return QualityBaseline.Build(frame).DuplicateRate == expected;
        }).QuickCheckThrowOnFailure();
    }
}
