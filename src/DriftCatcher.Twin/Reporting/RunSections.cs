using System.Text;
using DriftCatcher.Core.Findings;

namespace DriftCatcher.Twin.Reporting;

/// <summary>
/// The sections of one replay's report. The single-run report and each policy's part of the comparison
/// report are the same sections; <c>prefix</c> keeps element ids unique when several runs share a page.
/// </summary>
internal static class RunSections
{
    public static void Header(StringBuilder sb, TwinRunData d, string eyebrow, int level)
    {
        var title = d.Info.Scenario is null ? "Twin replay" : "Scenario: " + d.Info.Scenario;
        if (level == 1)
        {
            sb.Append("<header>\n<div class=\"eyebrow\">").Append(Html.Escape(eyebrow)).Append("</div>\n<h1>")
                .Append(Html.Escape(title)).Append("</h1>\n");
        }

        sb.Append("<dl class=\"meta\">");
        Meta(sb, "Policy", d.Info.Policy ?? Html.Dash);
        Meta(sb, "Algorithm", d.Info.Algorithm ?? Html.Dash);
        Meta(sb, "Label delay", d.Info.LabelDelay is { } delay
            ? Plural(delay, "batch", "batches") + (d.Info.LabelDelayExceptions is { } later ? $" ({later})" : "")
            : Html.Dash);
        Meta(sb, "Batches", Html.Int(d.Summary.Batches));
        Meta(sb, "Rows", Html.Int(d.Summary.Rows));
        Meta(sb, "Versions served", d.Versions.Count == 0 ? Html.Dash : string.Join(", ", d.Versions));
        if (d.Info.DriftOnsetBatch is { } onset)
        {
            Meta(sb, "Drift onset", "batch " + Html.Int(onset));
        }

        sb.Append("</dl>\n");
        if (level == 1)
        {
            sb.Append("</header>\n");
        }
    }

    public static void Headline(StringBuilder sb, TwinRunData d)
    {
        var s = d.Summary;
        sb.Append("<section class=\"cards\" aria-label=\"Headline numbers\">\n");
        if (d.IsRegression)
        {
            Card(sb, "Mean MAE", Html.Number(s.MeanMae), $"over {Html.Int(s.Answered)} answered rows (lower is better)", "lead", "mean-mae");
            Card(sb, "MAE in incidents", Html.Number(s.IncidentMae), s.Incidents == 0 ? "no incident" : Plural(s.Incidents, "incident", "incidents"), null, "incident-mae");
        }
        else
        {
            Card(sb, "Mean accuracy", Html.Percent(s.MeanAccuracy), $"over {Html.Int(s.Answered)} answered rows", "lead", "mean-accuracy");
            Card(sb, "In incidents", Html.Percent(s.IncidentAccuracy), s.Incidents == 0 ? "no incident" : Plural(s.Incidents, "incident", "incidents"), null, "incident-accuracy");
        }

        Card(sb, "Model changes", Html.Int(s.ModelChanges), Plural(d.Versions.Count, "version served", "versions served") + (s.OrderedNote.Length == 0 ? string.Empty : $"; {s.OrderedNote}"), null, "model-changes");
        Card(sb, "Alerts", Html.Int(s.Alerts), "alert actions", null, "alerts");
        Card(sb, "Abstentions", Html.Int(s.Abstained), s.Rows == 0 ? "rows" : $"{Html.Percent((double)s.Abstained / s.Rows)} of rows", null, "abstentions");
        Card(sb, "Escalations", Html.Int(s.Escalations), "to a person", null, "escalations");
        var response = s.FirstResponseBatch is { } r ? Html.Int(r) : Html.Dash;
        var responseNote = s.FirstResponseBatch is { } rb && d.Info.DriftOnsetBatch is { } onset
            ? (rb >= onset ? $"batch, {Html.Int(rb - onset)} after onset" : "batch, before the onset")
            : "batch of the first action other than an alert";
        Card(sb, "First response", response, responseNote, null, "first-response");
        sb.Append("</section>\n");
    }

