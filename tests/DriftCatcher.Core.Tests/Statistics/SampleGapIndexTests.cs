using DriftCatcher.Core.Statistics;
using FsCheck;
using FsCheck.Fluent;
using Shouldly;

namespace DriftCatcher.Core.Tests.Statistics;

/// <summary>
/// The sort-free KS/Wasserstein (histogram over the reference sample's gaps) must give what the merge
/// walk over both sorted samples gives — on ties, values outside the reference range, signed zeros,
/// non-finite values, heavy tails and huge magnitudes.
/// </summary>
public sealed class SampleGapIndexTests
{
    private static readonly Gen<double> Awkward = Gen.Elements(
        -1e300, -3.5, -0.0, 0.0, 1e-310, 2.25, 7.0, 1e300, double.NaN, double.PositiveInfinity, double.NegativeInfinity);

    private static readonly Gen<double> Coarse = Gen.Choose(-40, 40).Select(i => i / 4.0);

    private static readonly Gen<double> Wide = Gen.Choose(-1_000_000, 1_000_000).Select(i => i * 1.37);

    private static readonly Gen<double[]> Values = Gen.Choose(1, 3000).SelectMany(n => Gen.ArrayOf(Gen.Frequency(
        (1, Awkward), (4, Coarse), (4, Wide), (2, Gen.Choose(0, 1000).Select(i => 1.0 + (i * 1e-12)))), n));

    [Fact]
    public void Compare_EqualsTheMergeWalk_OnAwkwardSamples() =>
        Check.QuickThrowOnFailure(Prop.ForAll(Arb.From(Gen.Zip(Values, Values)), t => Agrees(t.Item1, t.Item2)));

    /// <summary>
    /// A sample CI drew once (seed below): a reference gap of 1e300 with window values near 1e6 in it. The gap's area
    /// was a·L − ∫F over the whole gap, two terms near 1e300 that cancelled to 1.5e284 where the merge walk gives
    /// 62 258; the flat ends of a gap are now taken apart.
    /// </summary>
    [Fact]
    public void Compare_EqualsTheMergeWalk_OnAHugeGapWithSmallValuesInIt() =>
        Check.One(Config.QuickThrowOnFailure.WithReplay(4057693183860876007UL, 618797672453659957UL, 11).WithMaxTest(1),
            Prop.ForAll(Arb.From(Gen.Zip(Values, Values)), t => Agrees(t.Item1, t.Item2)));

    [Theory]
    [InlineData("normal", 0.0)]
    [InlineData("normal", 0.05)]
    [InlineData("lognormal", 0.0)]
    [InlineData("lognormal", 0.3)]
    [InlineData("pareto", 0.0)]
    [InlineData("counts", 0.0)]
    [InlineData("counts", 1.0)]
    [InlineData("heavy", 0.5)]
    public void Compare_EqualsTheMergeWalk_OnLargeWindows(string shape, double shift)
    {
        var rng = new Random(7);
        var reference = Draw(rng, shape, 50_000, 0);
        var window = Draw(rng, shape, 200_000, shift);
        var profile = ReferenceProfile.BuildNumeric(reference, ReferenceProfileOptions.DefaultMaxSampleSize);
        var (d, w, _) = Measure(profile, window, out var bins);
        var (ed, ew) = MergeWalk(profile.Sample, window);
        bins.ShouldBe(Bins(profile, window));
        d.ShouldBe(ed, 1e-12);
        w.ShouldBe(ew, 1e-9 * Math.Max(1, ew));
        if (shift == 0)
        {
            d.ShouldBeLessThan(0.02);
        }
        else
        {
            d.ShouldBeGreaterThan(0.02);
        }
    }

