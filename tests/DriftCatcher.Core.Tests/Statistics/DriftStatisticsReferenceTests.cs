using DriftCatcher.Core.Data;
using DriftCatcher.Core.Statistics;
using Shouldly;

namespace DriftCatcher.Core.Tests.Statistics;

/// <summary>
/// Every statistic against numpy/scipy (tests/reference/statistics/make_reference.py): 1e-9 relative for
/// the deterministic formulas, 0.01 absolute for the KS p-value (the tolerance for the asymptotic).
/// </summary>
public sealed class DriftStatisticsReferenceTests
{
    private const double Rel = 1e-9;

    public static TheoryData<string> NumericNames => ReferenceCases.NumericNames();

    public static TheoryData<string> CategoricalNames => ReferenceCases.CategoricalNames();

    [Theory]
    [MemberData(nameof(NumericNames))]
    public void Numeric_MatchesScipy(string name)
    {
        var c = ReferenceCases.NumericCase(name);
        var reference = ReferenceCases.Numbers(c.GetProperty("reference"));
        var current = ReferenceCases.Numbers(c.GetProperty("current"));
        var profile = ReferenceProfile.Build(new DataFrame([Column.Numeric("x", reference)]), options: ReferenceProfileOptions.Exact);
        var np = profile.Features[0].Numeric!;
        np.InnerEdges.ShouldBe(ReferenceCases.Numbers(c.GetProperty("inner_edges")));
        np.BinCounts.ShouldBe([.. c.GetProperty("reference_bins").EnumerateArray().Select(v => v.GetInt64())]);
        AssertClose(np.StandardDeviation, ReferenceCases.Double(c, "std_reference"));

        var f = DriftAnalyzer.Compare(profile, new DataFrame([Column.Numeric("x", current)])).Features[0];
        f.MissingReference.ShouldBe(c.GetProperty("missing_reference").GetInt64());
        f.MissingCurrent.ShouldBe(c.GetProperty("missing_current").GetInt64());
        AssertClose(f.Psi, ReferenceCases.Double(c, "psi"));
        AssertClose(f.JensenShannon, ReferenceCases.Double(c, "jensen_shannon"));
        AssertClose(f.KsStatistic!.Value, ReferenceCases.Double(c, "ks_statistic"));
        f.KsPValue!.Value.ShouldBe(ReferenceCases.Double(c, "ks_p_value"), 0.01);
        AssertClose(f.Wasserstein!.Value, ReferenceCases.Double(c, "wasserstein"));
        var normed = ReferenceCases.Double(c, "wasserstein_normed");
        if (double.IsNaN(normed))
        {
            double.IsFinite(f.WassersteinNormed!.Value).ShouldBeFalse();
        }
        else
        {
            AssertClose(f.WassersteinNormed!.Value, normed);
        }
    }

    [Theory]
    [MemberData(nameof(NumericNames))]
    public void BinCounts_OfCurrent_MatchSearchsorted(string name)
    {
        var c = ReferenceCases.NumericCase(name);
        var edges = ReferenceCases.Numbers(c.GetProperty("inner_edges"));
        var current = ReferenceCases.Numbers(c.GetProperty("current"));
        var expected = c.GetProperty("current_bins").EnumerateArray().Select(v => v.GetInt64()).ToArray();
        var bins = new long[edges.Length + 1];
        var missing = BinCounter.Count(current, edges, bins);
        bins.ShouldBe(expected);
        missing.ShouldBe(c.GetProperty("missing_current").GetInt64());
    }

    [Theory]
    [MemberData(nameof(CategoricalNames))]
    public void Categorical_MatchesScipy(string name)
    {
        var c = ReferenceCases.CategoricalCase(name);
        var reference = ReferenceCases.Strings(c.GetProperty("reference"));
        var current = ReferenceCases.Strings(c.GetProperty("current"));
        var profile = ReferenceProfile.Build(new DataFrame([Column.Categorical("c", reference)]));
        var f = DriftAnalyzer.Compare(profile, new DataFrame([Column.Categorical("c", current)])).Features[0];

        f.Kind.ShouldBe(ColumnKind.Categorical);
        f.MissingReference.ShouldBe(c.GetProperty("missing_reference").GetInt64());
        f.MissingCurrent.ShouldBe(c.GetProperty("missing_current").GetInt64());
        AssertClose(f.Psi, ReferenceCases.Double(c, "psi"));
        AssertClose(f.JensenShannon, ReferenceCases.Double(c, "jensen_shannon"));
        AssertClose(f.ChiSquareStatistic!.Value, ReferenceCases.Double(c, "chi2_statistic"));
        AssertClose(f.ChiSquarePValue!.Value, ReferenceCases.Double(c, "chi2_p_value"));
        f.UnseenCategories!.ToArray().ShouldBe([.. ReferenceCases.Strings(c.GetProperty("unseen_categories")).Select(s => s!)]);
    }

    [Fact]
    public void KolmogorovSurvival_MatchesScipyKstwo()
    {
        foreach (var p in ReferenceCases.Root.GetProperty("kstwo").EnumerateArray())
        {
            var n = p.GetProperty("n").GetInt32();
            var d = p.GetProperty("d").GetDouble();
            var expected = p.GetProperty("sf").GetDouble();
            var actual = KolmogorovDistribution.Survival(d, n);
            actual.ShouldBe(expected, 0.01, $"kstwo.sf({d}, {n})");

            // The exact range (n ≤ 400) is far closer than the tolerance.
            if (n <= 400)
            {
                actual.ShouldBe(expected, 1e-6, $"kstwo.sf({d}, {n}) exact");
            }
        }
    }

    [Fact]
    public void ChiSquareCriticalValue_MatchesScipyIsf()
    {
        foreach (var p in ReferenceCases.Root.GetProperty("chi2_critical").EnumerateArray())
        {
            var expected = p.GetProperty("value").GetDouble();
            var actual = DriftStatistics.ChiSquareCriticalValue(p.GetProperty("alpha").GetDouble(), p.GetProperty("dof").GetInt32());
            actual.ShouldBe(expected, expected * 1e-9);
        }
    }

    /// <summary>Relative, so a distance of 3e-301 is not passed by an absolute floor; exact where numpy gives 0 or ±inf.</summary>
    private static void AssertClose(double actual, double expected)
    {
        if (double.IsInfinity(expected) || expected == 0)
        {
            actual.ShouldBe(expected);
        }
        else
        {
            actual.ShouldBe(expected, Math.Abs(expected) * Rel);
        }
    }
}
