using DriftCatcher.Core.Data;
using DriftCatcher.Core.Statistics;
using FsCheck;
using FsCheck.Fluent;

namespace DriftCatcher.Core.Tests.Statistics;

/// <summary>Laws every distance and test must obey, checked on generated samples with ties and duplicates.</summary>
public sealed class DriftStatisticsPropertyTests
{
    private const double Eps = 1e-12;

    // Few distinct values on a coarse grid, so ties and duplicate edges happen often.
    private static readonly Gen<double[]> Sample =
        Gen.Choose(1, 80).SelectMany(n => Gen.ArrayOf(Gen.Choose(-40, 40).Select(i => i / 4.0), n));

    private static readonly Gen<long[]> Counts = Gen.Choose(1, 12).SelectMany(k => Gen.ArrayOf(Gen.Choose(0, 50).Select(c => (long)c), k))
        .Where(c => c.Sum() > 0);

    private static readonly Arbitrary<double[]> OneSample = Arb.From(Sample);

    private static readonly Arbitrary<(double[], double[])> TwoSamples = Arb.From(Gen.Zip(Sample, Sample));

    [Fact]
    public void Psi_IsNonNegative() =>
        Check.QuickThrowOnFailure(Prop.ForAll(Arb.From(Counts.SelectMany(a => Gen.ArrayOf(Gen.Choose(0, 50).Select(c => (long)c), a.Length).Where(b => b.Sum() > 0).Select(b => (a, b)))),
            t => DriftStatistics.Psi(t.a, t.b) >= -Eps));

    [Fact]
    public void IdenticalSamples_GiveZeroForPsiJsKsAndWasserstein() =>
        Check.QuickThrowOnFailure(Prop.ForAll(OneSample, x =>
        {
            var sorted = x.Order().ToArray();
            var f = Compare(x, x);
            var ks = DriftStatistics.KolmogorovSmirnov(sorted, sorted);
            return f.Psi == 0 && f.JensenShannon == 0 && f.KsStatistic == 0 && f.Wasserstein == 0
                && ks.Statistic == 0 && ks.PValue == 1 && DriftStatistics.Wasserstein(sorted, sorted) == 0;
        }));

    [Fact]
    public void JensenShannon_IsSymmetricAndAtMostSqrtLn2() =>
        Check.QuickThrowOnFailure(Prop.ForAll(Arb.From(Counts.SelectMany(a => Gen.ArrayOf(Gen.Choose(0, 50).Select(c => (long)c), a.Length).Where(b => b.Sum() > 0).Select(b => (a, b)))),
            t =>
            {
                var ab = DriftStatistics.JensenShannon(t.a, t.b);
                var ba = DriftStatistics.JensenShannon(t.b, t.a);
                return Math.Abs(ab - ba) <= Eps && ab >= 0 && ab <= Math.Sqrt(Math.Log(2)) + Eps;
            }));

    [Fact]
    public void KsStatistic_IsInUnitInterval_AndPValueAProbability() =>
        Check.QuickThrowOnFailure(Prop.ForAll(TwoSamples, t =>
        {
            var ks = DriftStatistics.KolmogorovSmirnov(t.Item1.Order().ToArray(), t.Item2.Order().ToArray());
            return ks.Statistic is >= 0 and <= 1 && ks.PValue is >= 0 and <= 1;
        }));

    [Fact]
    public void KsAndWasserstein_AreSymmetric() =>
        Check.QuickThrowOnFailure(Prop.ForAll(TwoSamples, t =>
        {
            var a = t.Item1.Order().ToArray();
            var b = t.Item2.Order().ToArray();
            var wab = DriftStatistics.Wasserstein(a, b);
            var wba = DriftStatistics.Wasserstein(b, a);
            var dab = DriftStatistics.KolmogorovSmirnov(a, b).Statistic;
            var dba = DriftStatistics.KolmogorovSmirnov(b, a).Statistic;
            return Math.Abs(wab - wba) <= 1e-9 * Math.Max(1, wab) && Math.Abs(dab - dba) <= Eps && wab >= 0;
        }));

    [Fact]
    public void Wasserstein_OfAShiftedSample_IsTheShift() =>
        Check.QuickThrowOnFailure(Prop.ForAll(Arb.From(Gen.Zip(Sample, Gen.Choose(-20, 20).Select(s => s / 2.0))), t =>
        {
            var a = t.Item1.Order().ToArray();
            var b = a.Select(v => v + t.Item2).ToArray();
            return Math.Abs(DriftStatistics.Wasserstein(a, b) - Math.Abs(t.Item2)) <= 1e-9;
        }));

    [Fact]
    public void RadixSort_AgreesWithArraySort() =>
        Check.QuickThrowOnFailure(Prop.ForAll(Arb.From(Gen.Choose(0, 20000).SelectMany(n =>
            Gen.ArrayOf(Gen.Elements(-1e300, -3.5, -0.0, 0.0, 1e-310, 2.25, 7.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity)
                .Or(Gen.Choose(-1_000_000, 1_000_000).Select(i => i * 1.37)), n))), x =>
        {
            using var sorted = FiniteSorter.Sort(x);
            var expected = x.Where(double.IsFinite).Select(v => v + 0.0).Order().ToArray();
            return sorted.Values.SequenceEqual(expected);
        }));

    private static FeatureDrift Compare(double[] reference, double[] current)
    {
        var profile = ReferenceProfile.Build(new DataFrame([Column.Numeric("x", reference)]), options: ReferenceProfileOptions.Exact);
        return DriftAnalyzer.Compare(profile, new DataFrame([Column.Numeric("x", current)])).Features[0];
    }
}
