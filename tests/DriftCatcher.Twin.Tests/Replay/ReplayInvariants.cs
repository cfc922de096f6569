using System.Globalization;
using DriftCatcher.Core.Agent.Audit;
using DriftCatcher.Core.Agent.Decisions;
using DriftCatcher.Core.Agent.Policy;
using DriftCatcher.Core.Data;
using DriftCatcher.Twin.Replay;
using DriftCatcher.Twin.Scenarios;

namespace DriftCatcher.Twin.Tests.Replay;

/// <summary>
/// Cross-checks a replay's outputs against each other, the issue's contract and the safety rules: what must
/// hold for any correct run, whatever the scenario. Each check returns one line per violation, naming the
/// batch, so a failing run says everything that is wrong at once.
/// </summary>
internal static class ReplayInvariants
{
    /// <summary>Action names actions.jsonl may carry (the issue's contract).</summary>
    public static readonly string[] KnownActions = ["alert", "retrain", "rollback", "promote", "fallback", "disable", "restore", "canary", "shadow", "escalate"];

    /// <summary>Data faults: they change the rows themselves, so no model may learn from them.</summary>
    private static readonly string[] DataFaults = [FaultKinds.UnitChange, FaultKinds.MissingColumn, FaultKinds.StuckValue];

    /// <summary>Faults no model may learn from: the data faults, and labels written another way (what is left of their batches' labels lacks a class).</summary>
    private static readonly string[] TrainingFaults = [.. DataFaults, FaultKinds.LabelRespelled];

    public static List<string> Check(ReplayResult run, DataFrame stream, ScenarioTruth truth, AgentPolicy policy, int labelDelay)
    {
        var v = new List<string>();
        var batchOfRow = stream[truth.BatchColumn].Numbers;
        var batches = batchOfRow.Select(b => (long)b).Distinct().ToList();
        var failed = stream.TryGetColumn("failed", out var f) && f.Kind == ColumnKind.Numeric ? f.Numbers : null;

        // D of each batch: a label_delay fault holds its batches' labels back longer (never shorter) than D.
        var faultDelays = truth.FaultLabelDelays();
        int DelayOf(long batch) => faultDelays.TryGetValue(batch, out var own) ? Math.Max(own, labelDelay) : labelDelay;

        // The requests each batch's decisions sent to the host, flattened: the tick's own, then its follow-ups'.
        var decisionOf = new Dictionary<long, AgentDecision>();
        foreach (var d in run.Decisions)
        {
            if (!decisionOf.TryAdd(d.Batch, d))
            {
                v.Add($"batch {d.Batch}: more than one tick decision");
            }
        }

        CheckDecisionsPerTick(run, batches, v);
        CheckPredictionsShape(run, stream, batchOfRow, v);
        var requests = RequestsByBatch(run);
        CheckActionsMatchRequests(run, requests, v);
        CheckServing(run, decisionOf, requests, failed, v);
        CheckTraining(run, requests, truth, policy, DelayOf, v);
        CheckIncidents(run, v);
        if (policy.Kind == PolicyKind.Rules)
        {
            CheckFaultActions(run, truth, v);
            CheckBudget(run, requests, policy, v);
            CheckCooldowns(run, policy, v);
            CheckEscalationHolds(run, v);
            CheckVerificationCloses(run, v);
            CheckNoSilentFailure(run, DelayOf, policy, v);
        }

        CheckRealizedMetrics(run, DelayOf, v);
        CheckReasonNumbers(run, stream, truth, DelayOf, v);
        return v;
    }

