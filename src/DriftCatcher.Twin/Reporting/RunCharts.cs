using System.Globalization;
using DriftCatcher.Core.Findings;

namespace DriftCatcher.Twin.Reporting;

/// <summary>The charts of one replay, all on the same timeline so they read down the page batch by batch.</summary>
internal static class RunCharts
{
    public const int PaletteSize = 8;

    public static string VersionClass(TwinRunData d, string version) =>
        "v" + (Math.Max(0, IndexOf(d.Versions, version)) % PaletteSize).ToString(CultureInfo.InvariantCulture);

    public static TimelineScale Scale(TwinRunData d) => TimelineScale.For(d.Batches.Select(b => b.Batch));

    public static string Accuracy(TwinRunData d, string id)
    {
        var scale = Scale(d);
        var lane = SvgCanvas.MarkerLaneHeight(SvgCanvas.MarkerRows(d.Actions, scale));
        var top = 12 + lane;
        var bottom = top + 240;
        // A regression run plots its mean absolute error (lower is better) on a 0..max axis instead.
        var regression = d.IsRegression;
        Func<TwinVersionAccuracy, double?> metric = regression ? v => v.Mae : v => v.Accuracy;
        var name = regression ? "MAE" : "Accuracy";
        var values = d.Batches.SelectMany(b => b.Versions).Select(metric).OfType<double>().ToList();
        var y = regression ? ValueScale.ZeroTo(Math.Max(1e-9, values.DefaultIfEmpty(1).Max()), top, bottom) : ValueScale.ForFractions(values, top, bottom);
        var svg = new SvgCanvas(scale);
        svg.Open(
            id,
            bottom + 36,
            $"{name} per batch, by served version",
            $"{name} against the true labels for each of {d.Batches.Count} batches, one line per served version; "
                + $"{d.Actions.Count} action markers and {d.Incidents.Count} incident bands. The same numbers are in the per-batch table.",
            "accuracy-chart");
        svg.IncidentBands(d.Incidents, top, bottom, labels: true);
        svg.YAxis(y, percent: !regression, title: regression ? "MAE" : "accuracy");
        svg.XAxis(bottom);
        svg.OnsetLine(d.Info.DriftOnsetBatch, top, bottom);

        var drawDots = d.Batches.Count <= 150;
        for (var vi = 0; vi < d.Versions.Count; vi++)
        {
            var version = d.Versions[vi];
            var css = VersionClass(d, version);
            var path = new System.Text.StringBuilder();
            var dots = new List<(double X, double Y, bool Primary)>();
            (int Index, double X, double Y)? prev = null;
            for (var i = 0; i < d.Batches.Count; i++)
            {
                var b = d.Batches[i];
                var va = Find(b.Versions, version);
                if ((va is null ? null : metric(va)) is not { } acc)
                {
                    continue;
                }

                var x = scale.X(b.Batch);
                var yy = y.Y(acc);
                var primary = b.PrimaryVersion == version;
                if (prev is { } p && p.Index == i - 1)
                {
                    path.Append(" L").Append(Html.Coord(x)).Append(' ').Append(Html.Coord(yy));
                }
                else if (primary && i > 0 && d.Batches[i - 1] is { PrimaryVersion: { } before } pb && before != version
                    && Find(pb.Versions, before) is { } pv && metric(pv) is { } prevAcc)
                {
                    // The served version changed: join the new version's line to where the old one left off.
                    path.Append(" M").Append(Html.Coord(scale.X(pb.Batch))).Append(' ').Append(Html.Coord(y.Y(prevAcc)))
                        .Append(" L").Append(Html.Coord(x)).Append(' ').Append(Html.Coord(yy));
                }
                else
                {
                    path.Append(" M").Append(Html.Coord(x)).Append(' ').Append(Html.Coord(yy));
                }

                dots.Add((x, yy, primary));
                prev = (i, x, yy);
            }

            svg.Raw.Append("<g class=\"version-series ").Append(css).Append("\" data-series=\"s").Append(vi).Append("\" data-version=\"").Append(Html.Escape(version)).Append("\">");
            if (path.Length > 0)
            {
                svg.Raw.Append("<path class=\"series line\" d=\"").Append(path.ToString().TrimStart()).Append("\"/>");
            }

            foreach (var (x, yy, primary) in dots)
            {
                if (drawDots || !primary)
                {
                    svg.Dot(x, yy, primary ? 2.6 : 3.4, primary ? "dot" : "dot secondary");
                }
            }

            svg.Raw.Append("</g>");
        }

        var byBatch = d.Batches.ToDictionary(b => b.Batch);
        svg.HoverColumns(d.Batches.Select(b => b.Batch), top, bottom, b => regression ? MaeTip(byBatch[b]) : AccuracyTip(byBatch[b]));
        svg.ActionMarkers(d.Actions, 6, top, bottom, focusable: true);
        return svg.Close();
    }

