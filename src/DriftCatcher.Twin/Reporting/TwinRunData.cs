using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using DriftCatcher.Core.Data;
using DriftCatcher.Core.Findings;
using DriftCatcher.Twin.Replay;

namespace DriftCatcher.Twin.Reporting;

/// <summary>
/// Everything a twin replay left in its directory, joined with the stream's true labels: per-batch
/// accuracy per served version, the actions, the decisions, the incidents folded from them and the
/// headline numbers. Build it with <see cref="Load"/> (from a directory) or <see cref="Parse"/> (from
/// streams), then hand it to <see cref="TwinReport.Render"/>.
/// </summary>
public sealed class TwinRunData
{
    /// <summary>The file the replay writes one line per stream row into.</summary>
    public const string PredictionsFile = "predictions.csv";

    /// <summary>The file the replay writes one JSON object per action into.</summary>
    public const string ActionsFile = "actions.jsonl";

    /// <summary>The file the replay writes one JSON object per batch tick into.</summary>
    public const string DecisionsFile = "decisions.jsonl";

    /// <summary>Optional header facts (scenario, policy, algorithm, label_delay, drift_onset).</summary>
    public const string RunInfoFile = "run.json";

    private static readonly CsvReadOptions PredictionsCsv = new()
    {
        // Kept as text: "1.0" and "1" are different version names, and predictions compare to labels as written.
        CategoricalColumns = new HashSet<string>(["prediction", "served_version"], StringComparer.Ordinal),
    };

    private TwinRunData(
        bool regression,
        TwinRunInfo info,
        IReadOnlyList<TwinBatch> batches,
        IReadOnlyList<string> versions,
        IReadOnlyList<TwinAction> actions,
        IReadOnlyList<TwinDecision> decisions)
    {
        IsRegression = regression;
        Info = info;
        Batches = batches;
        Versions = versions;
        Actions = actions;
        Decisions = decisions;
        var lastBatch = batches.Count == 0 ? 0 : batches[^1].Batch;
        Incidents = FoldIncidents(decisions, actions, lastBatch);
        Summary = Summarize(batches, actions, Incidents, regression);
    }

    /// <summary>
    /// The label is a number regressed on (inferred as the replay does, see DatasetBuilder.InferTask): batches
    /// are judged by mean absolute error instead of accuracy.
    /// </summary>
    public bool IsRegression { get; }

    public TwinRunInfo Info { get; }

    /// <summary>Every batch that appears in any of the files, ascending.</summary>
    public IReadOnlyList<TwinBatch> Batches { get; }

    /// <summary>The served versions in order of first appearance in predictions.csv.</summary>
    public IReadOnlyList<string> Versions { get; }

    /// <summary>The actions, by batch then file order.</summary>
    public IReadOnlyList<TwinAction> Actions { get; }

    /// <summary>The decisions, by batch then file order.</summary>
    public IReadOnlyList<TwinDecision> Decisions { get; }

    /// <summary>The incidents, by first batch.</summary>
    public IReadOnlyList<TwinIncident> Incidents { get; }

    public TwinRunSummary Summary { get; }

    /// <summary>
    /// Reads DIR/predictions.csv (required), DIR/actions.jsonl and DIR/decisions.jsonl (missing = none)
    /// and DIR/run.json (optional header facts, used where <paramref name="info"/> leaves a field null).
    /// The predictions' <c>row</c> is the 0-based row index into <paramref name="stream"/>.
    /// Throws <see cref="InputDataException"/> naming the problem for unusable files.
    /// </summary>
    public static TwinRunData Load(string dir, DataFrame stream, string labelColumn, TwinRunInfo? info = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dir);
        var predictionsPath = Path.Combine(dir, PredictionsFile);
        if (!File.Exists(predictionsPath))
        {
            throw new InputDataException($"no {PredictionsFile} in '{dir}'");
        }