    private static readonly System.Text.RegularExpressions.Regex DropEvidence = new(
        @"(accuracy|MAE) (\d+(?:\.\d+)?) on the labeled (?:batches since (\d+)|batch(?:es)? ([\d–, ]+)) against a baseline of",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>Batch numbers written "13–14, 17".</summary>
    private static List<long> Ranges(string text) =>
        [.. text.Split(", ").SelectMany(part => part.Split('–') is [var lo, var hi]
            ? Enumerable.Range(0, (int)(long.Parse(hi, CultureInfo.InvariantCulture) - long.Parse(lo, CultureInfo.InvariantCulture) + 1)).Select(i => long.Parse(lo, CultureInfo.InvariantCulture) + i)
            : [long.Parse(part, CultureInfo.InvariantCulture)])];

    /// <summary>
    /// The numbers a person reads in the outputs agree with the rows (predictions.csv and the stream's labels): a
    /// rule's "accuracy X on the labeled batches since C" (MAE for a regression model) is the pooled level of the
    /// version that served, over batches C.. whose labels were visible; a verification's observed level is that of the
    /// batches its window names, when one version served them all. bench/audit/check_twin.py checks more of them from
    /// the files alone (docs/twin.md, "Auditing a run").
    /// </summary>
    private static void CheckReasonNumbers(ReplayResult run, DataFrame stream, ScenarioTruth truth, Func<long, int> delayOf, List<string> v)
    {
        var labels = stream[truth.LabelColumn];
        var regression = labels.Kind == ColumnKind.Numeric && run.BatchMae.Count > 0 && run.BatchAccuracy.Count == 0;
        var sums = new Dictionary<(long Batch, string Version), (double Sum, int Rows)>();
        foreach (var p in run.Predictions)
        {
            if (p.Prediction is null || labels.IsMissing(p.Row))
            {
                continue;
            }

            double score;
            if (regression)
            {
                score = Math.Abs(double.Parse(p.Prediction, CultureInfo.InvariantCulture) - labels.Numbers[p.Row]);
                if (!double.IsFinite(score))
                {
                    continue;
                }
            }
            else
            {
                // As the replay scores: a label written another way ("benign" for BENIGN) is its class.
                var label = labels.GetString(p.Row) ?? string.Empty;
                score = string.Equals(label.Trim(), p.Prediction.Trim(), StringComparison.OrdinalIgnoreCase)
                    || (double.TryParse(label, NumberStyles.Float, CultureInfo.InvariantCulture, out var a) && double.TryParse(p.Prediction, NumberStyles.Float, CultureInfo.InvariantCulture, out var b) && a == b)
                    ? 1 : 0;
            }

            var key = (p.Batch, p.ServedVersion);
            var (sum, rows) = sums.GetValueOrDefault(key);
            sums[key] = (sum + score, rows + 1);
        }

        double Level(IEnumerable<long> batches, string? version)
        {
            var (sum, rows) = (0.0, 0);
            foreach (var ((b, ver), x) in sums)
            {
                if ((version is null || ver == version) && batches.Contains(b))
                {
                    sum += x.Sum;
                    rows += x.Rows;
                }
            }

            return rows == 0 ? double.NaN : sum / rows;
        }

        var batchList = sums.Keys.Select(k => k.Batch).Distinct().Order().ToList();
        foreach (var d in run.Decisions)
        {
            foreach (System.Text.RegularExpressions.Match m in DropEvidence.Matches(d.Reason ?? string.Empty))
            {
                var told = double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
                var judged = m.Groups[3].Success
                    ? [.. batchList.Where(b => b >= long.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture) && b + delayOf(b) <= d.Batch)]
                    : Ranges(m.Groups[4].Value);
                if (judged.Any(b => b + delayOf(b) > d.Batch))
                {
                    v.Add($"batch {d.Batch}: '{m.Value}' names batches whose labels were not visible yet");
                }

                var level = Level(judged, d.ServedVersion);
                if (!(Math.Abs(level - told) <= 0.0005 + 1e-9))
                {
                    v.Add($"batch {d.Batch}: '{m.Value}', but {d.ServedVersion} scores {level:0.0000} on the labeled batches {string.Join(", ", judged)}");
                }
            }
        }

        foreach (var d in AllDecisions(run))
        {
            if (d.Verification is not { Observed: { } observed, Estimated: false, Window: { } window } || !window.StartsWith("batches ", StringComparison.Ordinal))
            {
                continue;
            }

            var named = window["batches ".Length..];
            List<long> judged;
            if (named.Split("..") is [var from, var to] && long.TryParse(from, CultureInfo.InvariantCulture, out var lo) && long.TryParse(to, CultureInfo.InvariantCulture, out var hi))
            {
                judged = [.. batchList.Where(b => b >= lo && b <= hi)];
            }
            else if (named.Split(", ").All(x => long.TryParse(x, CultureInfo.InvariantCulture, out _)))
            {
                judged = [.. named.Split(", ").Select(x => long.Parse(x, CultureInfo.InvariantCulture))];
            }
            else
            {
                continue;
            }

            var versions = sums.Keys.Where(k => judged.Contains(k.Batch)).Select(k => k.Version).Distinct().ToList();
            if (versions.Count != 1)
            {
                continue; // a canary's mix, or a fallback between: the agent judged one version's own answers
            }

            var level = Level(judged, null);
            if (!(Math.Abs(level - observed) <= 1e-9 * Math.Max(1, Math.Abs(level))))
            {
                v.Add($"batch {d.Batch}: the verification of the {d.Verification.Action} observed {observed:0.0000} over {window}, the rows give {level:0.0000}");
            }
        }
    }

    /// <summary>decisions.jsonl: exactly one tick decision per stream batch, in batch order; follow-ups belong to that batch.</summary>
    private static void CheckDecisionsPerTick(ReplayResult run, List<long> batches, List<string> v)
    {
        if (run.Decisions.Count != batches.Count)
        {
            v.Add($"{run.Decisions.Count} decisions for {batches.Count} batches");
        }

        for (var i = 0; i < Math.Min(run.Decisions.Count, batches.Count); i++)
        {
            var d = run.Decisions[i];
            if (d.Batch != batches[i] || d.Trigger != "tick")
            {
                v.Add($"decision {i}: batch {d.Batch} trigger {d.Trigger}, expected the tick of batch {batches[i]}");
            }

            foreach (var fu in d.FollowUps.Where(x => x.Batch != d.Batch))
            {
                v.Add($"batch {d.Batch}: a follow-up decision dated batch {fu.Batch}");
            }

            if (i > 0 && d.Time <= run.Decisions[i - 1].Time)
            {
                v.Add($"batch {d.Batch}: decision time {d.Time:O} not after the previous one");
            }
        }
    }

    /// <summary>predictions.csv: one line per stream row, in stream order, with the row's own batch.</summary>
    private static void CheckPredictionsShape(ReplayResult run, DataFrame stream, double[] batchOfRow, List<string> v)
    {
        if (run.Predictions.Count != stream.RowCount)
        {
            v.Add($"{run.Predictions.Count} predictions for {stream.RowCount} stream rows");
            return;
        }

        for (var i = 0; i < run.Predictions.Count; i++)
        {
            var p = run.Predictions[i];
            if (p.Row != i || p.Batch != (long)batchOfRow[i])
            {
                v.Add($"prediction {i}: row {p.Row} batch {p.Batch}, expected row {i} batch {batchOfRow[i]}");
                return;
            }
        }
    }

    /// <summary>The requests a batch's decisions sent to the host (tick decision and follow-ups), with the decision that sent each.</summary>
    private static Dictionary<long, List<(ActionRequest Request, AgentDecision Decision)>> RequestsByBatch(ReplayResult run)
    {
        var map = new Dictionary<long, List<(ActionRequest, AgentDecision)>>();
        foreach (var d in run.Decisions)
        {
            var list = new List<(ActionRequest, AgentDecision)>();
            foreach (var x in (IEnumerable<AgentDecision>)[d, .. d.FollowUps])
            {
                list.AddRange(x.Requests.Select(r => (r, x)));
            }

            map[d.Batch] = list;
        }

        return map;
    }

    private static string Name(AgentAction a) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(a.ToString());

