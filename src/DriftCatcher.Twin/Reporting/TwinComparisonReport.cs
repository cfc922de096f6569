using System.Globalization;
using System.Text;

namespace DriftCatcher.Twin.Reporting;

/// <summary>
/// One page comparing several policies replayed on the same scenario: their accuracy curves on one
/// chart, a summary table, then each policy's full report as a section of the page.
/// </summary>
public static class TwinComparisonReport
{
    /// <summary>The file name `twin run` writes the comparison to.</summary>
    public const string FileName = "comparison.html";

    /// <summary>
    /// Renders the comparison. <paramref name="reportLinks"/> optionally maps a policy to the address of its
    /// own report.html (relative to where the comparison is written); the summary links to it.
    /// </summary>
    public static string Render(IReadOnlyList<(string Policy, TwinRunData Data)> runs, IReadOnlyDictionary<string, string>? reportLinks = null)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var scenario = runs.Select(r => r.Data.Info.Scenario).FirstOrDefault(s => s is not null);
        var prefixes = Prefixes(runs);
        var regression = runs.Count > 0 && runs[0].Data.IsRegression;
        var sb = new StringBuilder();
        sb.Append("<header>\n<div class=\"eyebrow\">DriftCatcher · digital twin · policy comparison</div>\n<h1>")
            .Append(Html.Escape(scenario is null ? "Policy comparison" : "Scenario: " + scenario)).Append("</h1>\n")
            .Append("<p class=\"note\">").Append(RunSections.Plural(runs.Count, "policy", "policies")).Append(" replayed on the same stream. ")
            .Append(regression
                ? "Mean absolute error (lower is better) is measured against the true labels over the rows each policy answered; abstained rows are counted separately.</p>\n</header>\n"
                : "Accuracy is measured against the true labels over the rows each policy answered; abstained rows are counted separately.</p>\n</header>\n");

        Summary(sb, runs, prefixes, reportLinks);

        sb.Append("<section id=\"compare-accuracy\">\n<h2>").Append(regression ? "MAE over time" : "Accuracy over time").Append("</h2>\n<ul class=\"legend\" aria-label=\"Policies\"><li class=\"group\">Policies</li>");
        for (var i = 0; i < runs.Count; i++)
        {
            sb.Append("<li><button type=\"button\" data-chart=\"chart-compare\" data-series=\"p").Append(i)
                .Append("\" aria-pressed=\"true\" title=\"Show or hide this policy\"><span class=\"sw c-v").Append(i % RunCharts.PaletteSize).Append("\"></span>")
                .Append(Html.Escape(runs[i].Policy)).Append("</button></li>");
        }

        sb.Append("</ul>\n<figure>").Append(Chart(runs, "chart-compare")).Append("</figure>\n</section>\n");

        for (var i = 0; i < runs.Count; i++)
        {
            var (policy, data) = runs[i];
            sb.Append("<section class=\"policy\" id=\"").Append(prefixes[i]).Append("top\" aria-label=\"Policy ").Append(Html.Escape(policy)).Append("\">\n")
                .Append("<div class=\"eyebrow\">Policy ").Append(i + 1).Append(" of ").Append(runs.Count).Append("</div><h2>").Append(Html.Escape(policy)).Append("</h2>\n");
            RunSections.Header(sb, data, string.Empty, level: 2);
            RunSections.Body(sb, data, prefixes[i], h: 3);
            sb.Append("</section>\n");
        }

