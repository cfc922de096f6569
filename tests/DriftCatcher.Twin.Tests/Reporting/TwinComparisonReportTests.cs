using System.Text.RegularExpressions;
using DriftCatcher.Twin.Reporting;
using Shouldly;

namespace DriftCatcher.Twin.Tests.Reporting;

public sealed class TwinComparisonReportTests
{
    private static (string Policy, TwinRunData Data)[] TwoPolicies()
    {
        using var dir = SmallRun.Write();
        var acting = TwinRunData.Load(dir.Path, SmallRun.Stream(), "y");
        using var quiet = new RunDir().File("predictions.csv", SmallRun.Predictions.Replace(",v2", ",v1", StringComparison.Ordinal));
        var passive = TwinRunData.Load(quiet.Path, SmallRun.Stream(), "y", new TwinRunInfo("tiny-shift", "watch <only>"));
        return [("balanced", acting), ("watch <only>", passive)];
    }

    [Fact]
    public void Render_TwoPolicies_IsBalancedWithUniqueIds()
    {
        var html = TwinComparisonReport.Render(TwoPolicies());

        HtmlStructure.Problems(html).ShouldBeEmpty();
        HtmlStructure.Ids(html).ShouldBeUnique();
        html.ShouldNotContain("http://");
        html.ShouldNotContain("https://");
    }

    [Fact]
    public void Render_TwoPolicies_DrawsOneCurvePerPolicyOnOneChart()
    {
        var svgs = HtmlStructure.Elements(TwinComparisonReport.Render(TwoPolicies()), "svg");

        var compare = svgs.Single(s => s.Contains("compare-chart", StringComparison.Ordinal));
        Regex.Matches(compare, "class=\"policy-series ").Count.ShouldBe(2);
        // The comparison chart plus each policy's five charts.
        svgs.Count.ShouldBe(1 + (2 * 5));
    }

    [Fact]
    public void Render_TwoPolicies_SummarisesEachPolicyInTheTable()
    {
        var html = TwinComparisonReport.Render(TwoPolicies());
        var rows = Regex.Matches(html, "<tr class=\"policy-row\">(.*?)</tr>", RegexOptions.Singleline).Select(m => m.Groups[1].Value).ToList();

        rows.Count.ShouldBe(2);
        rows[0].ShouldContain(">balanced</a>");
        rows[0].ShouldContain("63.6%");
        rows[1].ShouldContain("watch &lt;only&gt;");
        rows[1].ShouldNotContain("watch <only>");
        // Same predictions but v2's rows relabelled v1: same accuracy, no model change, no actions.
        var cells = Regex.Matches(rows[1], "<td class=\"num\">(.*?)</td>").Select(m => Regex.Replace(m.Groups[1].Value, "<[^>]+>", string.Empty)).ToList();
        cells.ShouldBe(["63.6%", "–", "0", "0", "1", "0", "–"]);
    }

    [Fact]
    public void Render_TwoPolicies_HasASectionPerPolicyLinkedFromTheSummary()
    {
        var html = TwinComparisonReport.Render(TwoPolicies(), new Dictionary<string, string> { ["balanced"] = "balanced/report.html" });

        HtmlStructure.Count(html, "<section class=\"policy\"").ShouldBe(2);
        html.ShouldContain("href=\"balanced/report.html\"");
        foreach (var anchor in Regex.Matches(html, "href=\"#([^\"]+)\"").Select(m => m.Groups[1].Value).Distinct())
        {
            html.ShouldContain($"id=\"{anchor}\"");
        }
    }

    [Fact]
    public void Render_SamePolicyTwice_KeepsIdsUnique()
    {
        var runs = TwoPolicies();
        var html = TwinComparisonReport.Render([runs[0], runs[0]]);

        HtmlStructure.Ids(html).ShouldBeUnique();
        HtmlStructure.Problems(html).ShouldBeEmpty();
    }
}
