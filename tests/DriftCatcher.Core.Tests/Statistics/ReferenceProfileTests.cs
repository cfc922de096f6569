using DriftCatcher.Core.Data;
using DriftCatcher.Core.Statistics;
using Shouldly;

namespace DriftCatcher.Core.Tests.Statistics;

public sealed class ReferenceProfileTests
{
    /// <summary>A review: a sample split between -DBL_MAX and +DBL_MAX had its deviation, scaled back, round past the
    /// largest double to infinity (and the normed Wasserstein to 0). No deviation exceeds half the range.</summary>
    [Theory]
    [InlineData(50, 50)]
    [InlineData(49, 51)]
    [InlineData(1, 99)]
    public void MeanAndDeviation_OfASampleAtBothEndsOfTheRange_IsFinite(int low, int high)
    {
        double[] sorted = [.. Enumerable.Repeat(-double.MaxValue, low), .. Enumerable.Repeat(double.MaxValue, high)];

        var (mean, sd) = ReferenceProfile.MeanAndDeviation(sorted);

        // The population deviation of a two-point sample: 2·MAX·sqrt(p(1 − p)).
        var p = (double)low / (low + high);
        var expected = double.MaxValue * (2 * Math.Sqrt(p * (1 - p)));
        double.IsFinite(sd).ShouldBeTrue();
        sd.ShouldBe(expected, expected * 1e-12);
        mean.ShouldBe(double.MaxValue * (1 - (2 * p)), double.MaxValue * 1e-12);
    }

    [Fact]
    public void ProfileSize_DoesNotGrowWithReferenceRows()
    {
        var options = new ReferenceProfileOptions { MaxSampleSize = 500, MaxCategories = 20 };
        var small = ReferenceProfile.Build(Frame(new Random(1), 20_000), "label", options).ToJson();
        var large = ReferenceProfile.Build(Frame(new Random(2), 400_000), "label", options).ToJson();
        ((double)large.Length).ShouldBeLessThan(small.Length * 1.1);
    }

    [Fact]
    public void Build_LeavesOutTheLabelColumn()
    {
        var profile = ReferenceProfile.Build(Frame(new Random(3), 100), "label");
        profile.Features.Select(f => f.Name).ShouldBe(["a", "b", "proto"]);
        profile.RowCount.ShouldBe(100);
    }

    [Fact]
    public void Json_RoundTrip_GivesTheSameReport()
    {
        var rng = new Random(4);
        var profile = ReferenceProfile.Build(Frame(rng, 30_000), "label");
        var current = Frame(rng, 5_000);
        var restored = ReferenceProfile.FromJson(profile.ToJson());
        var before = DriftAnalyzer.Compare(profile, current);
        var after = DriftAnalyzer.Compare(restored, current);
        after.Features.Select(f => (f.Name, f.Psi, f.JensenShannon, f.KsStatistic, f.Wasserstein, f.ChiSquareStatistic, f.Score, f.Threshold))
            .ShouldBe(before.Features.Select(f => (f.Name, f.Psi, f.JensenShannon, f.KsStatistic, f.Wasserstein, f.ChiSquareStatistic, f.Score, f.Threshold)));
    }

    [Fact]
    public void FromJson_RejectsSomethingElse() =>
        Should.Throw<InputDataException>(() => ReferenceProfile.FromJson("{\"row_count\": 3}"));

    [Fact]
    public void ReducedSample_KeepsKsWithinOneOverSampleSize()
    {
        var rng = new Random(5);
        var reference = Samples.HeavyTailed(rng, 200_000, 0);
        var current = Samples.HeavyTailed(rng, 50_000, 0.1);
        var exact = DriftAnalyzer.Compare(ReferenceProfile.Build(Single(reference), options: ReferenceProfileOptions.Exact), Single(current)).Features[0];
        var reduced = ReferenceProfile.Build(Single(reference), options: new ReferenceProfileOptions { MaxSampleSize = 2_000 });
        reduced.Features[0].Numeric!.Sample.Length.ShouldBe(2_000);
        reduced.Features[0].Numeric!.SampleIsExact.ShouldBeFalse();
        var approx = DriftAnalyzer.Compare(reduced, Single(current)).Features[0];
        approx.KsStatistic!.Value.ShouldBe(exact.KsStatistic!.Value, 1.0 / 2_000);
        approx.Psi.ShouldBe(exact.Psi, 1e-12);
        approx.ReferenceCount.ShouldBe(200_000);
    }

    [Fact]
    public void ManyCategories_AreCappedAndTheRestLumped()
    {
        var values = Enumerable.Range(0, 5_000).Select(i => (string?)$"c{i % 50}").ToArray();
        var profile = ReferenceProfile.Build(new DataFrame([Column.Categorical("c", values)]), options: new ReferenceProfileOptions { MaxCategories = 10 });
        var cp = profile.Features[0].Categorical!;
        cp.Categories.Length.ShouldBe(10);
        cp.OtherCount.ShouldBe(4_000);

        // A category outside the kept set may have been in the reference: it is not called unseen.
        var f = DriftAnalyzer.Compare(profile, new DataFrame([Column.Categorical("c", ["c45", "new"])])).Features[0];
        f.UnseenCategories.ShouldBeEmpty();
    }

    [Fact]
    public void Compare_MissingColumn_NamesIt()
    {
        var profile = ReferenceProfile.Build(Frame(new Random(6), 50), "label");
        var ex = Should.Throw<InputDataException>(() => DriftAnalyzer.Compare(profile, Frame(new Random(7), 50).Without("b")));
        ex.Message.ShouldContain("'b'");
    }

    [Fact]
    public void Compare_TextInANumericFeature_NamesIt()
    {
        var profile = ReferenceProfile.Build(Single([1, 2, 3]));
        var ex = Should.Throw<InputDataException>(() => DriftAnalyzer.Compare(profile, new DataFrame([Column.Categorical("x", ["a", "b"])])));
        ex.Message.ShouldContain("'x'");
    }

    [Fact]
    public void Compare_NumbersInACategoricalFeature_AreComparedAsText()
    {
        var profile = ReferenceProfile.Build(new DataFrame([Column.Categorical("c", ["6", "17", "6", "x"])]));
        var f = DriftAnalyzer.Compare(profile, new DataFrame([Column.Numeric("c", [6, 17, 17, 1])])).Features[0];
        f.CurrentCount.ShouldBe(4);
        f.UnseenCategories.ShouldBe(["1"]);
    }

    [Fact]
    public void Compare_AllMissingWindow_IsInsufficientDataNotAnError()
    {
        var profile = ReferenceProfile.Build(Single([1, 2, 3, 4]));
        var f = DriftAnalyzer.Compare(profile, Single([double.NaN, double.PositiveInfinity])).Features[0];
        f.Method.ShouldBe(DriftMethod.InsufficientData);
        f.Drifted.ShouldBeFalse();
        f.MissingCurrent.ShouldBe(2);
        double.IsNaN(f.KsStatistic!.Value).ShouldBeTrue();
    }

    private static DataFrame Single(double[] values) => new([Column.Numeric("x", values)]);

    private static DataFrame Frame(Random rng, int n) => new(
    [
        Column.Numeric("a", Samples.Normal(rng, n)),
        Column.Numeric("b", Samples.HeavyTailed(rng, n, 0)),
        Column.Categorical("proto", Samples.Categories(rng, n, ["tcp", "udp", "icmp"], [0.6, 0.3, 0.1])),
        Column.Categorical("label", Samples.Categories(rng, n, ["BENIGN", "DDoS"], [0.9, 0.1])),
    ]);
}
