using DriftCatcher.Core.Detectors;
using Shouldly;

namespace DriftCatcher.Core.Tests.Detectors;

/// <summary>KSWIN's two-sample test against scipy.stats.ks_2samp (ks_2samp.json, made by make_reference.py).</summary>
public sealed class KolmogorovSmirnovTests
{
    [Fact]
    public void StatisticAndPValue_EqualSizedSamples_MatchScipyWithinRelative1e9()
    {
        using var doc = DetectorStreams.Json("ks_2samp.json");
        var cases = doc.RootElement.GetProperty("cases").EnumerateArray().ToList();
        cases.Count.ShouldBeGreaterThan(20);
        foreach (var c in cases)
        {
            var a = c.GetProperty("a").EnumerateArray().Select(x => x.GetDouble()).Order().ToArray();
            var b = c.GetProperty("b").EnumerateArray().Select(x => x.GetDouble()).Order().ToArray();
            var expectedP = c.GetProperty("p_value").GetDouble();

            var h = KolmogorovSmirnov.StatisticCount(a, b);
            var p = KolmogorovSmirnov.PValue(a.Length, h);

            ((double)h / a.Length).ShouldBe(c.GetProperty("statistic").GetDouble(), $"{c.GetProperty("kind")} n={a.Length}");
            p.ShouldBe(expectedP, Math.Max(1e-300, expectedP * 1e-9), $"{c.GetProperty("kind")} n={a.Length}");
        }
    }

    [Fact]
    public void PValue_NoDifference_IsOne()
    {
        KolmogorovSmirnov.PValue(30, 0).ShouldBe(1.0);
    }
}
