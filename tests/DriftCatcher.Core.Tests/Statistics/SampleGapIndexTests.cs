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
        var sample = ReferenceProfile.BuildNumeric(reference, ReferenceProfileOptions.DefaultMaxSampleSize).Sample;
        var (d, w) = SampleGapIndex.For(sample)!.Compare(window);
        var (ed, ew) = MergeWalk(sample, window);
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
        var (d, w) = SampleGapIndex.For([1.0, 2.0, 3.0])!.Compare([double.NaN, double.PositiveInfinity]);
        double.IsNaN(d).ShouldBeTrue();
        double.IsNaN(w).ShouldBeTrue();
    }

    [Fact]
    public void Compare_OfTheSampleItself_IsZero()
    {
        var sample = new[] { -2.0, -0.0, 0.0, 0.0, 1.5, 1.5, 1.5, 9.0 };
        var (d, w) = SampleGapIndex.For(sample)!.Compare(sample);
        d.ShouldBe(0);
        w.ShouldBe(0);
    }

    [Fact]
    public void For_ASampleWithTooManyDistinctValues_DeclinesSoTheSortIsUsed()
    {
        var sample = Enumerable.Range(0, SampleGapIndex.MaxDistinct + 1).Select(i => (double)i).ToArray();
        SampleGapIndex.For(sample).ShouldBeNull();
        SampleGapIndex.For([.. sample.Take(SampleGapIndex.MaxDistinct)]).ShouldNotBeNull();
    }

    private static bool Agrees(double[] reference, double[] window)
    {
        var sample = FiniteSorter.SortToArray(reference);
        var index = SampleGapIndex.For(sample);
        if (index is null)
        {
            return sample.Length == 0;
        }

        var (d, w) = index.Compare(window);
        var (ed, ew) = MergeWalk(sample, window);
        if (double.IsNaN(ed))
        {
            return double.IsNaN(d) && double.IsNaN(w);
        }

        return Math.Abs(d - ed) <= 1e-12 && (Math.Abs(w - ew) <= 1e-9 * Math.Max(1, Math.Abs(ew)) || (double.IsInfinity(ew) && w == ew));
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