        var fromFile = ReadRunInfo(Path.Combine(dir, RunInfoFile));
        using var predictions = File.OpenRead(predictionsPath);
        using var actions = OpenOptional(Path.Combine(dir, ActionsFile));
        using var decisions = OpenOptional(Path.Combine(dir, DecisionsFile));
        return Parse(predictions, actions, decisions, stream, labelColumn, (info ?? new TwinRunInfo()).OrElse(fromFile));
    }

    /// <summary>
    /// The same as <see cref="Load"/> over streams: predictions CSV, actions and decisions as JSON lines
    /// (null = none). The streams are read to their end and not closed.
    /// </summary>
    public static TwinRunData Parse(
        Stream predictionsCsv,
        Stream? actionsJsonl,
        Stream? decisionsJsonl,
        DataFrame stream,
        string labelColumn,
        TwinRunInfo? info = null)
    {
        ArgumentNullException.ThrowIfNull(predictionsCsv);
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrWhiteSpace(labelColumn);
        if (!stream.TryGetColumn(labelColumn, out var labels))
        {
            throw new InputDataException($"the stream has no label column '{labelColumn}'");
        }

        var actions = actionsJsonl is null ? [] : ReadActions(actionsJsonl);
        var decisions = decisionsJsonl is null ? [] : ReadDecisions(decisionsJsonl);
        var regression = Core.Learning.DatasetBuilder.InferTask(labels) == Core.Learning.LearningTask.Regression;
        var (batches, versions) = ReadPredictions(predictionsCsv, labels, actions, decisions, regression);
        return new TwinRunData(regression, info ?? new TwinRunInfo(), batches, versions, actions, decisions);
    }

    private static FileStream? OpenOptional(string path) => File.Exists(path) ? File.OpenRead(path) : null;

    private static TwinRunInfo? ReadRunInfo(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InputDataException($"{RunInfoFile} is not valid JSON: {e.Message}", e);
        }

        using (doc)
        {
            var r = doc.RootElement;
            return new TwinRunInfo(
                JsonFields.Text(r, "scenario"),
                JsonFields.Text(r, "policy"),
                JsonFields.Text(r, "algorithm"),
                JsonFields.Integer(r, "label_delay"),
                JsonFields.Integer(r, "drift_onset") ?? JsonFields.Integer(r, "drift_start"));
        }
    }

    private static (List<TwinBatch> Batches, List<string> Versions) ReadPredictions(
        Stream csv, Column labels, IReadOnlyList<TwinAction> actions, IReadOnlyList<TwinDecision> decisions, bool regression)
    {
        var errors = new Dictionary<(int Batch, string Version), RegressionErrors>();
        var frame = CsvFrameReader.Read(csv, PredictionsCsv);
        foreach (var name in (string[])["batch", "row", "prediction", "served_version"])
        {
            if (!frame.Contains(name))
            {
                throw new InputDataException($"{PredictionsFile} has no '{name}' column");
            }
        }

        var batchCol = frame["batch"];
        var rowCol = frame["row"];
        var predCol = frame["prediction"];
        var versionCol = frame["served_version"];
        if (batchCol.Kind != ColumnKind.Numeric || rowCol.Kind != ColumnKind.Numeric)
        {
            throw new InputDataException($"{PredictionsFile}: 'batch' and 'row' must be whole numbers");
        }

        // A stream label that is no class the model answers with but one after trimming and case-folding ("benign" where
        // the model answers BENIGN: a label_respelled fault) is that class written another way, as the replay scores it.
        // Read as a class of its own, every such row was a wrong answer: label-respelled.json's report said 70.0 % where
        // the replay's summary line said 0.9997.
        var answeredClasses = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < frame.RowCount && !regression; i++)
        {
            if (predCol.GetString(i) is { } p)
            {
                answeredClasses.Add(p);
            }
        }

        var folded = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var c in answeredClasses.Order(StringComparer.Ordinal))
        {
            folded.TryAdd(c.Trim(), c);
        }

        var perBatch = new SortedDictionary<int, Dictionary<string, int[]>>();
        var abstained = new Dictionary<int, int>();
        var versions = new List<string>();
        var seenVersions = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < frame.RowCount; i++)
        {
            var b = batchCol.Numbers[i];
            var r = rowCol.Numbers[i];
            if (!IsWhole(b) || !IsWhole(r))
            {
                throw new InputDataException($"{PredictionsFile} line {i + 2}: 'batch' and 'row' must be whole numbers");
            }

            var row = (int)r;
            if (row < 0 || row >= labels.Length)
            {
                throw new InputDataException($"{PredictionsFile} line {i + 2}: row {row} is outside the stream's {labels.Length} rows");
            }

            var batch = (int)b;
            var version = versionCol.GetString(i) ?? "(not served)";
            if (seenVersions.Add(version))
            {
                versions.Add(version);
            }

            if (!perBatch.TryGetValue(batch, out var byVersion))
            {
                byVersion = new Dictionary<string, int[]>(StringComparer.Ordinal);
                perBatch.Add(batch, byVersion);
            }

            if (!byVersion.TryGetValue(version, out var counts))
            {
                counts = new int[3];
                byVersion.Add(version, counts);
            }

            counts[0]++;
            var prediction = predCol.GetString(i);
            if (prediction is null)
            {
                abstained[batch] = abstained.GetValueOrDefault(batch) + 1;
                continue;
            }

            var label = labels.GetString(row);
            if (label is null)
            {
                continue;
            }

            if (regression)
            {
                // Scored exactly as the replay scores: only where prediction − label is a finite number (a label
                // of ±∞ is not; with one such row the MAE was ∞ and the chart's axis never ended).
                if (labels.Kind == ColumnKind.Numeric
                    && double.TryParse(prediction, NumberStyles.Float, CultureInfo.InvariantCulture, out var p)
                    && CollectionsMarshal.GetValueRefOrAddDefault(errors, (batch, version), out _).Add(p - labels.Numbers[row]))
                {
                    counts[1]++;
                }

                continue;
            }

            if (!answeredClasses.Contains(label) && folded.TryGetValue(label.Trim(), out var known))
            {
                label = known;
            }

            counts[1]++;
            if (SameValue(prediction, label))
            {
                counts[2]++;
            }
        }

        // Batches that only the agent's files mention still belong on the timeline.
        foreach (var b in actions.Select(a => a.Batch).Concat(decisions.Select(d => d.Batch)))
        {
            perBatch.TryAdd(b, new Dictionary<string, int[]>(StringComparer.Ordinal));
        }

        var batches = new List<TwinBatch>(perBatch.Count);
        foreach (var (batch, byVersion) in perBatch)
        {
            var list = byVersion
                .Select(kv => new TwinVersionAccuracy(kv.Key, kv.Value[0], kv.Value[1], kv.Value[2])
                {
                    Mae = regression && errors.TryGetValue((batch, kv.Key), out var e) && e.Count > 0 ? e.Mae : null,
                })
                .OrderByDescending(v => v.Rows)
                .ThenBy(v => versions.IndexOf(v.Version))
                .ToList();
            batches.Add(new TwinBatch(
                batch,
                list.Sum(v => v.Rows),
                abstained.GetValueOrDefault(batch),
                list.Sum(v => v.Answered),
                list.Sum(v => v.Correct),
                list) { Mae = regression ? MeanOf(list.Select(v => (v.Answered, v.Mae))) : null });
        }

        return (batches, versions);
    }

    /// <summary>The row-weighted mean of means, as Σ (nᵢ / N) · meanᵢ: no term exceeds its mean, so nothing overflows.</summary>
    private static double? MeanOf(IEnumerable<(int Rows, double? Mean)> parts)
    {
        var list = parts.Where(p => p.Rows > 0 && p.Mean is not null).ToList();
        var total = list.Sum(p => (double)p.Rows);
        return total == 0 ? null : list.Sum(p => p.Rows / total * p.Mean!.Value);
    }

    private static bool IsWhole(double d) => double.IsFinite(d) && d == Math.Floor(d) && Math.Abs(d) <= int.MaxValue;

    private static bool SameValue(string prediction, string label)
    {
        if (string.Equals(prediction, label, StringComparison.Ordinal))
        {
            return true;
        }

        // A numeric label column reads back as "1" where the model may have written "1.0".
        return double.TryParse(prediction, NumberStyles.Float, CultureInfo.InvariantCulture, out var p)
            && double.TryParse(label, NumberStyles.Float, CultureInfo.InvariantCulture, out var l)
            && p == l;
    }

    private static List<TwinAction> ReadActions(Stream jsonl)
    {
        var list = new List<(TwinAction Action, int Line)>();
        foreach (var (e, line) in ReadJsonLines(jsonl, ActionsFile))
        {
            if (JsonFields.Integer(e, "batch") is not { } batch)
            {
                continue;
            }

            var span = JsonFields.Array(e, "training_batches").Select(x => JsonFields.AsInteger(x)).ToList();
            list.Add((new TwinAction(
                batch,
                (JsonFields.Text(e, "action") ?? "unknown").ToLowerInvariant(),
                JsonFields.Text(e, "reason"),
                JsonFields.Text(e, "version_before"),
                JsonFields.Text(e, "version_after"),
                span.Count > 0 ? span[0] : null,
                span.Count > 1 ? span[^1] : null), line));
        }

        return [.. list.OrderBy(x => x.Action.Batch).ThenBy(x => x.Line).Select(x => x.Action)];
    }

    private static List<TwinDecision> ReadDecisions(Stream jsonl)
    {
        var list = new List<(TwinDecision Decision, int Line)>();
        foreach (var (e, line) in ReadJsonLines(jsonl, DecisionsFile))
        {
            if (JsonFields.Integer(e, "batch") is not { } batch)
            {
                continue;
            }

            AddDecision(list, e, batch, line, depth: 0);
        }

        // A stable sort: within a batch, file order, follow-ups after their parent.
        return [.. list.OrderBy(x => x.Decision.Batch).ThenBy(x => x.Line).Select(x => x.Decision)];
    }

    private static void AddDecision(List<(TwinDecision Decision, int Line)> list, JsonElement e, int batch, int line, int depth)
    {
        var findings = JsonFields.Array(e, "findings")
            .Where(f => f.ValueKind == JsonValueKind.Object)
            .Select(ReadFinding)
            .ToList();
        var m = JsonFields.Get(e, "metrics") ?? default;
        var metrics = new TwinMetrics(
            JsonFields.Integer(m, "rows"),
            JsonFields.Number(m, "accuracy_realized"),
            JsonFields.Number(m, "accuracy_estimated"),
            JsonFields.Number(m, "accuracy_baseline"),
            JsonFields.Number(m, "share_drifted"),
            JsonFields.Number(m, "max_psi"),
            JsonFields.Number(m, "mean_confidence"),
            JsonFields.Number(m, "latency_p95_ms"),
            JsonFields.Number(m, "failure_rate"),
            JsonFields.Number(m, "mae_realized"),
            JsonFields.Number(m, "mae_baseline"),
            JsonFields.Integer(m, "labeled_batch"));
        var a = JsonFields.Get(e, "assessment");
        var assessment = a is { ValueKind: JsonValueKind.Object } ao
            ? new TwinAssessment(JsonFields.Text(ao, "cause"), JsonFields.Text(ao, "severity"), JsonFields.Flag(ao, "persistent"))
            : null;
        var alternatives = JsonFields.Array(e, "alternatives")
            .Select(x => x.ValueKind == JsonValueKind.Object
                ? new TwinAlternative(JsonFields.Text(x, "action"), JsonFields.Text(x, "rejected_because"))
                : new TwinAlternative(JsonFields.AsText(x), null))
            .ToList();
        var v = JsonFields.Get(e, "verification");
        var verification = v is { ValueKind: JsonValueKind.Object } vo
            ? new TwinVerification(
                JsonFields.Text(vo, "status"),
                JsonFields.Number(vo, "baseline"),
                JsonFields.Number(vo, "observed"),
                JsonFields.Text(vo, "window"),
                JsonFields.Text(vo, "action"))
            : null;
        var action = JsonFields.Text(e, "action")?.ToLowerInvariant();
        list.Add((new TwinDecision(
            batch,
            JsonFields.Text(e, "time"),
            JsonFields.Text(e, "trigger"),
            JsonFields.Text(e, "served_version"),
            JsonFields.Text(e, "mode"),
            findings,
            metrics,
            assessment,
            JsonFields.Text(e, "rule"),
            action is "none" ? null : action,
            JsonFields.Text(e, "reason"),
            alternatives,
            JsonFields.Text(e, "incident_id"),
            verification), line));

        // The agent nests decisions taken on action results within the same batch; a cycle cannot occur in
        // parsed JSON, the depth bound only keeps a pathological file from exhausting the stack.
        if (depth < 8)
        {
            foreach (var f in JsonFields.Array(e, "follow_ups").Where(f => f.ValueKind == JsonValueKind.Object))
            {
                AddDecision(list, f, JsonFields.Integer(f, "batch") ?? batch, line, depth + 1);
            }
        }
    }

    private static TwinFinding ReadFinding(JsonElement f)
    {
        var evidence = new List<KeyValuePair<string, string>>();
        if (JsonFields.Get(f, "evidence") is { ValueKind: JsonValueKind.Object } ev)
        {
            foreach (var p in ev.EnumerateObject())
            {
                var text = p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetDouble(out var d)
                    ? Html.Number(d)
                    : JsonFields.AsText(p.Value) ?? "–";
                evidence.Add(new(p.Name, text));
            }
        }

        return new TwinFinding(
            JsonFields.Text(f, "kind"),
            ParseSeverity(JsonFields.Get(f, "severity")),
            JsonFields.Text(f, "code"),
            JsonFields.Text(f, "subject"),
            JsonFields.Text(f, "message"),
            evidence);
    }

    private static Severity? ParseSeverity(JsonElement? e)
    {
        if (JsonFields.AsInteger(e) is { } n)
        {
            return Enum.IsDefined((Severity)n) ? (Severity)n : null;
        }

        return JsonFields.AsText(e) is { } s && Enum.TryParse<Severity>(s, ignoreCase: true, out var sev) && Enum.IsDefined(sev)
            ? sev
            : null;
    }

    private static IEnumerable<(JsonElement Element, int Line)> ReadJsonLines(Stream stream, string file)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        var lineNo = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            JsonElement element;
            try
            {
                using var doc = JsonDocument.Parse(line);
                element = doc.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new InputDataException($"{file} line {lineNo} is not valid JSON: {e.Message}", e);
            }

            if (element.ValueKind == JsonValueKind.Object)
            {
                yield return (element, lineNo);
            }
        }
    }

    private static List<TwinIncident> FoldIncidents(IReadOnlyList<TwinDecision> decisions, IReadOnlyList<TwinAction> actions, int lastBatch)
    {
        var incidents = new List<TwinIncident>();
        foreach (var group in decisions.Where(d => d.IncidentId is not null).GroupBy(d => d.IncidentId!, StringComparer.Ordinal))
        {
            var ds = group.ToList();
            var first = ds.Min(d => d.Batch);
            var last = ds.Max(d => d.Batch);
            var inBatches = ds.Select(d => d.Batch).ToHashSet();
            var acts = actions.Where(a => inBatches.Contains(a.Batch)).ToList();
            var cause = ds.Select(d => d.Assessment?.Cause).FirstOrDefault(c => c is not null && c != "none");
            var status = ds.Select(d => d.Verification?.Status).LastOrDefault(s => s is not null);
            var outcome = acts.Any(a => a.Action == "escalate") || ds.Any(d => d.Action == "escalate")
                ? TwinIncidentOutcome.Escalated
                : VerificationVerdict(status) switch
                {
                    true => TwinIncidentOutcome.Resolved,
                    false => TwinIncidentOutcome.Failed,
                    null => last >= lastBatch ? TwinIncidentOutcome.Open : TwinIncidentOutcome.Closed,
                };
            incidents.Add(new TwinIncident(group.Key, first, last, cause, acts, status, outcome));
        }

        return [.. incidents.OrderBy(i => i.FirstBatch).ThenBy(i => i.Id, StringComparer.Ordinal)];
    }

    /// <summary>True for a passing verification status, false for a failing one, null for pending or unknown.</summary>
    internal static bool? VerificationVerdict(string? status) => status?.ToLowerInvariant() switch
    {
        "passed" or "pass" or "succeeded" or "success" or "ok" or "verified" or "recovered" or "resolved" or "improved" => true,
        "failed" or "fail" or "regressed" or "worse" or "not_recovered" or "rejected" => false,
        _ => null,
    };

    /// <summary>Batches whose primary served version differs from that of the previous batch that named one.</summary>
    internal static IEnumerable<int> ModelChangeBatches(IReadOnlyList<TwinBatch> batches)
    {
        string? previous = null;
        foreach (var b in batches)
        {
            if (b.PrimaryVersion is not { } v)
            {
                continue;
            }

            if (previous is not null && !string.Equals(previous, v, StringComparison.Ordinal))
            {
                yield return b.Batch;
            }

            previous = v;
        }
    }

    private static TwinRunSummary Summarize(IReadOnlyList<TwinBatch> batches, IReadOnlyList<TwinAction> actions, IReadOnlyList<TwinIncident> incidents, bool regression)
    {
        var answered = batches.Sum(b => b.Answered);
        var correct = batches.Sum(b => b.Correct);
        var inIncident = batches.Where(b => incidents.Any(i => b.Batch >= i.FirstBatch && b.Batch <= i.LastBatch)).ToList();
        var incAnswered = inIncident.Sum(b => b.Answered);
        var incCorrect = inIncident.Sum(b => b.Correct);
        return new TwinRunSummary(
            batches.Count(b => b.Rows > 0),
            batches.Sum(b => b.Rows),
            answered,
            answered == 0 || regression ? null : (double)correct / answered,
            incAnswered == 0 || regression ? null : (double)incCorrect / incAnswered,
            ModelChangeBatches(batches).Count(),
            actions.Count(a => a.Action == "alert"),
            batches.Sum(b => b.Abstained),
            actions.Count(a => a.Action == "escalate"),
            incidents.Count,
            actions.Where(a => a.Action != "alert").Select(a => (int?)a.Batch).Min())
        {
            MeanMae = regression ? MeanOf(batches.Select(b => (b.Answered, b.Mae))) : null,
            IncidentMae = regression ? MeanOf(inIncident.Select(b => (b.Answered, b.Mae))) : null,
            ModelChangesOrdered = actions.Count(a => Replay.ActionRecord.IsModelChange(a.Action)),
        };
    }
}