    /// <summary>A retrain that trained nothing says why after the request's reason.</summary>
    private static string RequestReason(ActionRecord a)
    {
        var at = a.Reason.IndexOf(" (failed: ", StringComparison.Ordinal);
        return a.Action == "retrain" && a.TrainingBatches is null && at >= 0 ? a.Reason[..at] : a.Reason;
    }

    /// <summary>
    /// Every line of actions.jsonl is a request of that batch's decisions (same action, same reason), and the
    /// decision that sent it names it: its action is the request's, or the request rode along (a side alert, an
    /// escalation notice, a trial's end). A request the host could not carry out is answered by a follow-up
    /// saying it failed; every other request is in actions.jsonl.
    /// </summary>
    private static void CheckActionsMatchRequests(ReplayResult run, Dictionary<long, List<(ActionRequest Request, AgentDecision Decision)>> requests, List<string> v)
    {
        foreach (var group in run.Actions.GroupBy(a => a.Batch))
        {
            var open = requests.TryGetValue(group.Key, out var list) ? list.ToList() : [];
            foreach (var a in group)
            {
                if (!KnownActions.Contains(a.Action))
                {
                    v.Add($"batch {a.Batch}: unknown action '{a.Action}'");
                }

                if (string.IsNullOrWhiteSpace(a.Reason))
                {
                    v.Add($"batch {a.Batch}: {a.Action} without a reason");
                }

                var at = open.FindIndex(x => Name(x.Request.Action) == a.Action && x.Request.Reason == RequestReason(a));
                if (at < 0)
                {
                    v.Add($"batch {a.Batch}: {a.Action} '{Short(a.Reason)}' has no request with that reason in the batch's decisions");
                    continue;
                }

                open.RemoveAt(at);
            }

            foreach (var (r, d) in open.Where(x => !Failed(x.Request, run, group.Key)))
            {
                v.Add($"batch {group.Key}: request {Name(r.Action)} '{Short(r.Reason)}' (decision rule {d.Rule}) is not in actions.jsonl");
            }
        }

        foreach (var (batch, list) in requests.Where(kv => !run.Actions.Any(a => a.Batch == kv.Key)))
        {
            foreach (var (r, d) in list.Where(x => !Failed(x.Request, run, batch)))
            {
                v.Add($"batch {batch}: request {Name(r.Action)} '{Short(r.Reason)}' (decision rule {d.Rule}) is not in actions.jsonl");
            }
        }

        foreach (var d in run.Decisions.SelectMany(d => (IEnumerable<AgentDecision>)[d, .. d.FollowUps]))
        {
            if (d.Action is AgentAction.None or AgentAction.RetrainRejected or AgentAction.PendingApproval)
            {
                continue;
            }

            // A failed verification's decision gives the verdict as its reason ("verification of the promote failed:
            // …"), its revert request says what it undoes ("revert: …"): only the action must match there (found
            // replaying recurring at D = 5, which reverts a promotion).
            if (!d.Requests.Any(r => r.Action == d.Action && (r.Reason == d.Reason || d.Rule == "verification")))
            {
                v.Add($"batch {d.Batch}: decision ({d.Trigger}, rule {d.Rule}) says {Name(d.Action)} '{Short(d.Reason)}' but sent no such request");
            }
        }
    }

    /// <summary>The host answered this request with a failure (a follow-up "… failed: …").</summary>
    private static bool Failed(ActionRequest r, ReplayResult run, long batch) =>
        run.Decisions.Where(d => d.Batch == batch).SelectMany(d => d.FollowUps)
            .Any(fu => fu.Trigger == "action_applied" && fu.Reason.StartsWith(Name(r.Action) + " failed:", StringComparison.Ordinal));

