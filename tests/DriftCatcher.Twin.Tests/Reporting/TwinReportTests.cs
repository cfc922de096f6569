using System.Text.RegularExpressions;
using DriftCatcher.Twin.Replay;
using DriftCatcher.Twin.Reporting;
using FsCheck;
using FsCheck.Fluent;
using Shouldly;

namespace DriftCatcher.Twin.Tests.Reporting;

public sealed class TwinReportTests
{
    private static string RenderSmallRun()
    {
        using var dir = SmallRun.Write();
        return TwinReport.Render(TwinRunData.Load(dir.Path, SmallRun.Stream(), "y"));
    }

    [Fact]
    public void Render_SmallRun_IsBalancedHtml()
    {
        var html = RenderSmallRun();

        HtmlStructure.Problems(html).ShouldBeEmpty();
        html.ShouldStartWith("<!DOCTYPE html>");
        HtmlStructure.Ids(html).ShouldBeUnique();
    }

    [Fact]
    public void Render_ALabelDelayFault_IsNamedBesideTheLabelDelay()
    {
        var options = new ReplayOptions("y", Core.Agent.Policy.AgentPolicy.NoAction)
        {
            LabelDelay = 5,
            LabelDelayByBatch = new Dictionary<long, int> { [20] = 8, [21] = 8, [22] = 8, [23] = 8, [24] = 8, [30] = 9, [31] = 3 },
        };
        options.LabelDelayOf(22).ShouldBe(8);
        options.LabelDelayOf(31).ShouldBe(5); // a fault never brings labels earlier
        options.LabelDelayOf(40).ShouldBe(5);
        options.LabelDelayExceptions().ShouldBe("8 in batches 20–24; 9 in batch 30");
        new ReplayOptions("y", Core.Agent.Policy.AgentPolicy.NoAction) { LabelDelay = 2 }.LabelDelayExceptions().ShouldBeNull();

        using var dir = SmallRun.Write();
        var html = TwinReport.Render(TwinRunData.Load(dir.Path, SmallRun.Stream(), "y", new TwinRunInfo(LabelDelay: 5, LabelDelayExceptions: options.LabelDelayExceptions())));
        html.ShouldContain("<dt>Label delay</dt><dd>5 batches (8 in batches 20–24; 9 in batch 30)</dd>");
    }