    public static string Drift(TwinRunData d, string id)
    {
        var metrics = TickDecisionPerBatch(d);
        var maxPsi = metrics.Values.Select(m => m.Metrics.MaxPsi).OfType<double>().DefaultIfEmpty(0).Max();
        return BarsAndLine(
            d,
            id,
            new BarsAndLineSpec(
                "Drift per batch: share of drifted features and maximum PSI",
                "Bars give the share of features the agent found drifted at each batch (left axis); the line gives the largest "
                    + "population stability index among the features (right axis), with the usual 0.1 and 0.25 thresholds dashed.",
                "drift-chart",
                BarsLeft: true,
                BarTitle: "features drifted",
                BarMax: 1,
                BarCss: "share-bar",
                Bar: m => m.ShareDrifted,
                LineTitle: "max PSI",
                LineMax: Math.Max(0.3, maxPsi),
                LineCss: "psi-line",
                LineAxisCss: "psi-axis",
                Line: m => m.MaxPsi,
                Thresholds: [0.1, 0.25],
                ThresholdLabel: "PSI ",
                Empty: "no drift measured",
                Tip: (b, m) => $"Batch {b} · features drifted {Html.Percent(m?.ShareDrifted)} · max PSI {Html.Number(m?.MaxPsi)}"),
            metrics);
    }

    /// <summary>Serving per batch: latency p95 (line, left axis, ms) and the share of failed requests (bars, right axis).</summary>
    public static string Serving(TwinRunData d, string id)
    {
        var metrics = TickDecisionPerBatch(d);
        var maxLatency = metrics.Values.Select(m => m.Metrics.LatencyP95Ms).OfType<double>().Where(double.IsFinite).DefaultIfEmpty(0).Max();
        var maxFailures = metrics.Values.Select(m => m.Metrics.FailureRate).OfType<double>().DefaultIfEmpty(0).Max();
        return BarsAndLine(
            d,
            id,
            new BarsAndLineSpec(
                "Serving per batch: latency p95 and the share of failed requests",
                "The line gives the 95th percentile of request latency at each batch (left axis, milliseconds); bars give the "
                    + "share of requests that failed (right axis).",
                "serving-chart",
                BarsLeft: false,
                BarTitle: "failed requests",
                BarMax: Math.Max(0.1, maxFailures),
                BarCss: "failure-bar",
                Bar: m => m.FailureRate,
                LineTitle: "latency p95 (ms)",
                LineMax: Math.Max(1, maxLatency),
                LineCss: "latency-line",
                LineAxisCss: "",
                Line: m => m.LatencyP95Ms,
                Thresholds: [],
                ThresholdLabel: "",
                Empty: "no serving signals recorded",
                Tip: (b, m) => $"Batch {b} · latency p95 {(m?.LatencyP95Ms is { } l ? Html.Number(l) + " ms" : "–")} · failed {Html.Percent(m?.FailureRate, 2)}"),
            metrics);
    }

    private sealed record BarsAndLineSpec(
        string Title,
        string Description,
        string Css,
        bool BarsLeft,
        string BarTitle,
        double BarMax,
        string BarCss,
        Func<TwinMetrics, double?> Bar,
        string LineTitle,
        double LineMax,
        string LineCss,
        string LineAxisCss,
        Func<TwinMetrics, double?> Line,
        double[] Thresholds,
        string ThresholdLabel,
        string Empty,
        Func<int, TwinMetrics?, string> Tip);