    [Fact]
    public void Compare_OfAnAllMissingWindow_IsNaN()
    {
        var (d, w, missing) = Measure(ReferenceProfile.BuildNumeric([1.0, 2.0, 3.0], 10), [double.NaN, double.PositiveInfinity], out var bins);
        double.IsNaN(d).ShouldBeTrue();
        double.IsNaN(w).ShouldBeTrue();
        missing.ShouldBe(2);
        bins.Sum().ShouldBe(0);
    }

    [Fact]
    public void Compare_OfTheSampleItself_IsZero()
    {
        var sample = new[] { -2.0, -0.0, 0.0, 0.0, 1.5, 1.5, 1.5, 9.0 };
        var profile = ReferenceProfile.BuildNumeric(sample, 100);
        var (d, w, missing) = Measure(profile, sample, out var bins);
        d.ShouldBe(0);
        w.ShouldBe(0);
        missing.ShouldBe(0);
        bins.ShouldBe(profile.BinCounts);
    }

    [Fact]
    public void For_ASampleWithTooManyDistinctValues_DeclinesSoTheSortIsUsed()
    {
        var values = Enumerable.Range(0, SampleGapIndex.MaxDistinct + 1).Select(i => (double)i).ToArray();
        SampleGapIndex.For(ReferenceProfile.BuildNumeric(values, int.MaxValue)).ShouldBeNull();
        SampleGapIndex.For(ReferenceProfile.BuildNumeric([.. values.Take(SampleGapIndex.MaxDistinct / 2)], int.MaxValue)).ShouldNotBeNull();
    }

    private static bool Agrees(double[] reference, double[] window)
    {
        var profile = ReferenceProfile.BuildNumeric(reference, int.MaxValue);
        var index = SampleGapIndex.For(profile);
        if (index is null)
        {
            return profile.Sample.Length == 0;
        }

        var bins = new long[profile.BinCounts.Length];
        var (d, w, missing) = index.Compare(window, bins);
        var expectedBins = new long[bins.Length];
        var expectedMissing = BinCounter.Count(window, profile.InnerEdges, expectedBins);
        if (missing != expectedMissing || !bins.SequenceEqual(expectedBins))
        {
            return false;
        }

        var (ed, ew) = MergeWalk(profile.Sample, window);
        if (double.IsNaN(ed))
        {
            return double.IsNaN(d) && double.IsNaN(w);
        }

        return Math.Abs(d - ed) <= 1e-12 && (Math.Abs(w - ew) <= 1e-9 * Math.Max(1, Math.Abs(ew)) || (double.IsInfinity(ew) && w == ew));
    }

    private static SampleGapIndex.GapComparison Measure(NumericProfile profile, double[] window, out long[] bins)
    {
        bins = new long[profile.BinCounts.Length];
        return SampleGapIndex.For(profile)!.Compare(window, bins);
    }

    private static long[] Bins(NumericProfile profile, double[] window)
    {
        var bins = new long[profile.BinCounts.Length];
        BinCounter.Count(window, profile.InnerEdges, bins);
        return bins;
    }

    private static (double D, double W) MergeWalk(double[] sortedSample, double[] window)
    {
        using var sorted = FiniteSorter.Sort(window);
        return DriftStatistics.KsAndWasserstein(sortedSample, sorted.Values);
    }

    private static double[] Draw(Random rng, string shape, int n, double shift)
    {
        var x = shape switch
        {
            "normal" => Samples.Normal(rng, n, shift),
            "lognormal" => [.. Samples.Normal(rng, n, shift, 2).Select(Math.Exp)],
            "pareto" => [.. Enumerable.Range(0, n).Select(_ => 1e3 * Math.Pow(1 - rng.NextDouble(), -0.7))],
            "counts" => [.. Enumerable.Range(0, n).Select(_ => Math.Floor((-Math.Log(1 - rng.NextDouble()) * 5) + shift))],
            _ => Samples.HeavyTailed(rng, n, 1 + shift),
        };
        if (shape == "pareto" && shift == 0)
        {
            x[0] = double.NaN;
        }

        return x;
    }
}