    [Fact]
    public void Render_SmallRun_HasOneSvgPerChart()
    {
        var svgs = HtmlStructure.Elements(RenderSmallRun(), "svg");

        svgs.Count.ShouldBe(5);
        svgs.Count(s => s.Contains("accuracy-chart", StringComparison.Ordinal)).ShouldBe(1);
        svgs.Count(s => s.Contains("drift-chart", StringComparison.Ordinal)).ShouldBe(1);
        svgs.Count(s => s.Contains("serving-chart", StringComparison.Ordinal)).ShouldBe(1);
        svgs.Count(s => s.Contains("confidence-chart", StringComparison.Ordinal)).ShouldBe(1);
        svgs.Count(s => s.Contains("findings-strip", StringComparison.Ordinal)).ShouldBe(1);
        svgs.ShouldAllBe(s => s.Contains("aria-labelledby=", StringComparison.Ordinal) && s.Contains("<title id=", StringComparison.Ordinal) && s.Contains("<desc id=", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_SmallRun_MarksEveryActionOnTheTimeline()
    {
        var svgs = HtmlStructure.Elements(RenderSmallRun(), "svg");
        var accuracy = svgs.Single(s => s.Contains("accuracy-chart", StringComparison.Ordinal));
        var drift = svgs.Single(s => s.Contains("drift-chart", StringComparison.Ordinal));
        var serving = svgs.Single(s => s.Contains("serving-chart", StringComparison.Ordinal));

        foreach (var chart in new[] { accuracy, drift, serving })
        {
            var markers = Regex.Matches(chart, "class=\"action-marker[^\"]*\" data-action=\"([a-z]+)\" data-batch=\"(\\d+)\"")
                .Select(m => (m.Groups[1].Value, int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)))
                .ToList();
            markers.ShouldBe([("alert", 1), ("retrain", 2), ("escalate", 2)]);
        }
    }

    [Fact]
    public void Render_SmallRun_PlotsLatencyAndFailures_OnTheServingChart()
    {
        var serving = System.Net.WebUtility.HtmlDecode(HtmlStructure.Elements(RenderSmallRun(), "svg").Single(s => s.Contains("serving-chart", StringComparison.Ordinal)));

        // Batch 0 carries latency_p95_ms 3.5 and failure_rate 0; batches 1 and 2 have no serving signals.
        serving.ShouldContain("Batch 0 · latency p95 3.5 ms · failed 0.00%");
        serving.ShouldContain("Batch 1 · latency p95 – · failed –");
        Regex.Matches(serving, "class=\"series latency-line\" d=\"M[^L\"]*\"").Count.ShouldBe(1); // one point: batch 0
        serving.ShouldNotContain("no serving signals recorded");
    }

    [Fact]
    public void Render_SmallRun_ListsTheIncidents()
    {
        var html = RenderSmallRun();
        var rows = Regex.Matches(html, "<tr class=\"incident\">(.*?)</tr>", RegexOptions.Singleline).Select(m => m.Groups[1].Value).ToList();

        rows.Count.ShouldBe(2);
        rows[0].ShouldContain("inc-1");
        rows[0].ShouldContain("covariate_shift");
        rows[0].ShouldContain("badge resolved");
        rows[1].ShouldContain("inc-2");
        rows[1].ShouldContain("badge escalated");
    }

    [Fact]
    public void Render_SmallRun_ShowsTheHandComputedMeanAccuracy()
    {
        var html = RenderSmallRun();

        // 7 of 11 answered rows = 63.6%; in incidents 3 of 7 = 42.9%.
        Regex.Match(html, "data-metric=\"mean-accuracy\">.*?<div class=\"value\">([^<]*)</div>").Groups[1].Value.ShouldBe("63.6%");
        Regex.Match(html, "data-metric=\"incident-accuracy\">.*?<div class=\"value\">([^<]*)</div>").Groups[1].Value.ShouldBe("42.9%");
        Regex.Match(html, "data-metric=\"model-changes\">.*?<div class=\"value\">([^<]*)</div>").Groups[1].Value.ShouldBe("1");
        Regex.Match(html, "data-metric=\"abstentions\">.*?<div class=\"value\">([^<]*)</div>").Groups[1].Value.ShouldBe("1");
    }

    [Fact]
    public void Render_ReasonWithScriptTag_IsEscaped()
    {
        var html = RenderSmallRun();

        html.ShouldNotContain("<script>alert(1)");
        html.ShouldContain("accuracy fell &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot;");
        html.ShouldContain("fewer than 50 labels &lt;yet&gt;");
        HtmlStructure.Count(html, "<script").ShouldBe(1);
    }

    [Fact]
    public void Render_SmallRun_IsSelfContained()
    {
        var html = RenderSmallRun();

        html.ShouldNotContain("http://");
        html.ShouldNotContain("https://");
        html.ShouldNotContain(" src=");
        html.ShouldNotContain("url(");
        html.ShouldNotContain("@import");
        Regex.Matches(html, "href=\"([^\"]*)\"").Select(m => m.Groups[1].Value).ShouldAllBe(h => h.StartsWith('#'));
    }

    [Fact]
    public void Render_SmallRun_CarriesTextAlternatives()
    {
        var html = RenderSmallRun();

        var table = Regex.Match(html, "<details class=\"numbers\">.*?</details>", RegexOptions.Singleline).Value;
        Regex.Matches(table, "<tr><td class=\"num\">").Count.ShouldBe(3);
        table.ShouldContain("66.7%");
        HtmlStructure.Count(html, "<details class=\"tick\">").ShouldBe(3);
        html.ShouldContain("prefers-color-scheme:dark");
        html.ShouldContain("@media print");
    }

    [Fact]
    public void Render_DecisionLog_ShowsRuleAndRejectedAlternatives()
    {
        var html = RenderSmallRun();
        var tick = Regex.Matches(html, "<details class=\"tick\">.*?</details>", RegexOptions.Singleline)[1].Value;

        tick.ShouldContain("drift_alert");
        tick.ShouldContain("Alternatives rejected");
        tick.ShouldContain("<strong>retrain</strong>");
        tick.ShouldContain("PSI 0.31 &gt; 0.25 &amp; rising");
    }

    [Fact]
    public void Render_EmptyActionsAndSparseDecisions_StillRendersEveryChart()
    {
        using var dir = new RunDir()
            .File("predictions.csv", SmallRun.Predictions)
            .File("actions.jsonl", string.Empty)
            .File("decisions.jsonl", "{\"batch\":0}\n{\"batch\":1,\"metrics\":{\"max_psi\":null},\"findings\":[{}],\"assessment\":null}\n");

        var html = TwinReport.Render(TwinRunData.Load(dir.Path, SmallRun.Stream(), "y"));

        HtmlStructure.Problems(html).ShouldBeEmpty();
        HtmlStructure.Elements(html, "svg").Count.ShouldBe(5);
        html.ShouldNotContain("class=\"action-marker");
        html.ShouldContain("The agent took no action.");
        html.ShouldContain("No incidents");
    }

    [Fact]
    public void Render_ABatchWithFollowUps_ShowsWhatItsTickMeasured()
    {
        // The tick of batch 1 measured 100 % on the labels of batch 0 and judged it against 0.9; its follow-ups (a retrain
        // completed, a promote applied) carry no labeled batch and the next incident's baseline. The table, the
        // confidence chart and its tooltips read the tick: they showed "–" at every batch where the agent acted.
        const string followUps = ""","follow_ups":[{"batch":1,"trigger":"retrain_completed","metrics":{"rows":4,"accuracy_realized":null,"accuracy_baseline":0.25},"reason":"candidate passed"},{"batch":1,"trigger":"action_applied","metrics":{"rows":4,"accuracy_realized":null,"accuracy_baseline":0.25},"reason":"promote applied"}]}""";
        var lines = SmallRun.Decisions.Replace("\"accuracy_realized\":1.0,", "\"accuracy_realized\":1.0,\"labeled_batch\":0,", StringComparison.Ordinal).Split('\n');
        lines[1] = lines[1].TrimEnd()[..^1] + followUps;
        using var dir = new RunDir()
            .File("predictions.csv", SmallRun.Predictions)
            .File("actions.jsonl", SmallRun.Actions)
            .File("decisions.jsonl", string.Join('\n', lines.Select(l => l.Replace("\"accuracy_estimated\":0.7,", "\"accuracy_estimated\":0.7,\"accuracy_baseline\":0.9,", StringComparison.Ordinal))));

        var html = TwinReport.Render(TwinRunData.Load(dir.Path, SmallRun.Stream(), "y"));

        // Batch 1: 4 rows, v1, 1 abstained, 2 of 3 right (66.7 %), realized 100.0 % (the tick's), estimated 70.0 %.
        html.ShouldContain("<td class=\"num\">66.7%</td><td class=\"num\">100.0% (of 0)</td><td class=\"num\">70.0%</td>");
        Regex.IsMatch(html, "Batch 1 [^\"<]*realized 100\\.0%[^\"<]*baseline 90\\.0%").ShouldBeTrue();
        html.ShouldNotContain("baseline 25.0%");
    }

    [Fact]
    public void Render_AChangeThatNeverServed_IsCountedBesideTheServedOnes()
    {
        // v2 serves batch 2 after a promote at batch 1; a promote of v3 at batch 2, the last, never serves. The CLI counts
        // both model changes, predictions.csv shows one: the card says both, so the page and the CLI agree.
        var actions = SmallRun.Actions
            + """{"batch":1,"action":"promote","reason":"r","version_before":"v1","version_after":"v2"}""" + "\n"
            + """{"batch":2,"action":"promote","reason":"r","version_before":"v2","version_after":"v3"}""" + "\n";
        using var dir = new RunDir()
            .File("predictions.csv", SmallRun.Predictions)
            .File("actions.jsonl", actions)
            .File("decisions.jsonl", SmallRun.Decisions);

        var data = TwinRunData.Load(dir.Path, SmallRun.Stream(), "y");
        var html = TwinReport.Render(data);

        data.Summary.ModelChanges.ShouldBe(1);
        data.Summary.ModelChangesOrdered.ShouldBe(2);
        Regex.Match(html, "data-metric=\"model-changes\">.*?<div class=\"value\">([^<]*)</div><div class=\"sub\">([^<]*)</div>").Groups[2].Value
            .ShouldBe("2 versions served; 2 in actions.jsonl");
        TwinComparisonReport.Render([("p", data)]).ShouldContain("<td class=\"num\">1 (2 in actions.jsonl)</td>");
    }

    [Fact]
    public void Render_NoBatchesAtAll_StillRenders()
    {
        using var dir = new RunDir().File("predictions.csv", "batch,row,prediction,served_version\n");

        var html = TwinReport.Render(TwinRunData.Load(dir.Path, SmallRun.Stream(), "y"));

        HtmlStructure.Problems(html).ShouldBeEmpty();
        HtmlStructure.Elements(html, "svg").Count.ShouldBe(5);
        html.ShouldNotContain("NaN");
    }

    [Fact]
    public void Render_AnyReasonText_StaysEscapedAndBalanced()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<string>(), reason =>
        {
            var text = reason ?? string.Empty;
            var json = System.Text.Json.JsonSerializer.Serialize(new { batch = 1, action = "alert", reason = text });
            using var predictions = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(SmallRun.Predictions));
            using var actions = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json + "\n"));
            var html = TwinReport.Render(TwinRunData.Parse(predictions, actions, null, SmallRun.Stream(), "y"));
            return HtmlStructure.Problems(html).Count == 0
                && HtmlStructure.Count(html, "<script") == 1
                && HtmlStructure.Count(html, "class=\"action-marker") == 3;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Write_PutsReportHtmlIntoTheRunDirectory()
    {
        using var dir = SmallRun.Write();

        var path = TwinReport.Write(dir.Path, SmallRun.Stream(), "y");

        path.ShouldBe(Path.Combine(dir.Path, "report.html"));
        File.ReadAllText(path).ShouldContain("tiny-shift");
    }
}