        return ReportPage.Document("Twin comparison" + (scenario is null ? string.Empty : " · " + scenario), sb.ToString());
    }

    /// <summary>Writes the comparison to <paramref name="path"/> (see <see cref="Render"/>).</summary>
    public static void Write(string path, IReadOnlyList<(string Policy, TwinRunData Data)> runs, IReadOnlyDictionary<string, string>? reportLinks = null) =>
        File.WriteAllText(path, Render(runs, reportLinks), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));

    private static void Summary(
        StringBuilder sb,
        IReadOnlyList<(string Policy, TwinRunData Data)> runs,
        IReadOnlyList<string> prefixes,
        IReadOnlyDictionary<string, string>? links)
    {
        var regression = runs.Count > 0 && runs[0].Data.IsRegression;
        var best = regression
            ? runs.Select(r => r.Data.Summary.MeanMae).OfType<double>().DefaultIfEmpty(double.NaN).Min()
            : runs.Select(r => r.Data.Summary.MeanAccuracy).OfType<double>().DefaultIfEmpty(double.NaN).Max();
        sb.Append("<section id=\"summary\">\n<h2>Summary</h2>\n<div class=\"table-wrap\"><table class=\"summary\">")
            .Append("<thead><tr><th scope=\"col\">Policy</th><th scope=\"col\" class=\"num\">").Append(regression ? "Mean MAE" : "Mean accuracy").Append("</th><th scope=\"col\" class=\"num\">In incidents</th>")
            .Append("<th scope=\"col\" class=\"num\">Model changes</th><th scope=\"col\" class=\"num\">Alerts</th><th scope=\"col\" class=\"num\">Abstained rows</th>")
            .Append("<th scope=\"col\" class=\"num\">Escalations</th><th scope=\"col\" class=\"num\">First response batch</th>")
            .Append(links is { Count: > 0 } ? "<th scope=\"col\">Own page</th>" : string.Empty).Append("</tr></thead><tbody>\n");
        for (var i = 0; i < runs.Count; i++)
        {
            var (policy, data) = runs[i];
            var s = data.Summary;
            var mean = regression ? s.MeanMae : s.MeanAccuracy;
            var isBest = mean is { } m && m == best && runs.Count > 1;
            sb.Append("<tr class=\"policy-row\"><th scope=\"row\"><span class=\"sw c-v").Append(i % RunCharts.PaletteSize).Append("\" style=\"vertical-align:middle;margin-right:8px\"></span>")
                .Append("<a href=\"#").Append(prefixes[i]).Append("top\">").Append(Html.Escape(policy)).Append("</a></th>")
                .Append("<td class=\"num\">").Append(isBest ? "<strong>" : string.Empty).Append(regression ? Html.Number(s.MeanMae) : Html.Percent(s.MeanAccuracy)).Append(isBest ? "</strong>" : string.Empty).Append("</td>")
                .Append("<td class=\"num\">").Append(regression ? Html.Number(s.IncidentMae) : Html.Percent(s.IncidentAccuracy)).Append("</td>")
                .Append("<td class=\"num\">").Append(Html.Int(s.ModelChanges)).Append(s.OrderedNote.Length == 0 ? string.Empty : $" ({s.OrderedNote})").Append("</td>")
                .Append("<td class=\"num\">").Append(Html.Int(s.Alerts)).Append("</td>")
                .Append("<td class=\"num\">").Append(Html.Int(s.Abstained)).Append("</td>")
                .Append("<td class=\"num\">").Append(Html.Int(s.Escalations)).Append("</td>")
                .Append("<td class=\"num\">").Append(s.FirstResponseBatch is { } r ? Html.Int(r) : Html.Dash).Append("</td>");
            if (links is { Count: > 0 })
            {
                sb.Append("<td>");
                if (links.TryGetValue(policy, out var href))
                {
                    sb.Append("<a href=\"").Append(Html.Escape(href)).Append("\">report.html</a>");
                }

                sb.Append("</td>");
            }

            sb.Append("</tr>\n");
        }

        sb.Append("</tbody></table></div>\n</section>\n");
    }

    private static string Chart(IReadOnlyList<(string Policy, TwinRunData Data)> runs, string id)
    {
        var scale = TimelineScale.For(runs.SelectMany(r => r.Data.Batches.Select(b => b.Batch)));
        const double top = 14;
        const double bottom = top + 280;
        var regression = runs.Count > 0 && runs[0].Data.IsRegression;
        Func<TwinBatch, double?> metric = regression ? b => b.Mae : b => b.Accuracy;
        var values = runs.SelectMany(r => r.Data.Batches.Select(metric)).OfType<double>().ToList();
        var y = regression ? ValueScale.ZeroTo(Math.Max(1e-9, values.DefaultIfEmpty(1).Max()), top, bottom) : ValueScale.ForFractions(values, top, bottom);
        var name = regression ? "MAE" : "Accuracy";
        var svg = new SvgCanvas(scale);
        svg.Open(
            id,
            bottom + 36,
            $"{name} per batch, one line per policy",
            $"{name} against the true labels of {runs.Count} policies replayed on the same stream; the summary table above gives the same comparison in numbers.",
            "compare-chart");
        svg.YAxis(y, percent: !regression, title: regression ? "MAE" : "accuracy");
        svg.XAxis(bottom);
        var onset = runs.Select(r => r.Data.Info.DriftOnsetBatch).FirstOrDefault(o => o is not null);
        svg.OnsetLine(onset, top, bottom);
        for (var i = 0; i < runs.Count; i++)
        {
            var css = "v" + (i % RunCharts.PaletteSize).ToString(CultureInfo.InvariantCulture);
            svg.Raw.Append("<g class=\"policy-series ").Append(css).Append("\" data-series=\"p").Append(i).Append("\" data-policy=\"")
                .Append(Html.Escape(runs[i].Policy)).Append("\">");
            svg.Series([.. runs[i].Data.Batches.Select(b => (b.Batch, metric(b)))], y, "line");
            var byBatch = runs[i].Data.Batches.ToDictionary(b => b.Batch);
            foreach (var change in TwinRunData.ModelChangeBatches(runs[i].Data.Batches))
            {
                if (metric(byBatch[change]) is { } acc)
                {
                    svg.Dot(scale.X(change), y.Y(acc), 3.5, "change-dot");
                }
            }

            svg.Raw.Append("</g>");
        }

        var lookups = runs.Select(r => r.Data.Batches.ToDictionary(b => b.Batch)).ToList();
        var batches = lookups.SelectMany(l => l.Keys).Distinct().Order().ToList();
        svg.HoverColumns(batches, top, bottom, b => $"Batch {b} · " + string.Join(" · ", runs.Select((r, i) =>
            $"{r.Policy} {(regression ? Html.Number(lookups[i].GetValueOrDefault(b)?.Mae) : Html.Percent(lookups[i].GetValueOrDefault(b)?.Accuracy))}")));
        return svg.Close();
    }

    private static List<string> Prefixes(IReadOnlyList<(string Policy, TwinRunData Data)> runs)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var list = new List<string>(runs.Count);
        foreach (var (policy, _) in runs)
        {
            var p = "p-" + Html.Slug(policy);
            var unique = p;
            for (var n = 2; !seen.Add(unique); n++)
            {
                unique = p + "-" + n.ToString(CultureInfo.InvariantCulture);
            }

            list.Add(unique + "-");
        }

        return list;
    }
}
