using System.Globalization;
using DriftCatcher.Core.Agent.Decisions;
using DriftCatcher.Core.Agent.Policy;
using DriftCatcher.Core.Data;
using DriftCatcher.Core.Findings;

namespace DriftCatcher.Core.Agent;

public sealed partial class ModelAgent
{
    private const int MaxEvidenceSubjects = 3;

    /// <summary>
    /// A rule's description with what made it fire this tick: the faulty columns and their findings, the measured
    /// drop against the baseline, the drifted features, the serving numbers against their limits. A rule's text is
    /// the same for every model; the evidence says why this model, now.
    /// </summary>
    private string WithEvidence(string description, TickSignals s, long batch, DetectionOptions d)
    {
        var evidence = Evidence(s, batch, d);
        return evidence.Length == 0 ? description : $"{description} Evidence: {evidence}.";
    }

    private string Evidence(TickSignals s, long batch, DetectionOptions d)
    {
        var parts = new List<string>();
        switch (s.Assessment.Cause)
        {
            case Cause.DataQuality:
                parts.Add(QualityEvidence(batch));
                if (s.ServeThroughEnded is { } ended)
                {
                    parts.Add(ended);
                }

                break;
            case Cause.ServingFault:
                parts.Add(ServingEvidence(s, d));
                break;
            case Cause.ArrivalGap:
                parts.Add(SilenceEvidence(s, d));
                break;
            case Cause.CovariateDrift or Cause.NewRegion:
                parts.Add(DriftEvidence(batch, s.Assessment.Cause));
                break;
        }

        if (s.EstimatedDrop && s.Current is { } c && !s.Assessment.PerformanceDrop)
        {
            parts.Add($"estimated accuracy {Num(c.EstimatedAccuracy, "0.000")} (label-free) against {Num(State.Baseline.EstimatedAtDeployment, "0.000")} when {State.Baseline.Version} was deployed");
        }

        if (s.Assessment.PerformanceDrop && double.IsFinite(s.DegradedAccuracy) && double.IsFinite(s.Baseline))
        {
            // "since C" only when the level pools every labeled batch of the champion's from C on; otherwise the batches
            // it pools are named. After a rollback to v1 (recurring, D = 5) "accuracy 0.413 on the labeled batches since
            // 13" was of 13 and 14, leaving out v1's batch 15 at 1.000 (the three together: 0.608).
            var since = State.Window.Batches
                .Where(b => b.Batch >= s.ChangeBatch && b.Batch <= batch && b.ServedVersion == State.Versions.Champion && b.Labeled > 0)
                .Select(b => b.Batch);
            var on = s.DegradedBatches.Count == 0 || since.SequenceEqual(s.DegradedBatches)
                ? $"the labeled batches since {s.ChangeBatch}"
                : $"the labeled {BatchRanges(s.DegradedBatches)}";
            parts.Add(IsRegression
                ? $"MAE {Num(s.DegradedAccuracy, "0.###")} on {on} against a baseline of {Num(s.Baseline, "0.###")}"
                : $"accuracy {Num(s.DegradedAccuracy, "0.000")} on {on} against a baseline of {Num(s.Baseline, "0.000")}");
        }

        return string.Join("; ", parts.Where(p => p.Length > 0));
    }