    public static void Body(StringBuilder sb, TwinRunData d, string prefix, int h)
    {
        var hs = "h" + h;
        Headline(sb, d);

        // Accuracy (MAE for a regression model)
        sb.Append("<section id=\"").Append(prefix).Append("accuracy\">\n<").Append(hs).Append('>').Append(d.IsRegression ? "MAE over time" : "Accuracy over time").Append("</").Append(hs).Append(">\n")
            .Append(d.IsRegression
                ? "<p class=\"note\">Mean absolute error of each batch against the true labels (lower is better), coloured by the version that served it; rows the platform abstained on are left out. "
                : "<p class=\"note\">Accuracy of each batch against the true labels, coloured by the version that served it; rows the platform abstained on are left out. ")
            .Append("Hollow dots are versions serving part of a batch (canary). Chips above the chart mark the agent's actions; shaded spans are incidents.</p>\n");
        sb.Append("<ul class=\"legend\" aria-label=\"Served versions\"><li class=\"group\">Versions</li>");
        for (var i = 0; i < d.Versions.Count; i++)
        {
            var css = RunCharts.VersionClass(d, d.Versions[i]);
            sb.Append("<li><button type=\"button\" data-chart=\"").Append(prefix).Append("chart-accuracy\" data-series=\"s")
                .Append(i).Append("\" aria-pressed=\"true\" title=\"Show or hide this version\"><span class=\"sw c-").Append(css).Append("\"></span>")
                .Append(Html.Escape(d.Versions[i])).Append("</button></li>");
        }

        if (d.Incidents.Count > 0)
        {
            sb.Append("<li><span class=\"sw band\"></span>incident</li>");
        }

        sb.Append("</ul>\n");
        ActionLegend(sb, d.Actions);
        sb.Append("<figure>").Append(RunCharts.Accuracy(d, prefix + "chart-accuracy")).Append("</figure>\n</section>\n");

        // Drift
        sb.Append("<section id=\"").Append(prefix).Append("drift\">\n<").Append(hs).Append(">Drift</").Append(hs).Append(">\n")
            .Append("<p class=\"note\">What the agent measured on the inputs at each tick: the share of features it found drifted and the largest PSI among them.</p>\n")
            .Append("<ul class=\"legend\"><li><span class=\"sw bar c-share\"></span>features drifted (left axis)</li>")
            .Append("<li><span class=\"sw c-psi\"></span>max PSI (right axis)</li><li><span class=\"sw dash c-psi\"></span>PSI 0.1 / 0.25</li></ul>\n")
            .Append("<figure>").Append(RunCharts.Drift(d, prefix + "chart-drift")).Append("</figure>\n</section>\n");

        // Serving
        sb.Append("<section id=\"").Append(prefix).Append("serving\">\n<").Append(hs).Append(">Serving</").Append(hs).Append(">\n")
            .Append("<p class=\"note\">How the endpoint answered: the 95th percentile of latency and the share of failed requests per batch. ")
            .Append("What the policy does with them (the default: an alert at three times the usual latency, the fallback past the limits) is in the decision log.</p>\n")
            .Append("<ul class=\"legend\"><li><span class=\"sw c-latency\"></span>latency p95 (left axis)</li>")
            .Append("<li><span class=\"sw bar c-failure\"></span>failed requests (right axis)</li></ul>\n")
            .Append("<figure>").Append(RunCharts.Serving(d, prefix + "chart-serving")).Append("</figure>\n</section>\n");

        // Confidence: a regression model has none, and no label-free estimate.
        if (d.IsRegression)
        {
            sb.Append("<section id=\"").Append(prefix).Append("confidence\">\n<").Append(hs).Append(">Confidence and estimated accuracy</").Append(hs).Append(">\n")
                .Append("<p class=\"note\">Not available for a regression model: it has no confidence, and the agent makes no label-free estimate of its error. ")
                .Append("Prediction drift (the distribution of the predicted numbers against held-out predictions) is among the findings.</p>\n</section>\n");
        }
        else
        {
        sb.Append("<section id=\"").Append(prefix).Append("confidence\">\n<").Append(hs).Append(">Confidence and estimated accuracy</").Append(hs).Append(">\n")
            .Append("<p class=\"note\">Before labels arrive the agent only has confidence and its label-free estimate; realized accuracy follows once delayed labels come in. ")
            .Append("The thin grey line is the true accuracy the agent could not see.</p>\n")
            .Append("<ul class=\"legend\"><li><span class=\"sw c-real\"></span>realized accuracy</li><li><span class=\"sw dash c-est\"></span>estimated accuracy</li>")
            .Append("<li><span class=\"sw dot c-conf\"></span>mean confidence</li><li><span class=\"sw c-true\"></span>true accuracy</li>")
            .Append("<li><span class=\"sw dash c-base\"></span>baseline</li></ul>\n")
            .Append("<figure>").Append(RunCharts.Confidence(d, prefix + "chart-confidence")).Append("</figure>\n</section>\n");
        }

        // Findings
        sb.Append("<section id=\"").Append(prefix).Append("findings\">\n<").Append(hs).Append(">Findings</").Append(hs).Append(">\n")
            .Append("<ul class=\"legend\"><li><span class=\"sw bar c-critical\"></span>critical</li><li><span class=\"sw bar c-warning\"></span>warning</li>")
            .Append("<li><span class=\"sw bar c-info\"></span>info</li><li>darker = more findings in the batch</li></ul>\n")
            .Append("<figure class=\"strip\">").Append(RunCharts.Findings(d, prefix + "chart-findings")).Append("</figure>\n");
        BatchTable(sb, d);
        sb.Append("</section>\n");

        Incidents(sb, d, prefix, hs);
        Actions(sb, d, prefix, hs);
        DecisionLog(sb, d, prefix, hs);
    }

