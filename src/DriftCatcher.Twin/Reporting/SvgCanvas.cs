using System.Text;

namespace DriftCatcher.Twin.Reporting;

/// <summary>
/// Writes one inline SVG chart on the shared timeline: frame, axes, incident bands, action markers and
/// hover columns. Colours come from CSS classes so the page's light and dark themes apply.
/// </summary>
internal sealed class SvgCanvas
{
    private const double ChipWidth = 24;
    private const double ChipHeight = 15;
    private const double LaneRow = 18;

    private readonly StringBuilder _sb = new();

    public SvgCanvas(TimelineScale scale) => Scale = scale;

    public TimelineScale Scale { get; }

    public StringBuilder Raw => _sb;

    /// <summary>Rows of chips needed so that no two action markers overlap.</summary>
    public static int MarkerRows(IReadOnlyList<TwinAction> actions, TimelineScale scale) =>
        actions.Count == 0 ? 0 : PlaceChips(actions, scale).Max(p => p.Row) + 1;

    public static double MarkerLaneHeight(int rows) => rows == 0 ? 0 : (rows * LaneRow) + 6;

    public void Open(string id, double height, string title, string description, string cssClass)
    {
        _sb.Append("<svg id=\"").Append(id).Append("\" class=\"chart ").Append(cssClass)
            .Append("\" viewBox=\"0 0 ").Append(Html.Coord(TimelineScale.Width)).Append(' ').Append(Html.Coord(height))
            // A group, not an img: the action markers inside are meant to be reached one by one.
            .Append("\" role=\"group\" aria-labelledby=\"").Append(id).Append("-t\" aria-describedby=\"").Append(id).Append("-d\">")
            .Append("<title id=\"").Append(id).Append("-t\">").Append(Html.Escape(title)).Append("</title>")
            .Append("<desc id=\"").Append(id).Append("-d\">").Append(Html.Escape(description)).Append("</desc>");
    }

    public string Close()
    {
        _sb.Append("</svg>");
        return _sb.ToString();
    }

    public void XAxis(double bottom, bool labels = true)
    {
        _sb.Append("<g class=\"axis x-axis\" aria-hidden=\"true\">");
        Line(TimelineScale.Left, bottom, TimelineScale.Width - TimelineScale.Right, bottom, "axis-line");
        foreach (var b in Scale.Ticks())
        {
            var x = Scale.X(b);
            Line(x, bottom, x, bottom + 4, "tick");
            if (labels)
            {
                Text(x, bottom + 16, Html.Int(b), "tick-label", "middle");
            }
        }

        if (labels)
        {
            Text(TimelineScale.Width - TimelineScale.Right, bottom + 28, "batch", "axis-title", "end");
        }

        _sb.Append("</g>");
    }

    public void YAxis(ValueScale y, bool percent, bool right = false, string? title = null, string cssClass = "")
    {
        var x = right ? TimelineScale.Width - TimelineScale.Right : TimelineScale.Left;
        _sb.Append("<g class=\"axis y-axis ").Append(cssClass).Append("\" aria-hidden=\"true\">");
        foreach (var v in y.Ticks())
        {
            var yy = y.Y(v);
            if (!right)
            {
                Line(TimelineScale.Left, yy, TimelineScale.Width - TimelineScale.Right, yy, "grid");
            }

            Text(right ? x + 6 : x - 6, yy + 4, y.Format(v, percent), "tick-label", right ? "start" : "end");
        }

        if (title is not null)
        {
            var tx = right ? TimelineScale.Width - 6 : 14;
            var ty = (y.Top + y.Bottom) / 2;
            _sb.Append("<text class=\"axis-title\" text-anchor=\"middle\" transform=\"translate(")
                .Append(Html.Coord(tx)).Append(' ').Append(Html.Coord(ty)).Append(") rotate(").Append(right ? "90" : "-90").Append(")\">")
                .Append(Html.Escape(title)).Append("</text>");
        }

        _sb.Append("</g>");
    }