    /// <summary>The columns of the newest batch with data-quality findings (warning or worse), each with its codes: a sustained warning need not be in this batch.</summary>
    private string QualityEvidence(long batch)
    {
        var newest = State.Drift.Recent
            .Where(f => f.Batch <= batch && f.Finding.Kind is FindingKind.DataQuality or FindingKind.SchemaMismatch && f.Finding.Severity >= Severity.Warning)
            .ToList();
        if (newest.Count == 0)
        {
            return "";
        }

        var at = newest.Max(f => f.Batch);
        var columns = newest.Where(f => f.Batch == at)
            .GroupBy(f => f.Finding.Subject, StringComparer.Ordinal)
            .OrderByDescending(g => g.Max(f => f.Finding.Severity))
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"'{g.Key}' {string.Join(", ", g.Select(f => f.Finding.Code).Distinct(StringComparer.Ordinal))} ({Name(g.Max(f => f.Finding.Severity))})")
            .ToList();
        var batchNote = at == batch ? "" : $" (batch {at.ToString(CultureInfo.InvariantCulture)})";
        return Subjects(columns) + batchNote;
    }

    private string DriftEvidence(long batch, Cause cause)
    {
        var current = State.Drift.Current.Where(f => f.Batch == batch).Select(f => f.Finding).ToList();
        var drifted = current.Where(f => f.Kind == FindingKind.FeatureDrift && f.Severity >= Severity.Warning)
            .OrderByDescending(f => f.Evidence.TryGetValue("psi", out var psi) ? psi : 0)
            .Select(f => $"'{f.Subject}'")
            .ToList();
        var summary = State.Window.Batches.Find(b => b.Batch == batch);
        var share = summary is not null && double.IsFinite(summary.ShareDrifted) && summary.ShareDrifted > 0 ? $"{Num(summary.ShareDrifted * 100, "0")}% of the features drifted" : "";
        var features = drifted.Count == 0 ? "" : $"{(share.Length == 0 ? "drifted: " : ": ")}{Subjects(drifted)}";
        var region = cause == Cause.NewRegion ? (share.Length + features.Length == 0 ? "" : ", ") + "inputs outside the reference range" : "";
        return share + features + region;
    }

    /// <summary>Why labels cannot be joined: predictions forgotten before their labels came, or labels that match none.</summary>
    private string LabelJoinEvidence()
    {
        var w = State.Window;
        var parts = new List<string>();
        if (w.ForgottenRows > 0)
        {
            var batches = w.ForgottenFirstBatch == w.ForgottenLastBatch ? $"batch {Num(w.ForgottenFirstBatch, "0")}" : $"batches {Num(w.ForgottenFirstBatch, "0")}–{Num(w.ForgottenLastBatch, "0")}";
            parts.Add($"{Num(w.ForgottenRows, "0")} predictions of {batches} were forgotten before their labels came (the agent keeps the newest {Num(MaxPendingRows, "0")} predictions awaiting labels): labels later than that cannot be joined");
        }

        if (w.UnjoinedTicks >= 2)
        {
            parts.Add($"at {Num(w.UnjoinedTicks, "0")} ticks in a row none of the labels that came matched a prediction the agent remembers ({Num(w.UnmatchedSinceTick, "0")} of {Num(w.LabelsSinceTick, "0")} unmatched at this tick, {Num(w.UnmatchedLabels + w.UntrackedLabels, "0")} in all): their prediction ids are unknown, or the predictions were forgotten");
        }

        return string.Join("; ", parts);
    }

    /// <summary>Each spelling with the class it spells, how many labels came so since the last tick and their batches.</summary>
    private string RespelledEvidence()
    {
        var all = State.Window.RespelledSinceTick;
        var told = all.Take(MaxEvidenceSubjects).Select(r =>
        {
            var batches = r.FirstBatch < 0 ? "" : r.FirstBatch == r.LastBatch ? $" of batch {Num(r.FirstBatch, "0")}" : $" of batches {Num(r.FirstBatch, "0")}–{Num(r.LastBatch, "0")}";
            return $"'{DisplayText.Shorten(r.Spelling)}' for the class '{DisplayText.Shorten(r.KnownClass)}' in {Num(r.Count, "0")} labels{batches}";
        });
        var more = all.Count > MaxEvidenceSubjects ? $"; {Num(all.Count - MaxEvidenceSubjects, "0")} more spellings" : "";
        return string.Join("; ", told) + more;
    }

    /// <summary>"batch 5", "batches 5–9" (consecutive) or "batches 5, 7, 9", in order.</summary>
    private static string BatchList(IReadOnlyList<long> batches) =>
        batches.Count == 1 ? $"batch {Num(batches[0], "0")}"
        : batches[^1] - batches[0] == batches.Count - 1 ? $"batches {Num(batches[0], "0")}–{Num(batches[^1], "0")}"
        : $"batches {string.Join(", ", batches.Select(b => Num(b, "0")))}";

    /// <summary>Each kind of label fault with its first finding, how many labels went unused since the last tick and their batches.</summary>
    private string LabelFaultEvidence()
    {
        var all = State.Window.LabelFaultsSinceTick;
        var told = all.Take(MaxEvidenceSubjects).Select(f =>
        {
            var batches = f.FirstBatch == f.LastBatch ? $"batch {Num(f.FirstBatch, "0")}" : $"batches {Num(f.FirstBatch, "0")}–{Num(f.LastBatch, "0")}";
            return $"{f.Code} in the labels of {batches} ({Num(f.Count, "0")} labels not used): {f.Message}";
        });
        var more = all.Count > MaxEvidenceSubjects ? $"; {Num(all.Count - MaxEvidenceSubjects, "0")} more kinds" : "";
        return string.Join("; ", told) + more;
    }

    private static string SilenceEvidence(TickSignals s, DetectionOptions d) =>
        $"no data for {Num(s.ArrivalDelayMinutes, "0")} minutes beyond the usual interval (limit {Num(d.MaxArrivalDelayMinutes, "0")})";

    /// <summary>The serving numbers that are out of line: latency over its limit or at the slow-down factor, failures over theirs; both when neither is.</summary>
    private static string ServingEvidence(TickSignals s, DetectionOptions d)
    {
        var c = s.Current;
        if (c is null)
        {
            return "";
        }

        var latency = "";
        if (double.IsFinite(c.LatencyP95Ms))
        {
            var usual = double.IsFinite(s.UsualLatencyMs) ? $", usually {Num(s.UsualLatencyMs, "0.#")}" : "";
            var crept = s.LatencyCreep
                ? $"; the usual level crept from {Num(s.LatencyAnchorMs, "0.#")} ms (its level at batch {s.LatencyAnchorBatch.ToString(CultureInfo.InvariantCulture)}) to {Num(s.UsualLatencyMs, "0.#")} ms"
                : "";
            latency = $"latency p95 {Num(c.LatencyP95Ms, "0.#")} ms (limit {Num(d.LatencyP95Ms, "0.#")}{usual}{crept})";
        }

        var failures = c.Requests > 0 ? $"failure rate {Num((double)c.Failures / c.Requests, "0.###")} (limit {Num(d.FailureRate, "0.###")})" : "";
        var slow = latency.Length > 0 && (c.LatencyP95Ms > d.LatencyP95Ms || SlowerThanUsual(c, s.UsualLatencyMs, d) || s.LatencyCreep);
        var failing = failures.Length > 0 && (double)c.Failures / c.Requests > d.FailureRate;
        return string.Join(", ", new[] { slow || !failing ? latency : "", failing || !slow ? failures : "" }.Where(p => p.Length > 0));
    }

    private static string Subjects(List<string> items) =>
        items.Count <= MaxEvidenceSubjects
            ? string.Join("; ", items)
            : $"{string.Join("; ", items.Take(MaxEvidenceSubjects))} and {(items.Count - MaxEvidenceSubjects).ToString(CultureInfo.InvariantCulture)} more";

    private static string Num(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
}
