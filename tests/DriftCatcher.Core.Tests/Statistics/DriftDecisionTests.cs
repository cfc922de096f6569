using DriftCatcher.Core.Data;
using DriftCatcher.Core.Statistics;
using Shouldly;

namespace DriftCatcher.Core.Tests.Statistics;

/// <summary>
/// The drift decision at every sample size: no family-wise false alarms on stable data, no alarm for a
/// shift too small to matter however significant, alarms for shifts that matter (heavy tails included).
/// Each test also checks that the common rule (p &lt; 0.05 up to 1000 rows, normed Wasserstein or
/// JS ≥ 0.1 above) gets the same case wrong, so the test shows what the decision rule adds.
/// </summary>
public sealed class DriftDecisionTests
{
    private static readonly string[] Protocols = ["tcp", "udp", "icmp", "gre"];
    private static readonly double[] ProtocolMix = [0.55, 0.3, 0.1, 0.05];

    [Theory]
    [InlineData(100, 30)]
    [InlineData(1_000, 10)]
    [InlineData(100_000, 1)]
    public void StableFeatures_ManyAtOnce_RaiseNoFamilyWiseFalseAlarm(int n, int repetitions)
    {
        var rng = new Random(1000 + n);
        var windowsWithAlarm = 0;
        var baselineAlarms = 0;
        for (var r = 0; r < repetitions; r++)
        {
            var (reference, current) = StableFrames(rng, n, numeric: 40, categorical: 10);
            var report = DriftAnalyzer.Compare(ReferenceProfile.Build(reference), current);
            if (report.Features.Any(f => f.Drifted))
            {
                windowsWithAlarm++;
            }

            report.DatasetDrift.ShouldBeFalse();
            baselineAlarms += report.Features.Count(f => BaselineRule(f, n));
        }

        // Family-wise rate 0.05: over these repetitions at most one window may raise any alarm.
        windowsWithAlarm.ShouldBeLessThanOrEqualTo(1);
        if (n <= 1000)
        {
            // 50 features at p < 0.05 each: the baseline raises about 2.5 false alarms per window.
            baselineAlarms.ShouldBeGreaterThan(repetitions);
        }
    }

    [Fact]
    public void TinyShift_AtAMillionRows_IsSignificantButNotDrift()
    {
        var rng = new Random(7);
        var f = CompareOne(Samples.Normal(rng, 1_000_000), Samples.Normal(rng, 1_000_000, mean: 0.01));
        f.KsPValue!.Value.ShouldBeLessThan(0.05);
        f.Drifted.ShouldBeFalse();
        f.Threshold.ShouldBe(DriftOptions.DefaultMinimumKsStatistic);
    }

    [Theory]
    [InlineData(1_000)]
    [InlineData(100_000)]
    public void HalfSdShift_IsDrift(int n)
    {
        var rng = new Random(11 + n);
        var f = CompareOne(Samples.Normal(rng, n), Samples.Normal(rng, n, mean: 0.5));
        f.Drifted.ShouldBeTrue();
        f.Score.ShouldBeGreaterThan(f.Threshold);
    }

    [Fact]
    public void HeavyTailedBodyShift_IsDrift_ThoughNormedWassersteinIsSmall()
    {
        var rng = new Random(13);
        var f = CompareOne(Samples.HeavyTailed(rng, 50_000, bodyLogMean: 0), Samples.HeavyTailed(rng, 50_000, bodyLogMean: 0.4));
        f.Drifted.ShouldBeTrue();
        f.WassersteinNormed!.Value.ShouldBeLessThan(0.1);
        BaselineRule(f, 50_000).ShouldBeFalse();
    }

    [Fact]
    public void CategoricalShift_IsDrift_AndStableCategoricalIsNot()
    {
        var rng = new Random(17);
        var reference = Samples.Categories(rng, 5_000, Protocols, ProtocolMix);
        var shifted = Samples.Categories(rng, 5_000, Protocols, [0.4, 0.3, 0.25, 0.05]);
        var stable = Samples.Categories(rng, 5_000, Protocols, ProtocolMix);
        var profile = ReferenceProfile.Build(new DataFrame([Column.Categorical("p", reference)]));
        DriftAnalyzer.Compare(profile, new DataFrame([Column.Categorical("p", shifted)])).Features[0].Drifted.ShouldBeTrue();
        DriftAnalyzer.Compare(profile, new DataFrame([Column.Categorical("p", stable)])).Features[0].Drifted.ShouldBeFalse();
    }

    [Fact]
    public void DatasetDrift_WhenHalfTheFeaturesDrift()
    {
        var rng = new Random(19);
        var columnsRef = new List<Column>();
        var columnsCur = new List<Column>();
        for (var i = 0; i < 6; i++)
        {
            columnsRef.Add(Column.Numeric($"x{i}", Samples.Normal(rng, 2_000)));
            columnsCur.Add(Column.Numeric($"x{i}", Samples.Normal(rng, 2_000, mean: i < 3 ? 1 : 0)));
        }

        var report = DriftAnalyzer.Compare(ReferenceProfile.Build(new DataFrame(columnsRef)), new DataFrame(columnsCur));
        report.Features.Count(f => f.Drifted).ShouldBe(3);
        report.ShareDrifted.ShouldBe(0.5);
        report.DatasetDrift.ShouldBeTrue();
    }

    /// <summary>The default rule of the best-known Python tool: a test below 1000 rows, a distance above.</summary>
    private static bool BaselineRule(FeatureDrift f, int referenceRows) =>
        referenceRows <= 1000
            ? (f.KsPValue ?? f.ChiSquarePValue)!.Value < 0.05
            : (f.WassersteinNormed ?? f.JensenShannon) >= 0.1;

    private static FeatureDrift CompareOne(double[] reference, double[] current)
    {
        var profile = ReferenceProfile.Build(new DataFrame([Column.Numeric("x", reference)]));
        return DriftAnalyzer.Compare(profile, new DataFrame([Column.Numeric("x", current)])).Features[0];
    }

    private static (DataFrame Reference, DataFrame Current) StableFrames(Random rng, int n, int numeric, int categorical)
    {
        var r = new List<Column>();
        var c = new List<Column>();
        for (var i = 0; i < numeric; i++)
        {
            // Mix continuous, heavy-tailed and discrete (tied) features.
            Func<double[]> draw = (i % 3) switch
            {
                0 => () => Samples.Normal(rng, n, 10, 3),
                1 => () => Samples.HeavyTailed(rng, n, 0),
                _ => () => [.. Samples.Normal(rng, n, 3, 2).Select(v => Math.Round(v))],
            };
            r.Add(Column.Numeric($"x{i}", draw()));
            c.Add(Column.Numeric($"x{i}", draw()));
        }

        for (var i = 0; i < categorical; i++)
        {
            r.Add(Column.Categorical($"c{i}", Samples.Categories(rng, n, Protocols, ProtocolMix)));
            c.Add(Column.Categorical($"c{i}", Samples.Categories(rng, n, Protocols, ProtocolMix)));
        }

        return (new DataFrame(r), new DataFrame(c));
    }
}