    public void IncidentBands(IReadOnlyList<TwinIncident> incidents, double top, double bottom, bool labels)
    {
        foreach (var i in incidents)
        {
            var x0 = Scale.X(i.FirstBatch - 0.5);
            var x1 = Scale.X(i.LastBatch + 0.5);
            var tip = $"Incident {i.Id}: batches {i.FirstBatch}–{i.LastBatch}" + (i.Cause is null ? string.Empty : $", cause {i.Cause}") + $", {OutcomeText(i.Outcome)}";
            _sb.Append("<g class=\"incident-band\" aria-hidden=\"true\" data-tip=\"").Append(Html.Escape(tip)).Append("\"><title>").Append(Html.Escape(tip)).Append("</title>");
            _sb.Append("<rect class=\"band\" x=\"").Append(Html.Coord(x0)).Append("\" y=\"").Append(Html.Coord(top))
                .Append("\" width=\"").Append(Html.Coord(Math.Max(1, x1 - x0))).Append("\" height=\"").Append(Html.Coord(bottom - top)).Append("\"/>");
            if (labels)
            {
                Text(x0 + 4, top + 12, i.Id.Length <= 14 ? i.Id : i.Id[..13] + "…", "band-label", "start");
            }

            _sb.Append("</g>");
        }
    }

    public void OnsetLine(int? onset, double top, double bottom)
    {
        if (onset is not { } b || b < Scale.Min || b > Scale.Max)
        {
            return;
        }

        var x = Scale.X(b - 0.5);
        _sb.Append("<g class=\"onset\" aria-hidden=\"true\"><title>The scenario's drift starts at batch ").Append(b).Append("</title>");
        Line(x, top, x, bottom, "onset-line");
        // Left of the rule, unless that would run into the y axis labels.
        var leftRoom = x - TimelineScale.Left;
        Text(leftRoom > 70 ? x - 4 : x + 4, top + 12, "drift onset", "onset-label", leftRoom > 70 ? "end" : "start");
        _sb.Append("</g>");
    }

    /// <summary>One marker per action: a dashed rule through the plot and a coded chip in the lane above it.</summary>
    public void ActionMarkers(IReadOnlyList<TwinAction> actions, double laneTop, double plotTop, double plotBottom, bool focusable)
    {
        if (actions.Count == 0)
        {
            return;
        }

        var placed = PlaceChips(actions, Scale);
        var rows = placed.Max(p => p.Row) + 1;
        var laneBottom = laneTop + MarkerLaneHeight(rows) - 6;
        _sb.Append("<g class=\"actions\">");
        foreach (var (a, row, cx) in placed)
        {
            var style = ActionStyle.For(a.Action);
            var x = Scale.X(a.Batch);
            var chipY = laneBottom - ((row + 1) * LaneRow) + ((LaneRow - ChipHeight) / 2);
            var tip = ActionTip(a);
            _sb.Append("<g class=\"action-marker fam-").Append(style.Family).Append("\" data-action=\"").Append(Html.Escape(a.Action))
                .Append("\" data-batch=\"").Append(a.Batch).Append(focusable ? "\" tabindex=\"0" : string.Empty).Append("\" role=\"img\" aria-label=\"").Append(Html.Escape(tip))
                .Append("\" data-tip=\"").Append(Html.Escape(tip)).Append("\"><title>").Append(Html.Escape(tip)).Append("</title>");
            Line(x, chipY + ChipHeight, x, plotBottom, "marker-rule");
            if (Math.Abs(cx - x) > 0.5)
            {
                Line(cx, chipY + ChipHeight, x, Math.Min(plotTop, chipY + ChipHeight + 6), "marker-rule");
            }

            _sb.Append("<rect class=\"chip\" x=\"").Append(Html.Coord(cx - (ChipWidth / 2))).Append("\" y=\"").Append(Html.Coord(chipY))
                .Append("\" width=\"").Append(Html.Coord(ChipWidth)).Append("\" height=\"").Append(Html.Coord(ChipHeight)).Append("\" rx=\"3\"/>");
            Text(cx, chipY + 11, style.Code, "chip-label", "middle");
            _sb.Append("</g>");
        }

        _sb.Append("</g>");
    }

    /// <summary>Invisible full-height columns, one per batch, that carry the batch's numbers as a tooltip.</summary>
    public void HoverColumns(IEnumerable<int> batches, double top, double bottom, Func<int, string> tip)
    {
        _sb.Append("<g class=\"hover\" aria-hidden=\"true\">");
        foreach (var b in batches)
        {
            var text = Html.Escape(tip(b));
            _sb.Append("<rect x=\"").Append(Html.Coord(Scale.X(b - 0.5))).Append("\" y=\"").Append(Html.Coord(top))
                .Append("\" width=\"").Append(Html.Coord(Math.Max(0.5, Scale.Step))).Append("\" height=\"").Append(Html.Coord(bottom - top))
                .Append("\" data-tip=\"").Append(text).Append("\"><title>").Append(text).Append("</title></rect>");
        }

        _sb.Append("</g>");
    }