    /// <summary>
    /// Replays the actions over the batches: what serves batch b follows from the actions of batches before b
    /// (v1 first; promote, rollback, fallback, disable and restore change serving from b+1; a canary's rows may
    /// carry the candidate). Each action's version_before is what served when it was taken; a restore only
    /// follows a fallback or disable; a rollback goes to a version that served before; a promotion serves a
    /// candidate a retrain produced earlier and the validation gate passed (rules policies). predictions.csv
    /// and the decisions' served_version and mode agree with it; a prediction is empty only while predictions
    /// are disabled or when the row's request failed at the champion's endpoint.
    /// </summary>
    private static void CheckServing(ReplayResult run, Dictionary<long, AgentDecision> decisionOf, Dictionary<long, List<(ActionRequest Request, AgentDecision Decision)>> requests, double[]? failed, List<string> v)
    {
        var champion = "v1";
        var mode = ServingMode.Champion;
        string? fallback = null;
        string? canary = null;
        string? shadow = null;
        var served = new HashSet<string>(StringComparer.Ordinal) { "v1" };
        var trained = new HashSet<string>(StringComparer.Ordinal);
        var rejected = RejectedCandidates(run);
        var actionsOf = run.Actions.ToLookup(a => a.Batch);
        var rules = run.Decisions.Any(d => d.Rule is not null && d.Rule != "periodic");
        foreach (var rows in run.Predictions.GroupBy(p => p.Batch))
        {
            var b = rows.Key;
            var expected = mode switch { ServingMode.Fallback => fallback!, ServingMode.Disabled => "", _ => champion };
            foreach (var p in rows)
            {
                var ok = p.ServedVersion == expected || (canary is not null && mode == ServingMode.Champion && p.ServedVersion == canary);
                if (!ok)
                {
                    v.Add($"batch {b} row {p.Row}: served_version '{p.ServedVersion}', the actions imply '{expected}'{(canary is null ? "" : $" or the canary {canary}")}");
                    break;
                }

                var rowFailed = failed is not null && failed[p.Row] >= 1;
                // Disabled abstains on every row; a failed request gets no answer from the champion's endpoint (a
                // fallback answers on its own); every other row is answered.
                var abstains = mode == ServingMode.Disabled || (mode == ServingMode.Champion && rowFailed);
                if (string.IsNullOrEmpty(p.Prediction) != abstains)
                {
                    v.Add($"batch {b} row {p.Row}: prediction '{p.Prediction}' in {mode} mode (request failed: {rowFailed})");
                    break;
                }
            }

            if (decisionOf.TryGetValue(b, out var d))
            {
                var expectedMode = mode == ServingMode.Champion && canary is not null ? ServingMode.Canary
                    : mode == ServingMode.Champion && shadow is not null ? ServingMode.Shadow
                    : mode;
                if (d.ServedVersion != expected || d.Mode != expectedMode)
                {
                    v.Add($"batch {b}: decisions.jsonl says {d.ServedVersion} in {d.Mode} mode, predictions/actions imply '{expected}' in {expectedMode} mode");
                }

                if (d.Metrics.Rows != rows.Count())
                {
                    v.Add($"batch {b}: decisions.jsonl counts {d.Metrics.Rows} rows, predictions.csv {rows.Count()}");
                }
            }

            var before = mode switch { ServingMode.Fallback => fallback!, ServingMode.Disabled => "disabled", _ => champion };
            var sent = requests.TryGetValue(b, out var list) ? list : [];
            foreach (var a in actionsOf[b])
            {
                var request = sent.FirstOrDefault(x => Name(x.Request.Action) == a.Action && x.Request.Reason == RequestReason(a)).Request;
                switch (a.Action)
                {
                    case "retrain":
                        // A retrain changes nothing that serves: its version_before is the champion the candidate
                        // would replace (the driver records the champion, also while a fallback serves), its
                        // version_after the candidate, which serves only once promoted or canaried.
                        if (a.VersionBefore != champion)
                        {
                            v.Add($"batch {b}: retrain version_before {a.VersionBefore}, the champion is {champion}");
                        }

                        if (a.TrainingBatches is not null)
                        {
                            trained.Add(a.VersionAfter);
                        }

                        break;
                    case "promote":
                    case "rollback":
                        Expect(a, before, v);
                        if (a.Action == "promote" && !trained.Contains(a.VersionAfter))
                        {
                            v.Add($"batch {b}: promote of {a.VersionAfter}, which no earlier retrain produced");
                        }

                        if (a.Action == "promote" && rules && rejected.Contains(a.VersionAfter))
                        {
                            v.Add($"batch {b}: promote of {a.VersionAfter}, which the validation gate rejected");
                        }

                        if (a.Action == "rollback" && !served.Contains(a.VersionAfter))
                        {
                            v.Add($"batch {b}: rollback to {a.VersionAfter}, which never served before");
                        }

                        champion = a.VersionAfter;
                        mode = ServingMode.Champion;
                        canary = shadow = null;
                        break;
                    case "fallback":
                        Expect(a, before, v);
                        if (!a.VersionAfter.StartsWith("fallback-", StringComparison.Ordinal))
                        {
                            v.Add($"batch {b}: fallback to {a.VersionAfter}, not a fallback model");
                        }

                        fallback = a.VersionAfter;
                        mode = ServingMode.Fallback;
                        canary = shadow = null;
                        break;
                    case "disable":
                        Expect(a, before, v);
                        if (a.VersionAfter != "disabled")
                        {
                            v.Add($"batch {b}: disable with version_after {a.VersionAfter}");
                        }

                        mode = ServingMode.Disabled;
                        canary = shadow = null;
                        break;
                    case "restore":
                        Expect(a, before, v);
                        if (mode == ServingMode.Champion)
                        {
                            v.Add($"batch {b}: restore while the champion {champion} serves (no fallback or disable to undo)");
                        }

                        if (a.VersionAfter != champion)
                        {
                            v.Add($"batch {b}: restore to {a.VersionAfter}, the champion is {champion}");
                        }

                        mode = ServingMode.Champion;
                        break;
                    case "canary" or "shadow" when request?.EndsTrial == true:
                        var running = a.Action == "canary" ? canary : shadow;
                        if (running is null || running != request.TargetVersion)
                        {
                            v.Add($"batch {b}: end of a {a.Action} of {request.TargetVersion}, but {(running is null ? "none runs" : running + " runs")}");
                        }

                        var expectedBefore = a.Action == "canary" ? running ?? champion : before;
                        if (a.VersionBefore != expectedBefore || a.VersionAfter != before)
                        {
                            v.Add($"batch {b}: {a.Action} end {a.VersionBefore} -> {a.VersionAfter}, expected {expectedBefore} -> {before}");
                        }

                        canary = shadow = null;
                        break;
                    case "canary" or "shadow":
                        if (mode != ServingMode.Champion || canary is not null || shadow is not null)
                        {
                            v.Add($"batch {b}: {a.Action} starts in {mode} mode{(canary ?? shadow) switch { null => "", var t => $" while {t} is on trial" }}");
                        }

                        if (!trained.Contains(request?.TargetVersion ?? "") || rejected.Contains(request?.TargetVersion ?? ""))
                        {
                            v.Add($"batch {b}: {a.Action} of {request?.TargetVersion}, not a candidate that passed the gate");
                        }

                        var after = a.Action == "canary" ? request?.TargetVersion : champion;
                        if (a.VersionBefore != champion || a.VersionAfter != after)
                        {
                            v.Add($"batch {b}: {a.Action} start {a.VersionBefore} -> {a.VersionAfter}, expected {champion} -> {after}");
                        }

                        (canary, shadow) = a.Action == "canary" ? (request?.TargetVersion, (string?)null) : ((string?)null, request?.TargetVersion);
                        break;
                    default: // alert, escalate: nothing moves
                        if (a.VersionBefore != before || a.VersionAfter != before)
                        {
                            v.Add($"batch {b}: {a.Action} {a.VersionBefore} -> {a.VersionAfter}, {before} serves");
                        }

                        break;
                }
            }

            if (mode == ServingMode.Champion)
            {
                served.Add(champion);
            }
        }

        // agent-state.json ends where the actions left serving.
        var state = run.FinalState;
        if (state.Versions.Champion != champion || state.Mode != mode)
        {
            v.Add($"agent-state.json: champion {state.Versions.Champion} in {state.Mode} mode, the actions leave {champion} in {mode} mode");
        }

        if (state.Versions.LastKnownGood is { } lkg && !served.Contains(lkg))
        {
            v.Add($"agent-state.json: last known good {lkg} never served");
        }
    }