    /// <summary>Bars for one measure and a line for another on their own axes, with incidents, onset and the action markers.</summary>
    private static string BarsAndLine(TwinRunData d, string id, BarsAndLineSpec spec, Dictionary<int, TwinDecision> metrics)
    {
        var scale = Scale(d);
        var lane = SvgCanvas.MarkerLaneHeight(SvgCanvas.MarkerRows(d.Actions, scale));
        var top = 12 + lane;
        var bottom = top + 170;
        var bars = spec.BarMax == 1 ? new ValueScale(0, 1, top, bottom) : ValueScale.ZeroTo(spec.BarMax, top, bottom);
        var line = ValueScale.ZeroTo(spec.LineMax, top, bottom);
        var svg = new SvgCanvas(scale);
        svg.Open(id, bottom + 36, spec.Title, spec.Description, spec.Css);
        svg.IncidentBands(d.Incidents, top, bottom, labels: false);
        svg.YAxis(bars, percent: true, right: !spec.BarsLeft, title: spec.BarTitle);
        svg.YAxis(line, percent: false, right: spec.BarsLeft, title: spec.LineTitle, cssClass: spec.LineAxisCss);
        svg.XAxis(bottom);
        foreach (var threshold in spec.Thresholds)
        {
            var yy = line.Y(threshold);
            svg.Line(TimelineScale.Left, yy, TimelineScale.Width - TimelineScale.Right, yy, "threshold");
            svg.Text(TimelineScale.Width - TimelineScale.Right - 4, yy - 3, spec.ThresholdLabel + Html.Number(threshold), "threshold-label", "end");
        }

        var barWidth = Math.Max(1, scale.Step * 0.7);
        foreach (var (b, dec) in metrics)
        {
            if (spec.Bar(dec.Metrics) is { } v && double.IsFinite(v))
            {
                var yy = bars.Y(v);
                svg.Rect(scale.X(b) - (barWidth / 2), yy, barWidth, bottom - yy, spec.BarCss);
            }
        }

        svg.Series([.. d.Batches.Select(b => (b.Batch, metrics.GetValueOrDefault(b.Batch) is { } m ? spec.Line(m.Metrics) : null))], line, spec.LineCss);
        if (!metrics.Values.Any(m => spec.Bar(m.Metrics) > 0 || spec.Line(m.Metrics) is not null))
        {
            svg.Text(TimelineScale.Left + (TimelineScale.PlotWidth / 2), (top + bottom) / 2, spec.Empty, "empty-label", "middle");
        }

        svg.OnsetLine(d.Info.DriftOnsetBatch, top, bottom);
        svg.HoverColumns(d.Batches.Select(b => b.Batch), top, bottom, b => spec.Tip(b, metrics.GetValueOrDefault(b)?.Metrics));
        // The same actions as the accuracy chart: reachable by keyboard there, once.
        svg.ActionMarkers(d.Actions, 6, top, bottom, focusable: false);
        return svg.Close();
    }

    public static string Confidence(TwinRunData d, string id)
    {
        var scale = Scale(d);
        var metrics = TickDecisionPerBatch(d);
        const double top = 14;
        const double bottom = top + 190;
        var batches = d.Batches.Select(b => b.Batch).ToList();
        var byBatch = d.Batches.ToDictionary(b => b.Batch);
        var series = new (string Css, Func<int, double?> Value)[]
        {
            ("baseline", b => metrics.GetValueOrDefault(b)?.Metrics.AccuracyBaseline),
            ("true-acc", b => byBatch[b].Accuracy),
            ("realized", b => metrics.GetValueOrDefault(b)?.Metrics.AccuracyRealized),
            ("estimated", b => metrics.GetValueOrDefault(b)?.Metrics.AccuracyEstimated),
            ("confidence", b => metrics.GetValueOrDefault(b)?.Metrics.MeanConfidence),
        };
        var all = series.SelectMany(s => batches.Select(s.Value)).OfType<double>();
        var y = ValueScale.ForFractions(all, top, bottom);
        var svg = new SvgCanvas(scale);
        svg.Open(
            id,
            bottom + 36,
            "What the agent could see: confidence and estimated accuracy against realized accuracy",
            "Lines per batch: the model's mean confidence, the agent's label-free accuracy estimate, the accuracy it realized "
                + "once delayed labels arrived, and the true accuracy for reference.",
            "confidence-chart");
        svg.IncidentBands(d.Incidents, top, bottom, labels: false);
        svg.YAxis(y, percent: true, title: "share");
        svg.XAxis(bottom);
        foreach (var (css, value) in series)
        {
            svg.Series([.. batches.Select(b => (b, value(b)))], y, css);
        }

        svg.OnsetLine(d.Info.DriftOnsetBatch, top, bottom);
        svg.HoverColumns(batches, top, bottom, b =>
        {
            var m = metrics.GetValueOrDefault(b)?.Metrics;
            var acc = byBatch[b].Accuracy;
            return $"Batch {b} · confidence {Html.Percent(m?.MeanConfidence)} · estimated {Html.Percent(m?.AccuracyEstimated)} · "
                + $"realized {Html.Percent(m?.AccuracyRealized)} · true {Html.Percent(acc)}"
                + (m?.AccuracyBaseline is { } baseline ? $" · baseline {Html.Percent(baseline)}" : string.Empty);
        });
        return svg.Close();
    }

