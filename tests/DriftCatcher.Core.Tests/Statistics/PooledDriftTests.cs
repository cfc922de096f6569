using DriftCatcher.Core.Data;
using DriftCatcher.Core.Statistics;
using Shouldly;

namespace DriftCatcher.Core.Tests.Statistics;

/// <summary>
/// Drift over several windows pooled, from their counts per reference bin (what the agent keeps of a batch):
/// the binned KS statistic, its threshold, and why pooling tells excursions from a move.
/// </summary>
public sealed class PooledDriftTests
{
    private const int ReferenceRows = 2_000;

    private static readonly ReferenceProfile Profile = ReferenceProfile.Build(new DataFrame([
        Column.Numeric("x1", Samples.Uniform(new Random(1), ReferenceRows, 0, 10)),
        Column.Numeric("x2", Samples.Uniform(new Random(2), ReferenceRows, 0, 10)),
        Column.Numeric("x3", Samples.Uniform(new Random(3), ReferenceRows, 0, 10)),
    ]));

    [Fact]
    public void CountsInTheReferencesOwnProportions_DoNotDrift()
    {
        var reference = Profile.Features[0].Numeric!.BinCounts;
        var pooled = DriftAnalyzer.ComparePooled(Profile, new Dictionary<string, long[]> { ["x1"] = [.. reference.Select(c => c * 3)] }).ShouldHaveSingleItem();
        pooled.Statistic.ShouldBe(0, 1e-12);
        pooled.Count.ShouldBe(3 * reference.Sum());
        pooled.Drifted.ShouldBeFalse();
    }

    [Fact]
    public void AllRowsInTheLowestThreeBins_GiveTheGapAtTheThirdEdge_AgainstTheOneWindowThreshold()
    {
        var reference = Profile.Features[0].Numeric!.BinCounts;
        long[] counts = [20, 20, 20, .. new long[reference.Length - 3]];
        var pooled = DriftAnalyzer.ComparePooled(Profile, new Dictionary<string, long[]> { ["x1"] = counts }).ShouldHaveSingleItem();

        // The current CDF is 1/3, 2/3, then 1 from the third edge on; the reference's rises by about 0.1 a bin,
        // so the largest gap is 1 minus the reference's share below the third edge.
        var n = reference.Sum();
        pooled.Statistic.ShouldBe(1 - ((double)reference.Take(3).Sum() / n), 1e-12);
        var critical = DriftStatistics.KolmogorovSmirnovCriticalValue(DriftOptions.DefaultFamilyWiseErrorRate / 3, n, 60);
        pooled.Critical.ShouldBe(critical, 1e-12);
        pooled.Threshold.ShouldBe(Math.Max(DriftOptions.DefaultMinimumKsStatistic, critical), 1e-12);
        pooled.ChanceCanCross.ShouldBeTrue();
        pooled.Drifted.ShouldBeTrue();

        // At 2 000 pooled values the critical value is under the effect floor: chance alone cannot cross it.
        var many = DriftAnalyzer.ComparePooled(Profile, new Dictionary<string, long[]> { ["x1"] = [.. reference] }).ShouldHaveSingleItem();
        many.ChanceCanCross.ShouldBeFalse();
        many.Threshold.ShouldBe(DriftOptions.DefaultMinimumKsStatistic);
    }

    [Fact]
    public void TheBinnedStatistic_NeverExceedsTheOneOnTheRowsThemselves()
    {
        var rng = new Random(17);
        for (var r = 0; r < 50; r++)
        {
            var m = rng.Next(5, 400);
            var shift = rng.NextDouble() * 4;
            var values = Samples.Uniform(rng, m, shift, 10 + shift);
            var exact = DriftAnalyzer.Compare(Profile, Frame(values, Samples.Uniform(rng, m, 0, 10), Samples.Uniform(rng, m, 0, 10))).Features[0];
            var pooled = DriftAnalyzer.ComparePooled(Profile, new Dictionary<string, long[]> { ["x1"] = Counts(values) }).ShouldHaveSingleItem();
            pooled.Statistic.ShouldBeLessThanOrEqualTo(exact.KsStatistic!.Value + 1e-12);
            pooled.Count.ShouldBe(m);
        }
    }

    [Fact]
    public void ExcursionsThatGoDifferentWays_Cancel_ButTheSameMoveTwiceAddsUp()
    {
        var rng = new Random(18);
        var low = Samples.Uniform(rng, 20, 0, 3);
        var high = Samples.Uniform(rng, 20, 7, 10);
        var normal = Samples.Uniform(rng, 20, 0, 10);

        // Each small window drifts by itself, on its rows and on its bin counts.
        foreach (var window in new[] { low, high })
        {
            DriftAnalyzer.Compare(Profile, Frame(window, normal, normal)).Features[0].Drifted.ShouldBeTrue();
            Judge(Counts(window)).Drifted.ShouldBeTrue();
        }

        var opposite = Judge(Sum(Counts(normal), Counts(low), Counts(high)));
        opposite.Count.ShouldBe(60);
        opposite.Drifted.ShouldBeFalse();
        Judge(Sum(Counts(normal), Counts(high), Counts(Samples.Uniform(rng, 20, 7, 10)))).Drifted.ShouldBeTrue();
    }

    [Fact]
    public void CountsThatDoNotMatchTheBins_OrNamesNotInTheProfile_AreLeftOut()
    {
        var rng = new Random(19);
        var results = DriftAnalyzer.ComparePooled(Profile, new Dictionary<string, long[]>
        {
            ["x1"] = [1, 2, 3],
            ["nope"] = Counts(Samples.Uniform(rng, 20, 0, 10)),
            ["x2"] = new long[Profile.Features[1].Numeric!.BinCounts.Length],
        });
        results.ShouldBeEmpty();
    }

    private static PooledDrift Judge(long[] counts) =>
        DriftAnalyzer.ComparePooled(Profile, new Dictionary<string, long[]> { ["x1"] = counts }).ShouldHaveSingleItem();

    private static long[] Counts(double[] values)
    {
        var numeric = Profile.Features[0].Numeric!;
        var bins = new long[numeric.BinCounts.Length];
        BinCounter.Count(values, numeric.InnerEdges, bins);
        return bins;
    }

    private static long[] Sum(params long[][] counts) => [.. Enumerable.Range(0, counts[0].Length).Select(k => counts.Sum(c => c[k]))];

    private static DataFrame Frame(double[] x1, double[] x2, double[] x3) =>
        new([Column.Numeric("x1", x1), Column.Numeric("x2", x2), Column.Numeric("x3", x3)]);
}