    public static void ActionLegend(StringBuilder sb, IReadOnlyList<TwinAction> actions)
    {
        var present = actions.Select(a => a.Action).Distinct(StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
        if (present.Count == 0)
        {
            sb.Append("<ul class=\"legend\"><li class=\"group\">Actions</li><li>none taken</li></ul>\n");
            return;
        }

        sb.Append("<ul class=\"legend\" aria-label=\"Action markers\"><li class=\"group\">Actions</li>");
        var styles = ActionStyle.Known.Where(s => present.Contains(s.Action))
            .Concat(present.Where(p => ActionStyle.Known.All(k => k.Action != p)).Order(StringComparer.Ordinal).Select(ActionStyle.For));
        foreach (var s in styles)
        {
            sb.Append("<li>").Append(Chip(s)).Append(Html.Escape(s.Label)).Append("</li>");
        }

        sb.Append("</ul>\n");
    }

    public static string Chip(ActionStyle s) =>
        $"<span class=\"chipk fam-{s.Family}\" aria-hidden=\"true\">{Html.Escape(s.Code)}</span>";

    private static void BatchTable(StringBuilder sb, TwinRunData d)
    {
        var decisions = RunCharts.TickDecisionPerBatch(d);
        var findings = d.Decisions.GroupBy(x => x.Batch).ToDictionary(g => g.Key, g => g.Sum(x => x.Findings.Count));
        var actions = d.Actions.GroupBy(a => a.Batch).ToDictionary(g => g.Key, g => string.Join(", ", g.Select(a => a.Action)));
        sb.Append("<details class=\"numbers\"><summary>Per-batch numbers (the charts as a table)</summary>\n<div class=\"table-wrap\"><table class=\"batches\">")
            .Append("<caption>One row per batch: accuracy from the true labels, then what the agent measured at that batch's tick; realized is of the batch whose labels had just arrived (D batches back), named in brackets.</caption>")
            .Append("<thead><tr><th scope=\"col\" class=\"num\">Batch</th><th scope=\"col\" class=\"num\">Rows</th><th scope=\"col\">Served</th>")
            .Append("<th scope=\"col\" class=\"num\">Abstained</th><th scope=\"col\" class=\"num\">").Append(d.IsRegression ? "MAE" : "Accuracy").Append("</th><th scope=\"col\" class=\"num\">Realized</th>")
            .Append("<th scope=\"col\" class=\"num\">Estimated</th><th scope=\"col\" class=\"num\">Confidence</th><th scope=\"col\" class=\"num\">Drifted</th>")
            .Append("<th scope=\"col\" class=\"num\">Max PSI</th><th scope=\"col\" class=\"num\">Findings</th><th scope=\"col\">Actions</th></tr></thead><tbody>\n");
        foreach (var b in d.Batches)
        {
            var m = decisions.GetValueOrDefault(b.Batch)?.Metrics;
            var served = string.Join(", ", b.Versions.Select(v => b.Versions.Count > 1 ? $"{v.Version} ({Html.Int(v.Rows)})" : v.Version));
            sb.Append("<tr><td class=\"num\">").Append(Html.Int(b.Batch)).Append("</td><td class=\"num\">").Append(Html.Int(b.Rows))
                .Append("</td><td>").Append(Html.Escape(served)).Append("</td><td class=\"num\">").Append(Html.Int(b.Abstained))
                .Append("</td><td class=\"num\">").Append(d.IsRegression ? Html.Number(b.Mae) : Html.Percent(b.Accuracy)).Append("</td><td class=\"num\">").Append(d.IsRegression ? Html.Number(m?.MaeRealized) : Html.Percent(m?.AccuracyRealized)).Append(RealizedOf(m, b.Batch))
                .Append("</td><td class=\"num\">").Append(Html.Percent(m?.AccuracyEstimated)).Append("</td><td class=\"num\">").Append(Html.Percent(m?.MeanConfidence))
                .Append("</td><td class=\"num\">").Append(Html.Percent(m?.ShareDrifted)).Append("</td><td class=\"num\">").Append(Html.Number(m?.MaxPsi))
                .Append("</td><td class=\"num\">").Append(Html.Int(findings.GetValueOrDefault(b.Batch))).Append("</td><td>")
                .Append(Html.Escape(actions.GetValueOrDefault(b.Batch) ?? string.Empty)).Append("</td></tr>\n");
        }

        sb.Append("</tbody></table></div></details>\n");
    }

    /// <summary>" (of 20)": the batch whose labels the realized number is of, when it is not the row's own batch.</summary>
    private static string RealizedOf(TwinMetrics? m, int batch) =>
        m?.LabeledBatch is { } lb && lb != batch && (m.AccuracyRealized is not null || m.MaeRealized is not null) ? $" (of {Html.Int(lb)})" : string.Empty;

    private static void Incidents(StringBuilder sb, TwinRunData d, string prefix, string hs)
    {
        sb.Append("<section id=\"").Append(prefix).Append("incidents\">\n<").Append(hs).Append(">Incidents</").Append(hs).Append(">\n");
        if (d.Incidents.Count == 0)
        {
            sb.Append("<p class=\"empty\">No incidents: no decision carried an incident id.</p>\n</section>\n");
            return;
        }

        sb.Append("<div class=\"table-wrap\"><table class=\"incidents\"><thead><tr><th scope=\"col\">Incident</th><th scope=\"col\" class=\"num\">First batch</th>")
            .Append("<th scope=\"col\" class=\"num\">Last batch</th><th scope=\"col\">Cause</th><th scope=\"col\">Actions</th><th scope=\"col\">Verification</th>")
            .Append("<th scope=\"col\">Outcome</th></tr></thead><tbody>\n");
        foreach (var i in d.Incidents)
        {
            var outcome = SvgCanvas.OutcomeText(i.Outcome);
            sb.Append("<tr class=\"incident\"><td class=\"mono\">").Append(Html.Escape(i.Id)).Append("</td><td class=\"num\">").Append(Html.Int(i.FirstBatch))
                .Append("</td><td class=\"num\">").Append(Html.Int(i.LastBatch)).Append("</td><td>").Append(Html.Escape(i.Cause ?? Html.Dash)).Append("</td><td>");
            if (i.Actions.Count == 0)
            {
                sb.Append(Html.Dash);
            }

            else
            {
                sb.Append("<span class=\"acts\">");
                foreach (var a in i.Actions)
                {
                    var s = ActionStyle.For(a.Action);
                    sb.Append("<span title=\"").Append(Html.Escape(SvgCanvas.ActionTip(a))).Append("\">").Append(Chip(s)).Append(' ')
                        .Append(Html.Escape(a.Action)).Append(" <span class=\"k\">").Append(Html.Int(a.Batch)).Append("</span></span>");
                }

                sb.Append("</span>");
            }

            sb.Append("</td><td>").Append(Html.Escape(i.VerificationStatus ?? Html.Dash)).Append("</td><td><span class=\"badge ")
                .Append(i.Outcome.ToString().ToLowerInvariant()).Append("\">").Append(outcome).Append("</span></td></tr>\n");
        }

        sb.Append("</tbody></table></div>\n</section>\n");
    }

    private static void Actions(StringBuilder sb, TwinRunData d, string prefix, string hs)
    {
        sb.Append("<section id=\"").Append(prefix).Append("actions\">\n<").Append(hs).Append(">Actions</").Append(hs).Append(">\n");
        if (d.Actions.Count == 0)
        {
            sb.Append("<p class=\"empty\">The agent took no action.</p>\n</section>\n");
            return;
        }

        sb.Append("<div class=\"table-wrap\"><table class=\"actions\"><thead><tr><th scope=\"col\" class=\"num\">Batch</th><th scope=\"col\">Action</th>")
            .Append("<th scope=\"col\">Reason</th><th scope=\"col\">Version</th><th scope=\"col\">Trained on</th></tr></thead><tbody>\n");
        foreach (var a in d.Actions)
        {
            var s = ActionStyle.For(a.Action);
            var versions = a.VersionBefore is null && a.VersionAfter is null
                ? Html.Dash
                : a.VersionBefore == a.VersionAfter ? a.VersionAfter! : $"{a.VersionBefore ?? "?"} → {a.VersionAfter ?? "?"}";
            var training = a.TrainingFirstBatch is { } f ? $"batches {f}–{a.TrainingLastBatch ?? f}" : Html.Dash;
            sb.Append("<tr class=\"action\"><td class=\"num\">").Append(Html.Int(a.Batch)).Append("</td><td>").Append(Chip(s)).Append(' ')
                .Append(Html.Escape(a.Action)).Append("</td><td class=\"reason\">").Append(Html.Escape(a.Reason ?? Html.Dash)).Append("</td><td>")
                .Append(Html.Escape(versions)).Append("</td><td>").Append(Html.Escape(training)).Append("</td></tr>\n");
        }

        sb.Append("</tbody></table></div>\n</section>\n");
    }

    private static void DecisionLog(StringBuilder sb, TwinRunData d, string prefix, string hs)
    {
        sb.Append("<section id=\"").Append(prefix).Append("decisions\">\n<").Append(hs).Append(">Decision log</").Append(hs).Append(">\n");
        if (d.Decisions.Count == 0)
        {
            sb.Append("<p class=\"empty\">No decisions were recorded.</p>\n</section>\n");
            return;
        }

        sb.Append("<p class=\"note\">Every tick of the agent: what it found, how it read the situation, the rule that fired and the alternatives it turned down.</p>\n")
            .Append("<details class=\"log\"><summary>").Append(Plural(d.Decisions.Count, "tick", "ticks")).Append(" — open to read</summary>\n");
        foreach (var x in d.Decisions)
        {
            Tick(sb, x);
        }

        sb.Append("</details>\n</section>\n");
    }

    private static void Tick(StringBuilder sb, TwinDecision x)
    {
        sb.Append("<details class=\"tick\"><summary><span class=\"b\">batch ").Append(Html.Int(x.Batch)).Append("</span> ");
        var parts = new List<string>();
        if (x.Trigger is { } trigger && trigger != "tick")
        {
            parts.Add($"<span class=\"k\">on</span> {Html.Escape(trigger)}");
        }

        if (x.Action is { } act)
        {
            parts.Add($"<strong>{Html.Escape(act)}</strong>");
        }

        if (x.Rule is { } rule)
        {
            parts.Add($"<span class=\"k\">rule</span> {Html.Escape(rule)}");
        }

        if (x.Findings.Count > 0)
        {
            var worst = x.Findings.Max(f => f.Severity ?? Severity.Info);
            parts.Add($"<span class=\"c-{worst.ToString().ToLowerInvariant()}\">{Plural(x.Findings.Count, "finding", "findings")}</span>");
        }

        if (x.IncidentId is { } inc)
        {
            parts.Add($"<span class=\"k\">incident</span> {Html.Escape(inc)}");
        }

        if (x.Verification?.Status is { } vs)
        {
            parts.Add($"<span class=\"k\">verification</span> {Html.Escape(vs)}");
        }

        if (x.Action is null && x.Reason is { } why)
        {
            parts.Add($"<span class=\"k\">{Html.Escape(why.Length > 110 ? why[..109] + "…" : why)}</span>");
        }

        sb.Append(parts.Count == 0 ? "<span class=\"k\">no finding, no action</span>" : string.Join(" · ", parts)).Append("</summary>\n<div class=\"tick-body\">");

        sb.Append("<dl>");
        Dl(sb, "time", x.Time);
        Dl(sb, "served version", x.ServedVersion);
        Dl(sb, "mode", x.Mode);
        var m = x.Metrics;
        Dl(sb, "rows", m.Rows is { } r ? Html.Int(r) : null);
        Dl(sb, "accuracy realized / estimated", m.AccuracyRealized is null && m.AccuracyEstimated is null ? null : $"{Html.Percent(m.AccuracyRealized)} / {Html.Percent(m.AccuracyEstimated)}");
        Dl(sb, "accuracy baseline", m.AccuracyBaseline is { } ab ? Html.Percent(ab) : null);
        Dl(sb, "MAE realized / baseline", m.MaeRealized is null && m.MaeBaseline is null ? null : $"{Html.Number(m.MaeRealized)} / {Html.Number(m.MaeBaseline)}");
        Dl(sb, "features drifted / max PSI", m.ShareDrifted is null && m.MaxPsi is null ? null : $"{Html.Percent(m.ShareDrifted)} / {Html.Number(m.MaxPsi)}");
        Dl(sb, "mean confidence", m.MeanConfidence is { } c ? Html.Percent(c) : null);
        Dl(sb, "latency p95", m.LatencyP95Ms is { } l ? Html.Number(l) + " ms" : null);
        Dl(sb, "failure rate", m.FailureRate is { } fr ? Html.Percent(fr, 2) : null);
        if (x.Assessment is { } a)
        {
            var text = string.Join(", ", new[]
            {
                a.Cause is null ? null : "cause " + a.Cause,
                a.Severity is null ? null : "severity " + a.Severity,
                a.Persistent is { } p ? (p ? "persistent" : "transient") : null,
            }.Where(t => t is not null));
            Dl(sb, "assessment", text.Length == 0 ? null : text);
        }

        Dl(sb, "rule", x.Rule);
        Dl(sb, "action", x.Action);
        Dl(sb, "reason", x.Reason);
        if (x.Verification is { } v)
        {
            Dl(sb, "verification", (v.Action is null ? string.Empty : v.Action + " ") + $"{v.Status ?? "?"}: baseline {Html.Number(v.Baseline)}, observed {Html.Number(v.Observed)}"
                + (v.Window is null ? string.Empty : $", window {v.Window}"));
        }

        sb.Append("</dl>");
        if (x.Findings.Count > 0)
        {
            sb.Append("<h4>Findings</h4><ul>");
            foreach (var f in x.Findings)
            {
                var sev = (f.Severity ?? Severity.Info).ToString().ToLowerInvariant();
                sb.Append("<li><span class=\"sev c-").Append(sev).Append("\">").Append(sev).Append("</span> <code>").Append(Html.Escape(f.Code ?? f.Kind ?? "finding"))
                    .Append("</code>");
                if (f.Subject is not null)
                {
                    sb.Append(" on <strong>").Append(Html.Escape(f.Subject)).Append("</strong>");
                }

                if (f.Message is not null)
                {
                    sb.Append(" — ").Append(Html.Escape(f.Message));
                }

                if (f.Evidence.Count > 0)
                {
                    sb.Append(" <span class=\"evidence\">(").Append(Html.Escape(string.Join(", ", f.Evidence.Select(e => $"{e.Key} {e.Value}")))).Append(")</span>");
                }

                sb.Append("</li>");
            }

            sb.Append("</ul>");
        }

        if (x.Alternatives.Count > 0)
        {
            sb.Append("<h4>Alternatives rejected</h4><ul>");
            foreach (var alt in x.Alternatives)
            {
                sb.Append("<li><strong>").Append(Html.Escape(alt.Action ?? "?")).Append("</strong>");
                if (alt.RejectedBecause is not null)
                {
                    sb.Append(" — ").Append(Html.Escape(alt.RejectedBecause));
                }

                sb.Append("</li>");
            }

            sb.Append("</ul>");
        }

        sb.Append("</div></details>\n");
    }

    private static void Meta(StringBuilder sb, string name, string value) =>
        sb.Append("<div><dt>").Append(Html.Escape(name)).Append("</dt><dd>").Append(Html.Escape(value)).Append("</dd></div>");

    private static void Dl(StringBuilder sb, string name, string? value)
    {
        if (value is not null)
        {
            sb.Append("<dt>").Append(Html.Escape(name)).Append("</dt><dd>").Append(Html.Escape(value)).Append("</dd>");
        }
    }

    private static void Card(StringBuilder sb, string label, string value, string sub, string? css, string key) =>
        sb.Append("<div class=\"card ").Append(css).Append("\" data-metric=\"").Append(key).Append("\"><div class=\"label\">").Append(Html.Escape(label))
            .Append("</div><div class=\"value\">").Append(Html.Escape(value)).Append("</div><div class=\"sub\">").Append(Html.Escape(sub)).Append("</div></div>\n");

    public static string Plural(int n, string one, string many) => $"{Html.Int(n)} {(n == 1 ? one : many)}";
}