    public static string Findings(TwinRunData d, string id)
    {
        var scale = Scale(d);
        const double top = 6;
        const double row = 18;
        var severities = new[] { Severity.Critical, Severity.Warning, Severity.Info };
        var bottom = top + (row * severities.Length);
        var byBatch = d.Decisions
            .GroupBy(x => x.Batch)
            .ToDictionary(g => g.Key, g => g.SelectMany(x => x.Findings).ToList());
        var max = byBatch.Values
            .SelectMany(f => f.GroupBy(x => x.Severity ?? Severity.Info).Select(g => g.Count()))
            .DefaultIfEmpty(0)
            .Max();
        var svg = new SvgCanvas(scale);
        var total = byBatch.Values.Sum(f => f.Count);
        svg.Open(
            id,
            bottom + 34,
            "Findings per batch by severity",
            $"A strip per severity (critical, warning, info); a cell is darker the more findings of that severity the batch had. {total} findings in all.",
            "findings-strip");
        for (var r = 0; r < severities.Length; r++)
        {
            var sev = severities[r];
            var y0 = top + (r * row);
            svg.Rect(TimelineScale.Left, y0 + 1, TimelineScale.PlotWidth, row - 2, "strip-bg");
            svg.Text(TimelineScale.Left - 8, y0 + 13, sev.ToString().ToLowerInvariant(), "tick-label", "end");
            foreach (var (b, findings) in byBatch)
            {
                var these = findings.Where(f => (f.Severity ?? Severity.Info) == sev).ToList();
                if (these.Count == 0)
                {
                    continue;
                }

                var level = Math.Clamp((int)Math.Ceiling(4.0 * these.Count / max), 1, 4);
                var codes = these.GroupBy(f => f.Code ?? f.Kind ?? "finding")
                    .Select(g => g.Count() > 1 ? $"{g.Key} ×{g.Count()}" : g.Key);
                var tip = $"Batch {b} · {these.Count} {sev.ToString().ToLowerInvariant()}: {string.Join(", ", codes)}";
                var w = Math.Max(1.5, scale.Step - 1);
                svg.Rect(scale.X(b) - (w / 2), y0 + 1, w, row - 2, $"cell sev-{sev.ToString().ToLowerInvariant()} lvl-{level}", tip);
            }
        }

        if (total == 0)
        {
            svg.Text(TimelineScale.Left + (TimelineScale.PlotWidth / 2), top + (row * 1.5) + 4, "no findings recorded", "empty-label", "middle");
        }

        svg.XAxis(bottom);
        return svg.Close();
    }

    /// <summary>
    /// The decision of each batch's tick: what the agent measured at that batch. Follow-ups (a retrain completed, an
    /// action applied) are listed after their parent and carry no labeled batch, so they have no realized accuracy, and
    /// their baseline may already be the next incident's: reading the last decision of a batch left the Realized column
    /// and line empty at exactly the batches where the agent acted on it (sudden-concept-drift, default: batches 22,
    /// 26, 31, 33, 35, 37; under periodic:1 every batch) and drew the baseline of the follow-up.
    /// </summary>
    public static Dictionary<int, TwinDecision> TickDecisionPerBatch(TwinRunData d)
    {
        var map = new Dictionary<int, TwinDecision>();
        foreach (var x in d.Decisions)
        {
            map.TryAdd(x.Batch, x);
        }

        return map;
    }

    private static string MaeTip(TwinBatch b)
    {
        var text = $"Batch {b.Batch} · MAE {Html.Number(b.Mae)} over {Html.Int(b.Answered)} answered rows";
        if (b.Versions.Count > 0)
        {
            text += " (" + string.Join(", ", b.Versions.Select(v => $"{v.Version}: {Html.Number(v.Mae)} on {Html.Int(v.Rows)} rows")) + ")";
        }

        return b.Abstained > 0 ? text + $" · {Html.Int(b.Abstained)} abstained" : text;
    }

    private static string AccuracyTip(TwinBatch b)
    {
        var text = $"Batch {b.Batch} · accuracy {Html.Percent(b.Accuracy)} over {Html.Int(b.Answered)} answered rows";
        if (b.Versions.Count > 0)
        {
            text += " (" + string.Join(", ", b.Versions.Select(v => $"{v.Version}: {Html.Percent(v.Accuracy)} of {Html.Int(v.Rows)} rows")) + ")";
        }

        if (b.Abstained > 0)
        {
            text += $" · {Html.Int(b.Abstained)} abstained";
        }

        return text;
    }

    private static TwinVersionAccuracy? Find(IReadOnlyList<TwinVersionAccuracy> versions, string version)
    {
        foreach (var v in versions)
        {
            if (v.Version == version)
            {
                return v;
            }
        }

        return null;
    }

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == value)
            {
                return i;
            }
        }

        return -1;
    }
}