    /// <summary>A path through the points, broken wherever a value is missing.</summary>
    public void Series(IReadOnlyList<(int Batch, double? Value)> points, ValueScale y, string cssClass)
    {
        var d = new StringBuilder();
        var pen = false;
        foreach (var (b, v) in points)
        {
            if (v is not { } value)
            {
                pen = false;
                continue;
            }

            d.Append(pen ? " L" : (d.Length == 0 ? "M" : " M")).Append(Html.Coord(Scale.X(b))).Append(' ').Append(Html.Coord(y.Y(value)));
            pen = true;
        }

        if (d.Length > 0)
        {
            _sb.Append("<path class=\"series ").Append(cssClass).Append("\" d=\"").Append(d).Append("\"/>");
        }
    }

    public void Dot(double x, double y, double r, string cssClass) =>
        _sb.Append("<circle class=\"").Append(cssClass).Append("\" cx=\"").Append(Html.Coord(x)).Append("\" cy=\"").Append(Html.Coord(y))
            .Append("\" r=\"").Append(Html.Coord(r)).Append("\"/>");

    public void Rect(double x, double y, double w, double h, string cssClass, string? tip = null)
    {
        _sb.Append("<rect class=\"").Append(cssClass).Append("\" x=\"").Append(Html.Coord(x)).Append("\" y=\"").Append(Html.Coord(y))
            .Append("\" width=\"").Append(Html.Coord(Math.Max(0, w))).Append("\" height=\"").Append(Html.Coord(Math.Max(0, h))).Append('"');
        if (tip is null)
        {
            _sb.Append("/>");
            return;
        }

        var t = Html.Escape(tip);
        _sb.Append(" data-tip=\"").Append(t).Append("\"><title>").Append(t).Append("</title></rect>");
    }

    public void Line(double x1, double y1, double x2, double y2, string cssClass) =>
        _sb.Append("<line class=\"").Append(cssClass).Append("\" x1=\"").Append(Html.Coord(x1)).Append("\" y1=\"").Append(Html.Coord(y1))
            .Append("\" x2=\"").Append(Html.Coord(x2)).Append("\" y2=\"").Append(Html.Coord(y2)).Append("\"/>");

    public void Text(double x, double y, string text, string cssClass, string anchor) =>
        _sb.Append("<text class=\"").Append(cssClass).Append("\" x=\"").Append(Html.Coord(x)).Append("\" y=\"").Append(Html.Coord(y))
            .Append("\" text-anchor=\"").Append(anchor).Append("\">").Append(Html.Escape(text)).Append("</text>");

    public static string ActionTip(TwinAction a)
    {
        var text = $"Batch {a.Batch} · {ActionStyle.For(a.Action).Label}";
        if (a.Reason is not null)
        {
            text += ": " + a.Reason;
        }

        if (a.VersionBefore is not null || a.VersionAfter is not null)
        {
            text += $" ({a.VersionBefore ?? "?"} → {a.VersionAfter ?? "?"})";
        }

        if (a.TrainingFirstBatch is { } f)
        {
            text += $"; trained on batches {f}–{a.TrainingLastBatch ?? f}";
        }

        return text;
    }

    public static string OutcomeText(TwinIncidentOutcome o) => o switch
    {
        TwinIncidentOutcome.Resolved => "resolved",
        TwinIncidentOutcome.Failed => "verification failed",
        TwinIncidentOutcome.Escalated => "escalated",
        TwinIncidentOutcome.Closed => "closed",
        _ => "open",
    };

    /// <summary>Greedy interval placement: each chip goes to the lowest row where it clears its left neighbour.</summary>
    private static List<(TwinAction Action, int Row, double X)> PlaceChips(IReadOnlyList<TwinAction> actions, TimelineScale scale)
    {
        var rowEnds = new List<double>();
        var placed = new List<(TwinAction, int, double)>(actions.Count);
        foreach (var a in actions.OrderBy(a => a.Batch))
        {
            var x = Math.Clamp(scale.X(a.Batch), TimelineScale.Left + (ChipWidth / 2), TimelineScale.Width - TimelineScale.Right + (ChipWidth / 2));
            var row = rowEnds.FindIndex(end => end + 2 <= x - (ChipWidth / 2));
            if (row < 0)
            {
                row = rowEnds.Count;
                rowEnds.Add(0);
            }

            rowEnds[row] = x + (ChipWidth / 2);
            placed.Add((a, row, x));
        }

        return placed;
    }
}