    private static void Expect(ActionRecord a, string before, List<string> v)
    {
        if (a.VersionBefore != before)
        {
            v.Add($"batch {a.Batch}: {a.Action} version_before {a.VersionBefore}, but {before} served");
        }
    }

    /// <summary>Candidates the validation gate discarded, from the follow-up decisions' reasons.</summary>
    private static HashSet<string> RejectedCandidates(ReplayResult run)
    {
        var rejected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fu in run.Decisions.SelectMany(d => d.FollowUps).Where(d => d.Trigger == "retrain_completed" && d.Rule == "validation-gate" && d.Action == AgentAction.RetrainRejected))
        {
            // "candidate v3 trained on batches ... failed the validation gate (...): discarded"
            var words = fu.Reason.Split(' ');
            if (words.Length > 1 && words[0] == "candidate")
            {
                rejected.Add(words[1]);
            }
        }

        return rejected;
    }

    /// <summary>
    /// Training uses only labels already visible (last ≤ b − D, D of that batch: a label_delay fault's, if longer) and never a batch flagged faulty: neither one the
    /// agent flagged nor, for a policy that claims to know faults (rules), one the scenario's truth says a data
    /// fault touched. training_batches are the window the request named (or its short part).
    /// </summary>
    private static void CheckTraining(ReplayResult run, Dictionary<long, List<(ActionRequest Request, AgentDecision Decision)>> requests, ScenarioTruth truth, AgentPolicy policy, Func<long, int> delayOf, List<string> v)
    {
        var flagged = run.FinalState.Memory.FaultyBatches.ToHashSet();
        var truthFaulty = truth.Truth.Where(t => t.Faults.Any(f => TrainingFaults.Any(k => f == k || f.StartsWith(k + ":", StringComparison.Ordinal)))).Select(t => (long)t.Batch).ToHashSet();
        foreach (var a in run.Actions.Where(a => a.Action == "retrain"))
        {
            var request = requests.TryGetValue(a.Batch, out var list)
                ? list.FirstOrDefault(x => x.Request.Action == AgentAction.Retrain && x.Request.Reason == RequestReason(a)).Request
                : null;
            if (request is null)
            {
                continue; // reported by CheckActionsMatchRequests
            }

            if (a.TrainingBatches is null)
            {
                if (!a.Reason.Contains("(failed: ", StringComparison.Ordinal))
                {
                    v.Add($"batch {a.Batch}: retrain of {a.VersionAfter} without training_batches and without saying why");
                }

                continue;
            }

            if (a.TrainingBatches.Count != 2)
            {
                v.Add($"batch {a.Batch}: training_batches has {a.TrainingBatches.Count} numbers");
                continue;
            }

            var (first, last) = (a.TrainingBatches[0], a.TrainingBatches[1]);

            // decisions.jsonl tells the same window: "candidate vN trained on batches first..last (rows)".
            var told = $"{a.VersionAfter} trained on batches ";
            foreach (var fu in run.Decisions.Where(d => d.Batch == a.Batch).SelectMany(d => d.FollowUps).Where(d => d.Trigger == "retrain_completed" && d.Reason.Contains(told, StringComparison.Ordinal)))
            {
                var window = fu.Reason[(fu.Reason.IndexOf(told, StringComparison.Ordinal) + told.Length)..].Split(' ')[0];
                if (window != $"{first}..{last}")
                {
                    v.Add($"batch {a.Batch}: decisions.jsonl says {a.VersionAfter} trained on batches {window}, actions.jsonl [{first}, {last}]");
                }
            }
            if (first > last || last + delayOf(last) > a.Batch)
            {
                v.Add($"batch {a.Batch}: training_batches [{first}, {last}], but batch {last}'s labels are not visible before batch {last + delayOf(last)}");
            }

            if (last != request.LastBatch || (first != request.FirstBatch && first != request.ShortFirstBatch))
            {
                v.Add($"batch {a.Batch}: training_batches [{first}, {last}], the request asked for {request.FirstBatch}..{request.LastBatch} (short from {request.ShortFirstBatch})");
            }

            // actions.jsonl says only [first, last]: a reader (or a program checking "no model trained on faulty rows")
            // takes every batch in between as trained on, so the window must not span a faulty batch, even one the
            // request excluded. The periodic baseline does not know about faults (docs/policy.md): it trains on the
            // newest labeled batches as they are, so this is a rule for the rules policies.
            if (policy.Kind != PolicyKind.Rules)
            {
                continue;
            }

            var covered = Enumerable.Range(0, (int)Math.Max(0, last - first + 1)).Select(i => first + i).ToList();
            var onFlagged = covered.Where(flagged.Contains).ToList();
            if (onFlagged.Count > 0)
            {
                v.Add($"batch {a.Batch}: {a.VersionAfter} training_batches [{first}, {last}] cover batches {Ranges(onFlagged)}, which the agent flagged faulty");
            }

            var onTruth = covered.Where(truthFaulty.Contains).ToList();
            if (onTruth.Count > 0)
            {
                v.Add($"batch {a.Batch}: {a.VersionAfter} training_batches [{first}, {last}] cover batches {Ranges(onTruth)}, where the scenario put a data fault");
            }

            var used = covered.Where(x => !request.ExcludedBatches.Contains(x)).ToList();
            if (used.Any(flagged.Contains) || used.Any(truthFaulty.Contains))
            {
                v.Add($"batch {a.Batch}: {a.VersionAfter} was trained on rows of a faulty batch");
            }
        }
    }

    /// <summary>
    /// Incidents: one open at a time, numbered in order of opening, never reopened once another has opened; every
    /// request that names an incident does so while it is open (from its opening to its closing); a closed
    /// incident's closing comes at or after its opening and after the last decision that names it.
    /// </summary>
    private static void CheckIncidents(ReplayResult run, List<string> v)
    {
        static int Number(string id) => int.Parse(id["inc-".Length..], CultureInfo.InvariantCulture);
        var firstSeen = new Dictionary<string, long>(StringComparer.Ordinal);
        var lastSeen = new Dictionary<string, long>(StringComparer.Ordinal);
        var newest = 0;
        foreach (var d in run.Decisions.SelectMany(d => (IEnumerable<AgentDecision>)[d, .. d.FollowUps]))
        {
            if (d.IncidentId is not { } id)
            {
                continue;
            }

            var n = Number(id);
            if (n < newest)
            {
                v.Add($"batch {d.Batch}: decision names {id} after inc-{newest} had opened");
            }

            newest = Math.Max(newest, n);
            firstSeen.TryAdd(id, d.Batch);
            lastSeen[id] = d.Batch;
        }

        var closed = run.FinalState.ClosedIncidents.ToDictionary(i => i.Id, StringComparer.Ordinal);
        foreach (var d in run.Decisions.SelectMany(d => (IEnumerable<AgentDecision>)[d, .. d.FollowUps]))
        {
            foreach (var r in d.Requests.Where(r => r.IncidentId is not null))
            {
                var id = r.IncidentId!;
                if (!firstSeen.TryGetValue(id, out var opened) || opened > d.Batch)
                {
                    v.Add($"batch {d.Batch}: {Name(r.Action)} names {id}, which no decision had opened by then");
                }

                if (closed.TryGetValue(id, out var c) && d.Batch > c.ClosedBatch)
                {
                    v.Add($"batch {d.Batch}: {Name(r.Action)} '{Short(r.Reason)}' names {id}, closed at batch {c.ClosedBatch} ({c.Outcome})");
                }
            }
        }

        foreach (var c in run.FinalState.ClosedIncidents)
        {
            if (c.ClosedBatch < c.OpenedBatch)
            {
                v.Add($"{c.Id}: closed at batch {c.ClosedBatch} before it opened at {c.OpenedBatch}");
            }

            if (firstSeen.TryGetValue(c.Id, out var first) && first != c.OpenedBatch)
            {
                v.Add($"{c.Id}: opened at batch {c.OpenedBatch}, first named by a decision at batch {first}");
            }

            if (lastSeen.TryGetValue(c.Id, out var last) && last > c.ClosedBatch)
            {
                v.Add($"{c.Id}: closed at batch {c.ClosedBatch}, still named by a decision at batch {last}");
            }
        }

        // An escalation is recorded: its decision names the incident it hands over (when one is open).
        foreach (var d in run.Decisions.SelectMany(d => (IEnumerable<AgentDecision>)[d, .. d.FollowUps]))
        {
            foreach (var r in d.Requests.Where(r => r.Action == AgentAction.Escalate && r.IncidentId is null && d.IncidentId is not null))
            {
                v.Add($"batch {d.Batch}: escalate '{Short(r.Reason)}' names no incident while {d.IncidentId} is open");
            }
        }
    }

    /// <summary>
    /// A fallback answers a fault: the agent flagged the batch faulty or assessed a serving fault in it. A restore
    /// comes once the fault has cleared: the batch is neither flagged faulty nor, by the scenario's truth, under a
    /// data fault or a failure burst — unless the labels showed the champion answers the faulty rows clearly better
    /// than the fallback (rule serve-through-fault; the faulty batches stay flagged and untrained on).
    /// </summary>
    private static void CheckFaultActions(ReplayResult run, ScenarioTruth truth, List<string> v)
    {
        var flagged = run.FinalState.Memory.FaultyBatches.ToHashSet();
        var decisionOf = run.Decisions.ToDictionary(d => d.Batch);
        foreach (var a in run.Actions.Where(a => a.Action is "fallback" or "restore"))
        {
            var serving = decisionOf.TryGetValue(a.Batch, out var d) && d.Assessment.Cause == Cause.ServingFault;
            if (a.Action == "fallback" && !flagged.Contains(a.Batch) && !serving)
            {
                v.Add($"batch {a.Batch}: fallback with no fault flagged or assessed in the batch");
            }

            var faults = truth.Truth.FirstOrDefault(t => t.Batch == a.Batch)?.Faults ?? [];
            var live = faults.Where(f => DataFaults.Append(FaultKinds.FailureBurst).Any(k => f == k || f.StartsWith(k + ":", StringComparison.Ordinal))).ToList();
            var throughFault = d?.Rule == "serve-through-fault" && a.Reason.StartsWith("the fault goes on, but the champion answers it better", StringComparison.Ordinal);
            if (a.Action == "restore" && (flagged.Contains(a.Batch) || live.Count > 0) && !throughFault)
            {
                v.Add($"batch {a.Batch}: restore while the fault is still there ({(live.Count > 0 ? string.Join(", ", live) : "flagged faulty")})");
            }
        }
    }

    /// <summary>
    /// The daily budget: a budgeted action (retrain, promote, rollback, canary start) is taken only while fewer than
    /// guards.daily_budget were taken in the 24 hours before it. The revert of a failed recovery, and a safety action
    /// or notice a policy lists as budgeted (fallback, disable, restore, alert, escalate), count but are never
    /// blocked (docs/agent.md, docs/policy.md). The twin's clock runs one hour per batch number.
    /// </summary>
    private static void CheckBudget(ReplayResult run, Dictionary<long, List<(ActionRequest Request, AgentDecision Decision)>> requests, AgentPolicy policy, List<string> v)
    {
        var g = policy.Guards;
        var budgeted = new List<(long Batch, bool NeverHeld, string What)>();
        foreach (var a in run.Actions)
        {
            var request = requests.TryGetValue(a.Batch, out var list)
                ? list.FirstOrDefault(x => Name(x.Request.Action) == a.Action && x.Request.Reason == RequestReason(a)).Request
                : null;
            if (request is null || !g.BudgetedActions.Contains(request.Action) || request.EndsTrial)
            {
                continue;
            }

            // Safety actions and notices a policy lists as budgeted are counted but never held (docs/policy.md).
            var safety = request.Action is AgentAction.Fallback or AgentAction.Disable or AgentAction.Restore or AgentAction.Alert or AgentAction.Escalate;
            budgeted.Add((a.Batch, safety || (a.Action == "rollback" && a.Reason.StartsWith("revert:", StringComparison.Ordinal)), $"{a.Action} {a.VersionAfter}"));
        }

        for (var i = 0; i < budgeted.Count; i++)
        {
            var (b, neverHeld, what) = budgeted[i];
            var spent = budgeted.Take(i).Count(x => b - x.Batch < 24);
            if (!neverHeld && spent >= g.DailyBudget)
            {
                v.Add($"batch {b}: {what} with {spent} budgeted actions already in the last 24 hours (budget {g.DailyBudget})");
            }
        }
    }

    /// <summary>
    /// decisions.jsonl's realized metric for labeled_batch is the one predictions.csv gives that batch (answered rows
    /// with a label), and that batch's labels were visible (labeled_batch ≤ b − D of that batch). A canary batch is left out: the
    /// agent judges the champion on its own answers there, not on the served mix.
    /// </summary>
    private static void CheckRealizedMetrics(ReplayResult run, Func<long, int> delayOf, List<string> v)
    {
        var canary = run.Decisions.Where(d => d.Mode == ServingMode.Canary).Select(d => d.Batch).ToHashSet();
        foreach (var d in run.Decisions)
        {
            if (d.Metrics.LabeledBatch is not { } lb)
            {
                continue;
            }

            if (lb + delayOf(lb) > d.Batch)
            {
                v.Add($"batch {d.Batch}: labeled_batch {lb}, whose labels are not visible before batch {lb + delayOf(lb)}");
            }

            if (canary.Contains(lb))
            {
                continue;
            }

            var (reported, actual) = d.Metrics.AccuracyRealized is { } acc
                ? (acc, run.BatchAccuracy.TryGetValue(lb, out var x) ? x : double.NaN)
                : d.Metrics.MaeRealized is { } mae ? (mae, run.BatchMae.TryGetValue(lb, out var y) ? y : double.NaN) : (double.NaN, double.NaN);
            if (double.IsFinite(reported) && !(Math.Abs(reported - actual) <= 1e-9))
            {
                v.Add($"batch {d.Batch}: realized metric of batch {lb} is {reported:0.0000} in decisions.jsonl, {actual:0.0000} from predictions.csv");
            }
        }
    }

    /// <summary>All decisions, each tick's follow-ups after it.</summary>
    private static IEnumerable<AgentDecision> AllDecisions(ReplayResult run) =>
        run.Decisions.SelectMany(d => (IEnumerable<AgentDecision>)[d, .. d.FollowUps]);

    /// <summary>
    /// Cooldowns (guards.cooldown_minutes, on the twin's clock of one hour per batch number): a rule's alert, a retrain
    /// and a rollback come no sooner than their cooldown after the previous one of their kind. Not bound by them:
    /// side alerts (a slow-down or a silence, told outside the alert cooldown), challengers (they keep their own
    /// cadence and do not set the retrain cooldown) and the revert of a failed recovery (docs/policy.md).
    /// </summary>
    private static void CheckCooldowns(ReplayResult run, AgentPolicy policy, List<string> v)
    {
        var last = new Dictionary<AgentAction, long>();
        foreach (var d in AllDecisions(run))
        {
            if (d.Action is not (AgentAction.Alert or AgentAction.Retrain or AgentAction.Rollback) || d.Rule is "challenger" or "verification")
            {
                continue;
            }

            var request = d.Requests.FirstOrDefault(r => r.Action == d.Action && r.Reason == d.Reason);
            if (request is null)
            {
                continue; // reported by CheckActionsMatchRequests
            }

            if (policy.Guards.CooldownMinutes.TryGetValue(d.Action, out var minutes) && last.TryGetValue(d.Action, out var previous)
                && (d.Batch - previous) * 60 < minutes)
            {
                v.Add($"batch {d.Batch}: {Name(d.Action)} by rule {d.Rule} {d.Batch - previous} batches after the previous one, inside its {minutes} min cooldown");
            }

            last[d.Action] = d.Batch;
        }
    }

    /// <summary>
    /// An escalation that hands the incident to a person ("a person must look") stops the agent acting on it: no
    /// retrain, promotion, rollback or trial names that incident afterwards (a fallback or restore for a data fault
    /// still may). A notice ("still acting", a relapse) does not hold. One exception, `verification.retry_on_new_rows`:
    /// an incident handed over after recoveries that did no harm (candidates rejected, partial recoveries) may be
    /// retrained once more ("one more try") on a window that starts after every batch its earlier candidates learned
    /// from; what follows from that try (its promotion, a revert) may name it too.
    /// </summary>
    private static void CheckEscalationHolds(ReplayResult run, List<string> v)
    {
        var held = new Dictionary<string, (long Since, bool WithoutHarm)>(StringComparer.Ordinal);
        var learnedThrough = new Dictionary<string, long>(StringComparer.Ordinal);
        var retried = new Dictionary<string, int>(StringComparer.Ordinal); // promotions a retry may still lead to
        foreach (var d in run.Decisions)
        {
            foreach (var x in (IEnumerable<AgentDecision>)[d, .. d.FollowUps])
            {
                foreach (var r in x.Requests)
                {
                    if (r.IncidentId is { } id && held.TryGetValue(id, out var hold) && hold.Since < d.Batch
                        && r.Action is AgentAction.Retrain or AgentAction.Promote or AgentAction.Rollback or AgentAction.Canary or AgentAction.Shadow && !r.EndsTrial)
                    {
                        var freshTry = hold.WithoutHarm && r.Action == AgentAction.Retrain && r.Reason.Contains("one more try", StringComparison.Ordinal)
                            && r.FirstBatch > learnedThrough.GetValueOrDefault(id, -1);
                        if (freshTry)
                        {
                            retried[id] = 1;
                        }
                        else if (r.Action == AgentAction.Promote && retried.GetValueOrDefault(id) > 0)
                        {
                            retried[id]--; // a retry leads to one promotion at most
                        }
                        else if (!(retried.ContainsKey(id) && r.Action is AgentAction.Rollback or AgentAction.Canary or AgentAction.Shadow))
                        {
                            v.Add($"batch {d.Batch}: {Name(r.Action)} on {id}, handed to a person at batch {hold.Since}");
                        }

                        if (r.Action == AgentAction.Rollback)
                        {
                            // A retry that did harm is reverted: no more retries on that hold.
                            held[id] = (hold.Since, false);
                            retried.Remove(id);
                        }
                    }

                    if (r.Action == AgentAction.Retrain && r.IncidentId is { } trained && r.LastBatch is { } lastBatch)
                    {
                        learnedThrough[trained] = Math.Max(learnedThrough.GetValueOrDefault(trained, -1), lastBatch);
                    }
                }

                foreach (var r in x.Requests.Where(r => r.Action == AgentAction.Escalate && r.Reason.Contains("a person must look", StringComparison.Ordinal)))
                {
                    if (r.IncidentId is null)
                    {
                        v.Add($"batch {d.Batch}: escalate '{Short(r.Reason)}' hands no incident to a person");
                        continue;
                    }

                    // A later hold of the same incident keeps the first one's start; after any hold for harm (failed
                    // recoveries) no retry is allowed, and a retry allowed before must be made anew.
                    var withoutHarm = new[] { "candidates rejected", "partial recoveries", "recoveries short of the baseline" }.Any(w => r.Reason.Contains(w, StringComparison.Ordinal));
                    held[r.IncidentId] = held.TryGetValue(r.IncidentId, out var earlier) ? (earlier.Since, earlier.WithoutHarm && withoutHarm) : (d.Batch, withoutHarm);
                    retried.Remove(r.IncidentId);
                }
            }
        }
    }

    /// <summary>A verification that succeeded closes its incident as resolved in that batch (docs/agent.md, Verify).</summary>
    private static void CheckVerificationCloses(ReplayResult run, List<string> v)
    {
        var closed = run.FinalState.ClosedIncidents;
        if (closed.Count >= 16)
        {
            return; // the state keeps only the newest 16 closed incidents
        }

        foreach (var d in run.Decisions.Where(d => d.Verification is { Status: Core.Agent.Verification.VerificationStatus.Succeeded }))
        {
            if (d.Verification!.Observed is not { } seen || !double.IsFinite(seen))
            {
                v.Add($"batch {d.Batch}: the verification of the {d.Verification.Action} succeeded without an observed level");
            }

            if (!closed.Any(c => c.ClosedBatch == d.Batch && c.Outcome == "resolved"))
            {
                v.Add($"batch {d.Batch}: the verification of the {d.Verification!.Action} succeeded, but no incident was resolved then");
            }
        }
    }

    /// <summary>
    /// No silent failure: when the served answers stay clearly worse than at the start (accuracy 0.1 below the mean of
    /// the first 5 batches, or MAE 1.5 times theirs) for D + 4 batches in a row, the agent acts or tells a person
    /// (any action record) within the first D + 4 batches of that stretch. D is each batch's own: a label_delay fault
    /// holds labels back longer, and the stretch is counted from the first of its batches whose labels the agent
    /// can have seen (b + D of b, the earliest in the stretch) plus 4. A stretch that starts while an escalation
    /// hands the trouble to a person (within escalation_hold_batches of a holding escalate) is exempt: the person
    /// was told and the agent waits by design.
    /// </summary>
    private static void CheckNoSilentFailure(ReplayResult run, Func<long, int> delayOf, AgentPolicy policy, List<string> v)
    {
        var regression = run.BatchMae.Count > 0 && run.BatchAccuracy.Count == 0;
        var scores = regression ? run.BatchMae : run.BatchAccuracy;
        var ordered = scores.Keys.Order().ToList();
        if (ordered.Count < 10)
        {
            return;
        }

        var start = ordered.Take(5).Select(b => scores[b]).Average();
        bool Failing(long b) => scores.TryGetValue(b, out var x) && (regression ? x > 1.5 * start : x < start - 0.1);
        var acted = run.Actions.Select(a => a.Batch).ToHashSet();
        var holds = run.Actions.Where(a => a.Action == "escalate" && a.Reason.Contains("a person must look", StringComparison.Ordinal)).Select(a => a.Batch).ToList();
        for (var i = 0; i < ordered.Count;)
        {
            if (!Failing(ordered[i]))
            {
                i++;
                continue;
            }

            var j = i;
            while (j + 1 < ordered.Count && Failing(ordered[j + 1]) && ordered[j + 1] == ordered[j] + 1)
            {
                j++;
            }

            var (a, e) = (ordered[i], ordered[j]);
            var deadline = Enumerable.Range(0, (int)(e - a + 1)).Min(k => a + k + delayOf(a + k)) + 4;
            var need = (int)(deadline - a);
            var told = Enumerable.Range(0, need).Any(k => acted.Contains(a + k));
            var held = holds.Any(h => h <= a && a - h <= policy.Verification.EscalationHoldBatches);
            if (e >= deadline - 1 && !told && !held)
            {
                v.Add($"batches {a}..{e}: the served {(regression ? "MAE" : "accuracy")} stayed clearly worse than at the start ({start:0.000}) and no action or alert came in the first {need} of them");
            }

            i = j + 1;
        }
    }

    private static string Ranges(List<long> batches) =>
        batches.Count == 0 ? "" : batches.Count == 1 ? $"{batches[0]}" : $"{batches[0]}..{batches[^1]} ({batches.Count})";

    private static string Short(string s) => s.Length <= 90 ? s : s[..90] + "…";
}
