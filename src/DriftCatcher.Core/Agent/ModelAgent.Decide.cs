using System.Globalization;
using System.Text.Json;
using DriftCatcher.Core.Agent.Audit;
using DriftCatcher.Core.Agent.Decisions;
using DriftCatcher.Core.Agent.Messages;
using DriftCatcher.Core.Agent.Policy;
using DriftCatcher.Core.Agent.State;
using DriftCatcher.Core.Agent.Verification;
using DriftCatcher.Core.Findings;

namespace DriftCatcher.Core.Agent;

public sealed partial class ModelAgent
{
    private AgentTickResult OnTick(Tick t, AgentContext context)
    {
        var policy = context.Policy;
        // What served this batch: a trial that ends in this tick (won, lost or aborted) still served it, so the tick's
        // record keeps its mode (before, the last batch of a canary, whose rows carry the candidate in predictions.csv,
        // was recorded as served by the champion alone). Serving itself only changes once the host applies an action.
        var servedMode = CurrentMode();
        ReleaseStaleHeld(t.Batch, policy.Detection);
        var s = Assess(t.Batch, t.Time, policy);
        State.LastTickTime = t.Time;
        var decision = policy.Kind switch
        {
            PolicyKind.None => BaseDecision(t.Batch, t.Time, s) with
            {
                Action = AgentAction.None,
                Reason = "policy 'none' observes and never acts",
            },
            PolicyKind.Periodic => PeriodicDecision(t, s, policy),
            _ => RulesDecision(t, s, context),
        };
        State.Window.NewlyLabeledBatch = null;
        State.Window.LabelsSinceTick = 0;
        State.Window.UnmatchedSinceTick = 0;
        State.Window.RespelledSinceTick.Clear();
        State.Window.LabelFaultsSinceTick.Clear();
        State.Window.ForgottenRows = 0;
        State.Window.ForgottenFirstBatch = State.Window.ForgottenLastBatch = -1;
        State.Drift.ErrorChange = false;
        decision = decision with { Mode = servedMode };
        return new AgentTickResult(decision, decision.Requests);
    }

    private AgentDecision PeriodicDecision(Tick t, TickSignals s, AgentPolicy policy)
    {
        var baseDecision = BaseDecision(t.Batch, t.Time, s);
        var memory = State.Memory;
        var due = memory.LastPeriodicBatch < 0 || t.Batch - memory.LastPeriodicBatch >= policy.PeriodicEvery;
        if (!due || memory.OutstandingRetrain is not null)
        {
            return baseDecision with { Reason = $"periodic: next retrain {policy.PeriodicEvery} batches after the last" };
        }

        // The baseline trains on the newest labeled batches as they are: it does not know about faults.
        var labeled = State.Window.Batches.Where(b => b.Labeled > 0).TakeLast(policy.Retrain.WindowBatches).ToList();
        if (labeled.Count == 0)
        {
            return baseDecision with { Reason = "periodic: no labeled data yet" };
        }

        memory.LastPeriodicBatch = t.Batch;
        var request = new ActionRequest(NextRequestId(), AgentAction.Retrain, $"periodic retrain every {policy.PeriodicEvery} batches")
        {
            FirstBatch = labeled[0].Batch,
            LastBatch = labeled[^1].Batch,
            ExcludedBatches = Gaps(labeled, labeled[0].Batch, labeled[^1].Batch),
            Risk = RiskOf(policy, AgentAction.Retrain),
        };
        memory.OutstandingRetrain = request;
        return baseDecision with { Rule = "periodic", Action = AgentAction.Retrain, Reason = request.Reason, Requests = [request] };
    }

    private AgentDecision RulesDecision(Tick t, TickSignals s, AgentContext context)
    {
        var side = new List<ActionRequest>();
        var decision = RulesDecisionCore(t, s, context, side);
        SideAlerts(s, decision, context.Policy, side);
        if (State.Trial is { } trial && decision.Requests.Any(r => r.Action is AgentAction.Rollback or AgentAction.Fallback or AgentAction.Disable))
        {
            // Serving moves away from the champion: the trial cannot go on.
            side.Add(EndTrial(trial, $"abort the {Name(trial.Kind)} of {trial.Candidate}: serving changes ({Name(decision.Action)})", context.Policy));
        }

        return side.Count == 0 ? decision : decision with { Requests = [.. side, .. decision.Requests] };
    }

    private AgentDecision RulesDecisionCore(Tick t, TickSignals s, AgentContext context, List<ActionRequest> side)
    {
        var policy = context.Policy;
        var alternatives = new List<Alternative>();
        var incident = State.Incident;

        if (incident is { Status: "escalated" } && incident.HoldUntilBatch >= 0 && t.Batch > incident.HoldUntilBatch
            && State.Trial is null && State.Verification is null)
        {
            CloseIncident(t.Batch, "expired");
            State.Memory.ConsecutiveFailedRecoveries = 0;
            incident = null;
        }

        NoteRelapse(t, s, policy, side);
        NoteLastingFault(t, s, policy, side);
        ReviewServingThroughFault(t, s, policy);
        ExpireApprovals(t.Batch, policy, alternatives);

        // 1. A corrective action under verification may have reached its verdict.
        VerificationReport? report = null;
        if (State.Verification is not null)
        {
            var (verdict, requests, reason) = Verify(t, s, policy);
            report = verdict;
            if (verdict.Status != VerificationStatus.Pending && State.Incident is { HoldUntilBatch: >= 0 } held && held.Status != "escalated")
            {
                // A verdict during a hold (a retry_on_new_rows retry, or a restore) that did not close the incident goes
                // back to the person on the same hold, told nothing new; a failed recovery ends the retries.
                held.Status = "escalated";
                if (held.HeldWithoutHarm && held.FailedRecoveries > 0)
                {
                    held.HeldWithoutHarm = false;
                    Timeline(held, t.Batch, "a recovery during the hold failed: held for the person, no more retries");
                }
            }

            if (requests.Count > 0 || verdict.Status != VerificationStatus.Pending)
            {
                var action = requests.Count > 0 ? requests[0].Action : AgentAction.None;
                if (requests.Count == 0 && State.Incident is null && s.Assessment.Cause == Cause.None)
                {
                    return Finish(t, s, "verification", AgentAction.None, reason, alternatives, [], verdict, incidentId: incident?.Id);
                }

                if (requests.Count > 0 && requests.All(r => r.Action == AgentAction.Escalate) && State.Incident is { Status: "open" })
                {
                    // Only a notice that the concept keeps moving (no hold): tell the person and let the rules act
                    // in this same tick instead of a batch later.
                    side.AddRange(requests);
                }
                else if (requests.Count > 0)
                {
                    return Finish(t, s, "verification", action, reason, alternatives, requests, verdict, incidentId: incident?.Id);
                }
            }
        }

        // 1b. A candidate on trial (shadow or canary) may have reached its verdict, or must be aborted.
        if (TrialStep(t, s, policy, side, alternatives, report) is { } trialDecision)
        {
            return trialDecision;
        }

        // 2. Undo a fallback or disable once its fault has cleared.
        if (State.Mode is ServingMode.Fallback or ServingMode.Disabled)
        {
            var cleared = !s.QualityFault && !s.ServingFault && State.Memory.CleanStreak >= CleanBatchesBeforeRestore(State.Memory);
            if (cleared)
            {
                var restore = Request(AgentAction.Restore, policy, "the fault has cleared: serve the champion again") with { TargetVersion = State.Versions.Champion, IncidentId = State.Incident?.Id };
                var blocked = Guard(restore.Action, t.Time, policy);
                if (blocked is null)
                {
                    return Act(t, s, "restore-when-clear", restore, alternatives, report, policy);
                }

                alternatives.Add(new Alternative(AgentAction.Restore, blocked));
            }
            else if (NarrowFallback(t, s, policy, alternatives, report) is { } narrowed)
            {
                return narrowed;
            }
            else if (ServeThroughFault(t, s, policy, alternatives, report) is { } through)
            {
                return through;
            }
        }

        // 3. A recovery trained on little data is retrained once enough post-change labels are in.
        // It goes on through an incident of moved inputs that asked only for an alert (InputsMovedOnly).
        var inputsOnly = InputsMovedOnly(s, policy, PurposeConsolidate);
        if (State.Memory.ConsolidateFromBatch is { } from && (State.Incident is null || inputsOnly) && State.Verification is null
            && State.Memory.OutstandingRetrain is null && State.Mode == ServingMode.Champion && (s.Assessment.Cause == Cause.None || inputsOnly))
        {
            // Counted past the newest fault: the window never reaches back across one, so batches before it would
            // not be in it (a fault in between sent it out on 4 of the 6 batches it waited for, never to come again).
            var since = State.Window.Batches.Where(IsFaulty).Select(b => b.Batch + 1).Append(from).Max();
            var ready = State.Window.Batches.Count(b => b.Batch >= since && b.Labeled > 0 && !IsFaulty(b)) >= policy.Retrain.WindowBatches;
            if (ready && Guard(AgentAction.Retrain, t.Time, policy) is null)
            {
                State.Memory.ConsolidateFromBatch = null;
                var consolidate = RetrainWindow(Request(AgentAction.Retrain, policy, $"consolidate: the recovery model learned from {State.Versions.ChampionRows} rows; retrain on the {policy.Retrain.WindowBatches} labeled batches since the change"), new TickSignals { ChangeBatch = from }, policy, followUp: true);
                return Act(t, s, "consolidate-after-recovery", consolidate, alternatives, report, policy, followUp: true);
            }
        }

        // 3b. After a verified recovery from drift, challengers are trained and shadowed every few batches.
        if (ChallengerStep(t, s, policy, alternatives, report) is { } challengerDecision)
        {
            return challengerDecision;
        }

        // 4. Incidents open on a sustained problem, change cause when a more urgent one appears, close when it goes away.
        incident = TrackIncident(t, s, policy);
        var a = s.Assessment;

        // 5. Custom rules first, then the declarative rules in order.
        foreach (var custom in context.CustomRules)
        {
            var outcome = custom.Evaluate(State, a);
            if (outcome is null || outcome.Action == AgentAction.None)
            {
                continue;
            }

            var why = Blocked(outcome.Action, t, s, policy);
            if (why is null)
            {
                return Act(t, s, custom.Id, WithRetryNote(BuildRequest(outcome.Action, outcome.Reason, s, policy), policy), alternatives, report, policy);
            }

            alternatives.Add(new Alternative(outcome.Action, $"custom rule '{custom.Id}': {why}"));
            if (a.Persistent)
            {
                NoteBudgetBlock(t, outcome.Action, why, policy, side);
            }
        }

        foreach (var rule in policy.Rules)
        {
            if (rule.Cause != a.Cause || a.Severity < rule.MinSeverity || (rule.Persistent && !a.Persistent)
                || (rule.PerformanceDrop is { } drop && drop != a.PerformanceDrop))
            {
                continue;
            }

            if (rule.Action == AgentAction.None)
            {
                return Finish(t, s, rule.Id, AgentAction.None, WithEvidence(rule.Description, s, t.Batch, policy.Detection), alternatives, [], report, incident?.Id);
            }

            var why = Blocked(rule.Action, t, s, policy);
            if (why is not null)
            {
                alternatives.Add(new Alternative(rule.Action, $"rule '{rule.Id}': {why}"));
                if (a.Persistent)
                {
                    NoteBudgetBlock(t, rule.Action, why, policy, side);
                }

                continue;
            }

            var request = WithRetryNote(BuildRequest(rule.Action, WithEvidence(rule.Description, s, t.Batch, policy.Detection), s, policy), policy);
            alternatives.AddRange(StandardAlternatives(a, rule.Action, s));
            return Act(t, s, rule.Id, request, alternatives, report, policy);
        }

        if (a.Cause != Cause.None && a.Severity == Severity.Info)
        {
            alternatives.Add(new Alternative(AgentAction.Alert, a.Persistent ? "severity info: below the rules' threshold" : SpikeReason(s, policy.Detection)));
        }

        var idle = a.Cause == Cause.None ? IdleReason()
            : alternatives.Count > 0 ? "no allowed action: keep monitoring"
            : "no rule fired: keep monitoring";
        return Finish(t, s, null, AgentAction.None, idle, alternatives, [], report, incident?.Id);
    }

    /// <summary>
    /// The reason of a tick with nothing to assess. While an action is verified, the labels that arrive first are of
    /// batches served before it: the record shows their accuracy (0.48 against a baseline of 0.94 on agrawal-concept
    /// at D = 10, for ten batches), which says nothing of the new version, and "healthy" beside it read as a verdict.
    /// </summary>
    private string IdleReason()
    {
        if (State.Verification is not { } v || State.Window.NewlyLabeledBatch is not { } lb || lb > v.ActionBatch)
        {
            return "healthy: keep monitoring";
        }

        var served = State.Window.Batches.Find(b => b.Batch == lb)?.ServedVersion;
        var of = string.IsNullOrEmpty(served) ? "" : $" of {served}";
        return $"keep monitoring: the labels of batch {lb.ToString(CultureInfo.InvariantCulture)} are{of}, served before the {Name(v.Action)} at batch {v.ActionBatch.ToString(CultureInfo.InvariantCulture)}; {v.VersionAfter} is judged on its own labeled batches";
    }

    /// <summary>Why <paramref name="action"/> may not be taken now, or null when it may.</summary>
    private string? Blocked(AgentAction action, Tick t, TickSignals s, AgentPolicy policy)
    {
        var incident = State.Incident;
        var corrective = action is AgentAction.Retrain or AgentAction.Rollback or AgentAction.Fallback or AgentAction.Disable;
        if (incident is { Status: "escalated" } && !(action == AgentAction.Fallback && s.QualityFault)
            && !(action == AgentAction.Retrain && RetryOnNewRows(policy) is not null))
        {
            return $"incident {incident.Id} is escalated: waiting for a person";
        }

        if (corrective && State.Verification is { } v && !(action == AgentAction.Fallback && (s.QualityFault || s.ServingFault)))
        {
            return $"waiting for the verification of the {Name(v.Action)} after batch {v.ActionBatch}";
        }

        if (corrective && State.Memory.OutstandingRetrain is { } r && action == AgentAction.Retrain)
        {
            return $"retrain {r.RequestId} is still running";
        }

        if (action == AgentAction.Retrain && State.Trial is { } trial)
        {
            return trial.Running
                ? $"the {Name(trial.Kind)} trial of {trial.Candidate} is still running"
                : $"the {Name(trial.Kind)} of {trial.Candidate} waits for approval";
        }

        switch (action)
        {
            case AgentAction.Alert when incident is not null && incident.Tried.Contains(Name(AgentAction.Alert)):
                return $"already alerted for {incident.Id}";
            case AgentAction.Alert when s.Assessment.Cause == Cause.ServingFault && !s.ServingFault && State.Memory.SlowDownTold:
                // Told beside the rules (see SideAlerts) in another incident: the same slow-down is not told twice.
                return "this slow-down was already told";
            case AgentAction.Alert when s.Assessment.Cause == Cause.ArrivalGap && State.Memory.SilenceTold:
                return "this silence in the data was already told";
            case AgentAction.Retrain:
                if (CleanLabeledRows() < policy.Detection.MinLabels)
                {
                    return "no clean labeled data to train on yet";
                }

                break;
            case AgentAction.Rollback:
                if (State.Versions.LastKnownGood is not { } lkg || lkg == State.Versions.Champion)
                {
                    return "no last known good version other than the champion";
                }

                break;
            case AgentAction.Fallback or AgentAction.Disable:
                if (State.Memory.PendingApprovals.Any(p => p.Request.Action == action))
                {
                    return $"a {Name(action)} already waits for approval";
                }

                if (action == AgentAction.Fallback && ServingThroughFault(s) is { } through)
                {
                    return through;
                }

                if (action == AgentAction.Fallback && State.Mode == ServingMode.Fallback && NewFaultyFeatures().Count > 0)
                {
                    // A second fault on a feature the serving fallback reads: a new fallback without either.
                    break;
                }

                if (State.Mode != ServingMode.Champion)
                {
                    return $"already serving in {Name(State.Mode)} mode";
                }

                break;
        }

        return Guard(action, t.Time, policy);
    }

    /// <summary>
    /// Cooldowns and the daily budget. Safety actions (fallback, disable, restore) and notices (alert, escalate)
    /// never wait for the budget, even when a policy lists them in <c>budgeted_actions</c> (they are counted, so they
    /// still leave less for retrains): a listed restore kept a fallback serving for 24 hours after its fault cleared,
    /// and a listed alert left a data fault untold. A fallback or disable never waits for a cooldown either: the
    /// champion would serve the broken inputs meanwhile.
    /// </summary>
    private string? Guard(AgentAction action, DateTimeOffset now, AgentPolicy policy)
    {
        var g = policy.Guards;
        if (action is AgentAction.Fallback or AgentAction.Disable)
        {
            return null;
        }

        if (Cooldown(action, now, policy) is { } cooling)
        {
            return cooling;
        }

        if (g.BudgetedActions.Contains(action) && action is not (AgentAction.Restore or AgentAction.Alert or AgentAction.Escalate))
        {
            var spent = BudgetSpentToday(now);
            if (spent >= g.DailyBudget)
            {
                return $"{BudgetReason} {g.DailyBudget} actions spent";
            }

            // A retrain's model can only serve through a promote, and under a trial promotion through its trial first:
            // a retrain the budget leaves no room for them trains a candidate that is thrown away (or, won on trial,
            // keeps a canary running beside a failing champion) and takes the slots they needed.
            if (action == AgentAction.Retrain && RetrainPath(policy) is { Count: > 0 } path && (long)spent + 1 + path.Count > g.DailyBudget)
            {
                return $"{BudgetReason} {g.DailyBudget} actions: {spent} spent in the last 24 hours leave no room for the {string.Join(" and the ", path.Select(Name))} a retrain needs";
            }
        }

        return null;
    }

    /// <summary>The action's cooldown (<c>guards.cooldown_minutes</c>) when it has not passed since the last one; else null.</summary>
    private string? Cooldown(AgentAction action, DateTimeOffset now, AgentPolicy policy) =>
        policy.Guards.CooldownMinutes.TryGetValue(action, out var minutes) && minutes > 0
        && State.Memory.LastAction.TryGetValue(Name(action), out var last) && now - last < TimeSpan.FromMinutes(minutes)
            ? $"cooldown: last {Name(action)} at {last:O}, {minutes.ToString(CultureInfo.InvariantCulture)} min cooldown"
            : null;

    /// <summary>
    /// The budgeted actions a retrain's candidate needs to serve after the retrain itself: its trial when the policy
    /// names one (<c>retrain.promotion</c> shadow or canary; classifiers only), then its promote.
    /// </summary>
    private List<AgentAction> RetrainPath(AgentPolicy policy)
    {
        var trial = IsRegression ? AgentAction.None : policy.Retrain.Promotion switch
        {
            "canary" => AgentAction.Canary,
            "shadow" => AgentAction.Shadow,
            _ => AgentAction.None,
        };
        return [.. new[] { trial, AgentAction.Promote }.Where(a => a != AgentAction.None && policy.Guards.BudgetedActions.Contains(a))];
    }

    /// <summary>How every budget refusal starts (<see cref="Guard"/>): the rules tell a person when it holds an incident back.</summary>
    private const string BudgetReason = "daily budget of";

    private int BudgetSpentToday(DateTimeOffset now) => State.Memory.BudgetSpent.Count(x => now - x < TimeSpan.FromDays(1));

    /// <summary>
    /// The daily budget holds back a corrective action of an open incident: a person is told once per incident and
    /// action kind (a notice, no hold: the agent acts again when the budget frees), with the time the oldest spend
    /// expires. Per kind: when the cause changes and the budget holds another action (a retrain where a rollback was
    /// held), what a person was told no longer says what will run, nor when; at most four notices an incident.
    /// </summary>
    private void NoteBudgetBlock(Tick t, AgentAction action, string why, AgentPolicy policy, List<ActionRequest> side)
    {
        if (State.Incident is not { } incident || incident.BudgetToldActions.Contains(Name(action)) || !why.StartsWith(BudgetReason, StringComparison.Ordinal)
            || action is not (AgentAction.Retrain or AgentAction.Promote or AgentAction.Rollback or AgentAction.Canary))
        {
            return;
        }

        incident.BudgetToldActions.Add(Name(action));

        // A retrain needs slots for its trial and promote too (see Guard): it waits until that many spends have
        // expired, and a budget smaller than that never lets it start.
        var g = policy.Guards;
        var path = action == AgentAction.Retrain ? RetrainPath(policy) : [];
        var need = 1 + path.Count;
        string when;
        if (g.DailyBudget < need)
        {
            var what = path.Count > 0 ? $"retrain and its {string.Join(" and ", path.Select(Name))}" : Name(action);
            when = $"a daily budget of {g.DailyBudget} can never hold a {what}: a person must act (or raise guards.daily_budget)";
        }
        else
        {
            var spends = State.Memory.BudgetSpent.Where(x => t.Time - x < TimeSpan.FromDays(1)).Order().ToList();
            var expire = spends.Count - (g.DailyBudget - need);
            var frees = (expire > 0 ? spends[expire - 1] : t.Time) + TimeSpan.FromDays(1);
            when = $"the budget frees a slot at {frees.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC, a person may act sooner";
        }

        var line = $"the {Name(action)} of incident {incident.Id} ({Name(incident.Cause)}) is held back: {why}; {when}";
        Timeline(incident, t.Batch, $"the daily budget holds the {Name(action)} back: a person was told");
        side.Add(Request(AgentAction.Escalate, policy, line) with { IncidentId = incident.Id });
    }

    /// <param name="followUp">
    /// A consolidation, a challenger or their promotion: what follows a verified recovery is no incident's recovery, and is
    /// not attached to one that is open (moved inputs that asked only for an alert, see InputsMovedOnly).
    /// </param>
    private AgentDecision Act(Tick t, TickSignals s, string rule, ActionRequest request, List<Alternative> alternatives, VerificationReport? report, AgentPolicy policy, bool followUp = false)
    {
        var incident = followUp ? null : State.Incident;
        request = request with { IncidentId = incident?.Id };
        var waits = NeedsApproval(request, policy);
        if (waits)
        {
            // Only the cooldown starts: the budget counts what is done, and a request a person never approves is not.
            State.Memory.LastAction[Name(request.Action)] = t.Time;
        }
        else
        {
            Spend(request.Action, t.Time, policy);
        }

        if (incident is not null)
        {
            incident.Tried.Add(Name(request.Action));
            TrimFront(incident.Tried, MaxTimeline);
            Timeline(incident, t.Batch, $"{Name(request.Action)} by rule {rule}");
        }

        if (request.Action == AgentAction.Retrain)
        {
            State.Memory.RetrainPurpose = PurposeOf(rule);
        }

        if (request.Action == AgentAction.Fallback)
        {
            State.Memory.FallbackRequest = request;
        }

        if (waits)
        {
            var replaced = WaitForApproval(request, t.Batch, t.Time);
            return Finish(t, s, rule, AgentAction.PendingApproval, $"{Name(request.Action)} ({request.Risk} risk) waits for approval{replaced}: {request.Reason}", alternatives, [], report, incident?.Id)
                with { Requests = [] };
        }

        if (request.Action == AgentAction.Retrain)
        {
            State.Memory.OutstandingRetrain = request;
        }

        if (request.Action == AgentAction.Escalate && incident is not null)
        {
            Escalate(incident, t.Batch, policy);
        }

        return Finish(t, s, rule, request.Action, request.Reason, alternatives, [request], report, incident?.Id);
    }

    /// <summary>
    /// A fault back in the very first batch after a restore is a relapse: the fault comes and goes, or the champion
    /// itself learned from faulty data (a model trained on a shrunken column calls the clean column out of range),
    /// so restoring it only brings the fault back. From the second relapse in a row on, each doubles the clean
    /// batches the fallback waits before the next restore; the second tells a person. A clean first batch ends the run.
    /// </summary>
    private void NoteRelapse(Tick t, TickSignals s, AgentPolicy policy, List<ActionRequest> side)
    {
        var memory = State.Memory;
        if (memory.LastRestoreBatch < 0 || t.Batch != memory.LastRestoreBatch + 1)
        {
            return;
        }

        if (!s.QualityFault && !s.ServingFault)
        {
            memory.Relapses = 0;
            return;
        }

        memory.Relapses++;
        if (memory.Relapses == 2)
        {
            side.Add(Request(AgentAction.Escalate, policy,
                $"the fault came back in the first batch after each of the last {memory.Relapses} restores: the feed fails on and off, or the champion learned from faulty data; "
                + $"the fallback now waits {CleanBatchesBeforeRestore(memory)} clean batches before each restore, a person should look") with { IncidentId = State.Incident?.Id });
        }
    }

    /// <summary>
    /// A data fault in <c>lasting_fault_batches</c> batches in a row is told to a person once, until a clean batch:
    /// the fallback (or the champion serving through) holds the line, but nothing is ever trained on the faulty rows,
    /// so if the new values are the world's and not a broken feed, the model can only follow once a person says so.
    /// </summary>
    private void NoteLastingFault(Tick t, TickSignals s, AgentPolicy policy, List<ActionRequest> side)
    {
        // The run is kept by the batches observed (a timer tick between them has no batch and ends nothing; a batch
        // whose labels were respelled is no data fault); it is told at a tick of its newest faulty batch.
        var memory = State.Memory;
        var need = policy.Verification.LastingFaultBatches;
        var first = memory.FaultRunStart;
        if (need <= 0 || memory.LastingFaultTold || first < 0 || !s.QualityFault || s.Current is null)
        {
            return;
        }

        var streak = s.Current.Batch - first + 1;
        if (streak < need)
        {
            return;
        }

        memory.LastingFaultTold = true;
        var columns = memory.FaultyFeatures.Count == 0 ? "the data" : string.Join(", ", memory.FaultyFeatures.Select(f => $"'{f}'"));
        var serving = State.Mode switch
        {
            ServingMode.Fallback => $"the fallback {State.Versions.Fallback} serves without it",
            ServingMode.Disabled => "predictions stay disabled",
            _ => $"{State.Versions.Champion} serves on",
        };
        side.Add(Request(AgentAction.Escalate, policy,
            $"the fault in {columns} has lasted {streak} batches in a row (since batch {first}): {serving}, and no model learns from rows flagged faulty; "
            + "fix the feed, or, if these values are right, retrain on them by hand") with { IncidentId = State.Incident?.Id });
    }

    /// <summary>Ticks with faulty regression labels in one told episode after which a person is asked to decide.</summary>
    private const int LabelFaultEscalateTicks = 12;

    /// <summary>
    /// A slow-down or a silence in the data is told to a person once per episode, also while another cause holds
    /// the incident (its one alert spent, or the assessment on drift): operations need to hear of it either way.
    /// When the signal is the assessed cause, the policy's rules decide (a policy without the alert rule sends
    /// none), unless they held their alert back (the cooldown, or the incident alerted for another cause): then
    /// it is told here. Outside the alert cooldown, so it never holds back the alert of the model's own trouble. An
    /// episode ends after <c>clear_after</c> batches without the signal; a tick without new data changes nothing.
    /// Labels are data too: a tick with labels but no new batch judges the label join (a feed that posts between
    /// batches, or goes on after the predictions stopped, is told at its second tick without a join).
    /// </summary>
    private void SideAlerts(TickSignals s, AgentDecision decision, AgentPolicy policy, List<ActionRequest> side)
    {
        if (s.Current is null && State.Window.LabelsSinceTick == 0)
        {
            return;
        }

        var memory = State.Memory;
        var d = policy.Detection;
        if (s.Current is not null)
        {
            (memory.SlowDownTold, memory.SlowDownQuiet, memory.SlowDownToldTime) = Episode(
                s.LatencyHigh && !s.ServingFault, Cause.ServingFault, memory.SlowDownTold, memory.SlowDownQuiet, memory.SlowDownToldTime,
                "Serving is much slower than usual: tell a person; the model is not the problem, nothing moves.", () => ServingEvidence(s, d));
            (memory.SilenceTold, memory.SilenceQuiet, memory.SilenceToldTime) = Episode(
                s.ArrivalGap, Cause.ArrivalGap, memory.SilenceTold, memory.SilenceQuiet, memory.SilenceToldTime,
                "Data stopped arriving or arrives late: tell a person.", () => SilenceEvidence(s, d));
        }

        (memory.LabelsTold, memory.LabelsQuiet, memory.LabelsToldTime) = Episode(
            s.LabelsUnjoined, null, memory.LabelsTold, memory.LabelsQuiet, memory.LabelsToldTime,
            "Labels cannot be joined to their predictions, so realized performance goes unmeasured: tell a person.", LabelJoinEvidence);
        (memory.RespelledTold, memory.RespelledQuiet, memory.RespelledToldTime) = Episode(
            s.LabelsRespelled, null, memory.RespelledTold, memory.RespelledQuiet, memory.RespelledToldTime,
            "Labels arrive spelt differently from a class the model knows: a data-quality fault upstream, in the labels, not a new class or drift; "
            + "their batches are left out of realized performance and training until the spelling is fixed: tell a person.", RespelledEvidence);
        // Labels that fail the check on and off (a flag near its line on small batches) are one trouble within a day:
        // told once, and escalated once (a probe: 27 alerts in 140 ten-row batches).
        var swapped = State.Window.LabelFaultsSinceTick.Exists(f => f.Code == Quality.QualityCodes.SwappedClasses);
        var renamed = !swapped && State.Window.LabelFaultsSinceTick.Exists(f => f.Code == Quality.QualityCodes.RenamedClass);
        var toldToday = memory.LabelFaultToldTime is { } lastTold && decision.Time - lastTold < TimeSpan.FromDays(1);
        if (s.LabelsFaulty && !memory.LabelFaultTold && toldToday)
        {
            (memory.LabelFaultTold, memory.LabelFaultQuiet) = (true, 0);
        }

        (memory.LabelFaultTold, memory.LabelFaultQuiet, memory.LabelFaultToldTime) = Episode(
            s.LabelsFaulty, null, memory.LabelFaultTold, memory.LabelFaultQuiet, memory.LabelFaultToldTime,
            (IsRegression
                ? "Labels arrive with values the labels the model was trained on rule out: a data-quality fault upstream, in the labels, not drift; "
                : swapped
                ? "Labels disagree with the model, on inputs it knows, as they would if classes had exchanged names, and agree with it once they are read that way: "
                  + "a label feed that swapped classes, a data-quality fault upstream, not drift; "
                : renamed
                ? "Labels name a class the model never saw on rows it calls a class it knows, and agree with it once that name is read as the known class: "
                  + "a label feed that renamed a class, a data-quality fault upstream, not a new class or drift; "
                : "Labels arrive all of one class while the model, on inputs it knows, answers many of those rows otherwise as it never used to: "
                  + "a label feed stuck on one class, a data-quality fault upstream, not drift; ")
            + "their batches are left out of realized performance and training until the feed is fixed: tell a person.", LabelFaultEvidence);
        memory.LabelFaultTicks = !memory.LabelFaultTold && !toldToday ? 0 : memory.LabelFaultTicks + (s.LabelsFaulty ? 1 : 0);
        if (s.LabelsFaulty && memory.LabelFaultTicks == LabelFaultEscalateTicks)
        {
            // A feed that went on in other units for good would otherwise leave the model unjudged without a second word.
            side.Add(Request(AgentAction.Escalate, policy,
                $"Labels have failed the label check at {LabelFaultEscalateTicks.ToString(CultureInfo.InvariantCulture)} ticks since a person was told, and none of them is used: "
                + (IsRegression
                    ? "if the feed changed units for good, a person must decide (fix the feed, or retrain on labels in the new units); until then the model goes unjudged. "
                    : swapped
                    ? "if the classes really traded places, a person must decide (fix the feed, or retrain on these labels by hand); until then the model goes unjudged. "
                    : renamed
                    ? "if the class was renamed for good, a person must decide (fix the feed, or map the new name to the class); until then the model goes unjudged. "
                    : "if the world is one class now, a person must decide (fix the feed, or retrain on these labels by hand); until then the model goes unjudged. ")
                + $"Evidence: {LabelFaultEvidence()}."));
        }

        (bool Told, int Quiet, DateTimeOffset? Time) Episode(bool active, Cause? cause, bool told, int quiet, DateTimeOffset? toldTime, string description, Func<string> evidence)
        {
            if (!active)
            {
                return told && quiet + 1 < d.ClearAfter ? (true, quiet + 1, toldTime) : (false, 0, toldTime);
            }

            if (told)
            {
                return (true, 0, toldTime);
            }

            var assessed = cause is { } c && s.Assessment.Cause == c;
            if (assessed && (decision.Action == AgentAction.PendingApproval || decision.Requests.Any(r => r.Action == AgentAction.Alert)))
            {
                return (true, 0, decision.Time); // the rules told it
            }

            if (assessed && decision.Rule is "verification" or "trial" or "restore-when-clear" or "narrow-fallback" or "consolidate-after-recovery" or "challenger")
            {
                return (false, 0, toldTime); // decided before the rules ran (a restore, a verdict): they answer it next tick
            }

            // The rules' alert was held back (the alert cooldown, or an incident of another cause that already
            // alerted): it goes out here, or it would never be told. Not when the cooldown holds it because the
            // same kind of trouble was told within it (a slow-down that flickered across the factor).
            var heldBack = assessed && decision.Alternatives.Any(a => a.Action == AgentAction.Alert);
            var toldRecently = toldTime is { } last && policy.Guards.CooldownMinutes.TryGetValue(AgentAction.Alert, out var minutes)
                && decision.Time - last < TimeSpan.FromMinutes(minutes);
            if (assessed && (!heldBack || toldRecently))
            {
                return (true, 0, toldTime); // the rules answered it as the assessed cause (a policy without the alert rule sends none)
            }

            var alert = Request(AgentAction.Alert, policy, $"{description} Evidence: {evidence()}.");
            if (NeedsApproval(alert, policy))
            {
                WaitForApproval(alert, decision.Batch, decision.Time);
            }
            else
            {
                side.Add(alert);
            }

            if (assessed && State.Incident is { } incident && !incident.Tried.Contains(Name(AgentAction.Alert)))
            {
                // The incident is about this now: its rule must not tell it again once the cooldown has passed.
                incident.Tried.Add(Name(AgentAction.Alert));
                Timeline(incident, decision.Batch, $"alert: {Name(s.Assessment.Cause)} told beside the rules (their alert was held back)");
            }

            return (true, 0, decision.Time);
        }
    }

    /// <summary>
    /// One of two faults has cleared: the serving fallback leaves out features that are clean again. After as many
    /// batches as a restore waits for, a fallback without only the features still faulty serves instead (it reads
    /// more of the inputs, so it answers better); the last fault's clearing restores the champion as before.
    /// </summary>
    private AgentDecision? NarrowFallback(Tick t, TickSignals s, AgentPolicy policy, List<Alternative> alternatives, VerificationReport? report)
    {
        var memory = State.Memory;
        if (State.Mode != ServingMode.Fallback || !s.QualityFault || s.ServingFault || memory.NarrowStreak < NarrowWait(memory)
            || memory.PendingApprovals.Any(p => p.Request.Action == AgentAction.Fallback))
        {
            return null;
        }

        var still = memory.FaultyFeatures.Order(StringComparer.Ordinal).ToList();
        if (memory.NarrowRefused is { } refused && refused.Order(StringComparer.Ordinal).SequenceEqual(still, StringComparer.Ordinal))
        {
            return null; // the host has no such fallback (see OnActionApplied): the wider one serves on
        }

        if (Cooldown(AgentAction.Fallback, t.Time, policy) is { } blocked)
        {
            // Not a safety action (the serving fallback is safe): a fallback cooldown holds it, which Guard lets every
            // fallback for a fault through.
            alternatives.Add(new Alternative(AgentAction.Fallback, $"narrow the fallback: {blocked}"));
            return null;
        }

        var cleared = memory.FallbackExcludes.Except(still, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var narrow = Request(AgentAction.Fallback, policy,
            $"narrow the fallback: {string.Join(", ", cleared)} clean again for {memory.NarrowStreak} batch(es), {string.Join(", ", still)} still faulty: serve a fallback without only {string.Join(", ", still)}")
            with { ExcludedFeatures = still, IncidentId = State.Incident?.Id };
        memory.NarrowStreak = 0;
        memory.LastNarrowBatch = t.Batch;
        return Act(t, s, "narrow-fallback", narrow, alternatives, report, policy);
    }

    /// <summary>Faulty batches in a row a narrowing waits for: as a restore does, doubled by each narrowing relapse in a row (up to 32).</summary>
    private static int NarrowWait(PolicyMemory memory) =>
        Math.Min(32, CleanBatchesBeforeRestore(memory) << Math.Min(memory.NarrowRelapses, 5));

    /// <summary>
    /// The first batch after a narrowing: a cleared feature faulty again at once is a relapse (the fault flickers),
    /// which doubles the wait before the next narrowing; a first batch the narrowed fallback covers ends the run.
    /// </summary>
    private void NoteNarrowRelapse(long batch, List<string> faultyFeatures)
    {
        var memory = State.Memory;
        if (memory.LastNarrowBatch < 0 || batch != memory.LastNarrowBatch + 1)
        {
            return;
        }

        var back = faultyFeatures.Exists(f => !memory.FallbackExcludes.Contains(f, StringComparer.Ordinal));
        memory.NarrowRelapses = back ? memory.NarrowRelapses + 1 : 0;
    }

    /// <summary>Features of the current data fault that the serving fallback still reads.</summary>
    private List<string> NewFaultyFeatures() =>
        [.. State.Memory.FaultyFeatures.Except(State.Memory.FallbackExcludes, StringComparer.Ordinal)];

    /// <summary>One clean batch; from the second relapse in a row on, 2, 4, … at most 32 (one relapse may be a new fault that happened to start then).</summary>
    private static int CleanBatchesBeforeRestore(PolicyMemory memory) => memory.Relapses < 2 ? 1 : 1 << Math.Min(memory.Relapses - 1, 5);

    private AgentDecision Finish(Tick t, TickSignals s, string? rule, AgentAction action, string reason, List<Alternative> alternatives, IReadOnlyList<ActionRequest> requests, VerificationReport? report, string? incidentId) =>
        BaseDecision(t.Batch, t.Time, s) with
        {
            Rule = rule,
            Action = action,
            Reason = reason,
            Alternatives = [.. alternatives],
            Requests = requests,
            Verification = report ?? BaseDecision(t.Batch, t.Time, s).Verification,
            IncidentId = State.Incident?.Id ?? incidentId,
        };

    /// <summary>
    /// A recovery from a drop (concept drift, moved inputs, a new region) also asks the host to score up to
    /// <c>retrain.recall_versions</c> earlier versions (those that served when an earlier drift incident opened; never the
    /// champion or a fallback) on the held-out rows since the change: when a concept comes back, the version that learned it
    /// answers it better than a model of the blend.
    /// </summary>
    private ActionRequest Recall(ActionRequest request, TickSignals s, AgentPolicy policy)
    {
        if (policy.Retrain.RecallVersions <= 0 || State.Incident is not { Cause: Cause.ConceptDrift or Cause.CovariateDrift or Cause.NewRegion } incident)
        {
            return request;
        }

        // The versions that served when each earlier drop of drift opened (newest first): each had learned the concept that
        // incident saw end, the kind that can come back. Not the versions an incident of a bad deployment opened on (they
        // served badly from the start), not one this incident recalled already.
        var v = State.Versions;
        var served = v.Deployments.Where(d => d.Action is AgentAction.Promote or AgentAction.Rollback && d.Version.Length > 0).ToList();
        var earlier = State.ClosedIncidents.AsEnumerable().Reverse()
            .Where(c => c.Cause is Cause.ConceptDrift or Cause.CovariateDrift or Cause.NewRegion
                && c.Tried.Exists(x => x == Name(AgentAction.Retrain) || x == Name(AgentAction.Rollback)))
            .Select(c => served.LastOrDefault(d => d.Batch < c.OpenedBatch)?.Version).OfType<string>()
            .Where(x => x != v.Champion && x != v.Fallback && !incident.Recalled.Contains(x) && !State.Memory.FailedRecalls.Contains(x))
            .Distinct(StringComparer.Ordinal).Take(policy.Retrain.RecallVersions).ToList();
        var from = Math.Max(incident.ChangeBatch, s.ChangeBatch);
        return earlier.Count == 0 || from < 0 ? request : request with { RecallVersions = earlier, RecallFromBatch = from };
    }

    private ActionRequest BuildRequest(AgentAction action, string reason, TickSignals s, AgentPolicy policy)
    {
        var request = Request(action, policy, reason);
        return action switch
        {
            AgentAction.Retrain => Recall(State.Incident is { ProgressSteps: > 0, Cause: Cause.ConceptDrift or Cause.CovariateDrift or Cause.NewRegion }
                ? Recency(RetrainWindow(request, s, policy), policy, "the concept keeps moving (a recovery the gate scored clearly better than the version before it)")
                : RetrainWindow(request, s, policy), s, policy),
            AgentAction.Rollback => request with { TargetVersion = State.Versions.LastKnownGood },
            AgentAction.Fallback => request with
            {
                ExcludedFeatures = State.Mode == ServingMode.Fallback
                    ? [.. State.Memory.FallbackExcludes.Union(State.Memory.FaultyFeatures, StringComparer.Ordinal)]
                    : [.. State.Memory.FaultyFeatures],
            },
            AgentAction.Restore => request with { TargetVersion = State.Versions.Champion },
            _ => request,
        };
    }

    private ActionRequest Request(AgentAction action, AgentPolicy policy, string reason) =>
        new(NextRequestId(), action, reason) { Risk = RiskOf(policy, action), IncidentId = State.Incident?.Id };

    /// <summary>
    /// The newest clean labeled batches from the estimated change point on, reaching further back only until
    /// <c>min_rows</c> are covered; faulty batches are never in the window, and the window never reaches back across
    /// one: actions.jsonl gives a trained model's window as [first, last] only, and a window that spanned a fault
    /// (its batches excluded) read as a model trained on the faulty rows (tuning scenario fault-during-verification:
    /// training_batches [16, 36] over a fault in 18–33). Short of <c>min_rows</c>, the initial training set is added.
    /// </summary>
    private ActionRequest RetrainWindow(ActionRequest request, TickSignals s, AgentPolicy policy, bool followUp = false)
    {
        var r = policy.Retrain;
        var open = followUp ? null : State.Incident; // a follow-up's window is the recovery's, not an open alert's
        var change = open?.ChangeBatch ?? s.ChangeBatch;
        var boundary = RecoveredConceptChange(open);
        var cut = false;
        var chosen = new List<BatchSummary>();
        var rows = 0;
        foreach (var b in State.Window.Batches.Where(b => b.Labeled > 0 || IsFaulty(b)).Reverse())
        {
            if (IsFaulty(b))
            {
                if (chosen.Count > 0)
                {
                    break;
                }

                continue; // the newest batches are faulty: the window ends before them
            }

            if (chosen.Count >= r.WindowBatches || (b.Batch < change && rows >= r.MinRows))
            {
                break;
            }

            if (b.Batch < boundary && chosen.Count > 0)
            {
                cut = true;
                break;
            }

            chosen.Add(b);
            rows += b.Labeled;
        }

        chosen.Reverse();
        if (chosen.Count == 0)
        {
            return request;
        }

        // The short alternative: the same newest batches, reaching back before the change only until short_min_rows.
        long? shortFirst = null;
        if (r.ShortMinRows > 0 && chosen[0].Batch < change)
        {
            var shortRows = 0;
            foreach (var b in Enumerable.Reverse(chosen))
            {
                if (b.Batch < change && shortRows >= r.ShortMinRows)
                {
                    break;
                }

                shortFirst = b.Batch;
                shortRows += b.Labeled;
            }

            shortFirst = shortFirst > chosen[0].Batch ? shortFirst : null;
        }

        return request with
        {
            ShortFirstBatch = shortFirst,
            FirstBatch = chosen[0].Batch,
            LastBatch = chosen[^1].Batch,
            ExcludedBatches = Gaps(chosen, chosen[0].Batch, chosen[^1].Batch),
            // Cut at a recovered concept change, a short window is not made up with the initial training set either: it
            // is older still (sudden-concept-drift, D = 1: 5 000 TRAIN rows beside 4 new batches scored 0.855 where one
            // batch from before the change had given 0.865).
            IncludeInitialTraining = r.IncludeInitialTraining || (rows < r.MinRows && !cut),
            OfferWithoutInitialTraining = !r.IncludeInitialTraining && rows < r.MinRows && !cut && ConceptChanged(open),
        };
    }

    /// <summary>
    /// The change point of the newest concept change the agent recovered from (a closed incident of concept drift,
    /// resolved), when the window is for concept drift after it: rows from before it answer the old concept, and the
    /// window never reaches back across it to make up <c>min_rows</c> (a second incident on a sudden Friedman change at 20,
    /// opened at 23, reached back to batch 19). -1 when there is none.
    /// </summary>
    private long RecoveredConceptChange(IncidentState? open)
    {
        if (!ConceptChanged(open))
        {
            return -1;
        }

        // The newest such change: an incident of another kind (a gap, a fault) closed since does not lift it.
        var last = State.ClosedIncidents.LastOrDefault(i => i is { Cause: Cause.ConceptDrift, Outcome: "resolved" });
        return last?.ChangeBatch ?? -1;
    }

    /// <summary>
    /// The relation between inputs and target changed since the initial training set was drawn: an open incident of
    /// concept drift, or (a consolidation or a challenger after it) the last closed incident was one. Made up to
    /// <c>min_rows</c> with the initial training set, a short window of new rows is outvoted by the old concept wherever
    /// the two disagree; the host is then offered the window alone as well (it keeps that only on a clear win, so a
    /// false alarm's retrain keeps the rows).
    /// </summary>
    private bool ConceptChanged(IncidentState? open) =>
        open is not null ? open.Cause == Cause.ConceptDrift : State.ClosedIncidents.Count > 0 && State.ClosedIncidents[^1].Cause == Cause.ConceptDrift;

    /// <summary>
    /// On a concept that keeps moving a model is stale as soon as it is trained: ask the host to weigh the newest
    /// batches more (<see cref="RetrainOptions.RecencyHalfLife"/>), so the model's centre in time moves towards now
    /// without dropping rows. Only for an incident of drift whose last recovery was kept as progress (never a first
    /// response, a consolidation, a challenger or a fault).
    /// </summary>
    private static ActionRequest Recency(ActionRequest request, AgentPolicy policy, string why)
    {
        var h = policy.Retrain.RecencyHalfLife;
        if (h <= 0 || request.FirstBatch is null || request.LastBatch is null || request.LastBatch <= request.FirstBatch)
        {
            return request;
        }

        return request with
        {
            RecencyHalfLife = h,
            Reason = request.Reason.TrimEnd('.') + $"; {why}: newer batches weigh more (half-life {h.ToString("0.##", CultureInfo.InvariantCulture)} batches)",
        };
    }

    private bool IsFaulty(BatchSummary b) => b.QualityFault || State.Memory.FaultyBatches.Contains(b.Batch);

    private static List<long> Gaps(List<BatchSummary> chosen, long first, long last)
    {
        var set = chosen.Select(b => b.Batch).ToHashSet();
        var gaps = new List<long>();
        for (var b = first; b <= last; b++)
        {
            if (!set.Contains(b))
            {
                gaps.Add(b);
            }
        }

        return gaps;
    }

    private int CleanLabeledRows() =>
        State.Window.Batches.Where(b => !b.QualityFault).Sum(b => b.Labeled);

    private IncidentState? TrackIncident(Tick t, TickSignals s, AgentPolicy policy)
    {
        var a = s.Assessment;
        var incident = State.Incident;
        var sustained = a.Cause != Cause.None && a.Persistent && a.Severity >= Severity.Warning;
        if (incident is null)
        {
            if (!sustained)
            {
                return null;
            }

            State.Memory.IncidentCounter++;
            incident = new IncidentState
            {
                Id = $"inc-{State.Memory.IncidentCounter.ToString(CultureInfo.InvariantCulture)}",
                OpenedBatch = t.Batch,
                OpenedTime = t.Time,
                Cause = a.Cause,
                Severity = a.Severity,
                BaselineAccuracy = BaselineLevel(),
                DegradedAccuracy = s.DegradedAccuracy,
                ChangeBatch = s.ChangeBatch >= 0 ? s.ChangeBatch : t.Batch,
            };
            State.Incident = incident;
            Timeline(incident, t.Batch, $"opened: {Name(a.Cause)} ({Name(a.Severity)})");
            return incident;
        }

        if (sustained)
        {
            incident.QuietTicks = 0;
            if (Priority(a.Cause) < Priority(incident.Cause) || (a.PerformanceDrop && !IsPerformanceCause(incident.Cause)))
            {
                Timeline(incident, t.Batch, $"cause now {Name(a.Cause)} (was {Name(incident.Cause)})");
                incident.Cause = a.Cause;
            }

            if (a.Severity > incident.Severity)
            {
                incident.Severity = a.Severity;
            }

            if (a.PerformanceDrop && double.IsFinite(s.DegradedAccuracy) && State.Verification is null)
            {
                incident.DegradedAccuracy = s.DegradedAccuracy;
                if (s.ChangeBatch >= 0 && State.Memory.OutstandingRetrain is null)
                {
                    incident.ChangeBatch = Math.Max(incident.ChangeBatch, s.ChangeBatch);
                }
            }

            return incident;
        }

        // Nothing sustained this tick: an incident with nothing in flight closes after ClearAfter quiet ticks.
        incident.QuietTicks++;
        var inFlight = State.Verification is not null || State.Memory.OutstandingRetrain is not null || State.Mode != ServingMode.Champion || State.Trial is not null
            || incident.Status == "escalated";
        if (!inFlight && incident.QuietTicks >= policy.Detection.ClearAfter)
        {
            CloseIncident(t.Batch, incident.Tried.Exists(x => x != Name(AgentAction.Alert)) ? "resolved" : "cleared");
            return null;
        }

        return incident;
    }

    private static bool IsPerformanceCause(Cause c) => c is Cause.ConceptDrift or Cause.DeploymentRegression;

    private static int Priority(Cause c) => c switch
    {
        Cause.DataQuality => 0,
        Cause.ServingFault => 1,
        Cause.DeploymentRegression => 2,
        Cause.ConceptDrift => 3,
        Cause.NewRegion => 4,
        Cause.CovariateDrift => 5,
        Cause.ArrivalGap => 6,
        _ => 7,
    };

    private void CloseIncident(long batch, string outcome)
    {
        if (State.Incident is not { } inc)
        {
            return;
        }

        State.ClosedIncidents.Add(new IncidentSummary { Id = inc.Id, Cause = inc.Cause, OpenedBatch = inc.OpenedBatch, ClosedBatch = batch, ChangeBatch = inc.ChangeBatch, Outcome = outcome, Tried = [.. inc.Tried] });
        TrimFront(State.ClosedIncidents, MaxClosedIncidents);
        State.Incident = null;
    }

    private void Escalate(IncidentState incident, long batch, AgentPolicy policy, bool withoutHarm = false)
    {
        incident.Status = "escalated";
        incident.HeldWithoutHarm = withoutHarm && incident.FailedRecoveries == 0;
        if (incident.HoldUntilBatch < 0)
        {
            incident.HoldUntilBatch = batch + policy.Verification.EscalationHoldBatches; // a hold is never extended
        }

        Timeline(incident, batch, "escalated to a person");
    }

    /// <summary>
    /// While an incident is held after recoveries that did no harm (candidates the gate or a trial rejected, or promoted
    /// ones that recovered only part of the loss), whether the rules may retrain once more: enough clean labeled batches
    /// (<c>retrain.window_batches</c>) newer than anything a candidate of the incident learned from are in, so the window
    /// is rows none of them saw. The note for the retrain's reason, or null when not.
    /// </summary>
    private string? RetryOnNewRows(AgentPolicy policy)
    {
        if (!policy.Verification.RetryOnNewRows || State.Incident is not { Status: "escalated", HeldWithoutHarm: true } incident)
        {
            return null;
        }

        var fresh = State.Window.Batches.Count(b => b.Batch > incident.CandidatesThrough && b.Labeled > 0 && !IsFaulty(b));
        return fresh < policy.Retrain.WindowBatches ? null
            : string.Create(CultureInfo.InvariantCulture,
                $"Escalated after recoveries that did no harm; one more try: {fresh} clean labeled batches after batch {incident.CandidatesThrough} are in, rows no earlier candidate learned from (gated as ever).");
    }

    /// <summary>A retrain let through a hold by <see cref="RetryOnNewRows"/> says so in its reason.</summary>
    private ActionRequest WithRetryNote(ActionRequest request, AgentPolicy policy) =>
        request.Action == AgentAction.Retrain && RetryOnNewRows(policy) is { } retry
            ? request with { Reason = $"{request.Reason} {retry}" }
            : request;

    private static void Timeline(IncidentState incident, long batch, string line)
    {
        incident.Timeline.Add($"batch {batch.ToString(CultureInfo.InvariantCulture)}: {line}");
        TrimFront(incident.Timeline, MaxTimeline);
    }

    private void Spend(AgentAction action, DateTimeOffset now, AgentPolicy policy)
    {
        State.Memory.LastAction[Name(action)] = now;
        if (policy.Guards.BudgetedActions.Contains(action))
        {
            State.Memory.BudgetSpent.RemoveAll(x => now - x >= TimeSpan.FromDays(1));
            State.Memory.BudgetSpent.Add(now);
        }
    }

    /// <summary>
    /// Holds a request for a person. A newer request of the same action (other than a notice) replaces the one
    /// waiting: each retrain's candidate used to queue its own promote, and a person approving the oldest promoted a
    /// candidate trained at the incident's onset (agrawal-concept, approval_risk high: five promotes waited).
    /// Returns the text that names the replaced requests ("" when none).
    /// </summary>
    private string WaitForApproval(ActionRequest request, long batch, DateTimeOffset time)
    {
        var pending = State.Memory.PendingApprovals;
        var replaced = request.Action is AgentAction.Alert or AgentAction.Escalate
            ? []
            : pending.FindAll(p => p.Request.Action == request.Action);
        pending.RemoveAll(replaced.Contains);
        pending.Add(new PendingApproval { Request = request, Batch = batch, Time = time });
        TrimFront(pending, MaxPendingApprovals);
        return replaced.Count == 0 ? "" : $" (replaces {string.Join(", ", replaced.Select(p => p.Request.RequestId))})";
    }

    /// <summary>
    /// Why a request waiting for approval can no longer be carried out (null: it still can): its incident closed,
    /// its candidate was replaced or dropped, or nobody answered within <c>verification.max_wait_batches</c> — the
    /// evidence it was asked on is stale, and the rules ask again when it still holds.
    /// </summary>
    private string? ApprovalExpired(PendingApproval p, long batch, AgentPolicy policy)
    {
        var r = p.Request;
        if (r.IncidentId is { } id && State.Incident?.Id != id)
        {
            return $"incident {id} is closed";
        }

        if (r.Action is AgentAction.Promote or AgentAction.Canary or AgentAction.Shadow && !r.EndsTrial && r.TargetVersion is { } target
            && State.Versions.Candidate != target)
        {
            return $"candidate {target} is no longer the candidate";
        }

        if (r.Action == AgentAction.Restore && r.Reason.StartsWith(ServeThroughReason, StringComparison.Ordinal)
            && (State.Memory.Tolerance is not { Active: true } through || through.RequestId != r.RequestId))
        {
            // A new fault changed the fallback (or the fault cleared): approved, it would put the champion on a fault
            // no label has judged it on.
            return "the fault it was to serve through has changed";
        }

        if (r.Action is AgentAction.Canary or AgentAction.Shadow && !r.EndsTrial && State.Trial?.RequestId != r.RequestId)
        {
            return $"the {Name(r.Action)} of {r.TargetVersion} was dropped";
        }

        return batch - p.Batch > policy.Verification.MaxWaitBatches
            ? $"not approved within {policy.Verification.MaxWaitBatches.ToString(CultureInfo.InvariantCulture)} batches"
            : null;
    }

    /// <summary>Drops the requests waiting for approval that can no longer be carried out (<see cref="ApprovalExpired"/>).</summary>
    private void ExpireApprovals(long batch, AgentPolicy policy, List<Alternative> alternatives)
    {
        foreach (var p in State.Memory.PendingApprovals.ToList())
        {
            if (ApprovalExpired(p, batch, policy) is not { } why)
            {
                continue;
            }

            State.Memory.PendingApprovals.Remove(p);
            if (State.Trial is { Running: false } trial && trial.RequestId == p.Request.RequestId)
            {
                State.Trial = null;
            }

            alternatives.Add(new Alternative(p.Request.Action, $"approval request {p.Request.RequestId} expired: {why}"));
        }
    }

    private static bool NeedsApproval(ActionRequest request, AgentPolicy policy) =>
        policy.Guards.ApprovalMode && request.Risk >= policy.Guards.ApprovalRisk;

    private static RiskLevel RiskOf(AgentPolicy policy, AgentAction action) =>
        policy.Guards.Risk.TryGetValue(action, out var r) ? r : RiskLevel.Medium;

    private string NextRequestId()
    {
        State.Memory.RequestCounter++;
        return $"req-{State.Memory.RequestCounter.ToString(CultureInfo.InvariantCulture)}";
    }

    private AgentDecision BaseDecision(long batch, DateTimeOffset time, TickSignals s)
    {
        var labeled = State.Window.NewlyLabeledBatch is { } nb ? State.Window.Batches.Find(b => b.Batch == nb) : null;
        var c = s.Current;
        var v = State.Verification;
        return new AgentDecision
        {
            Batch = batch,
            Time = time,
            ServedVersion = ServedVersion(),
            Mode = CurrentMode(),
            Findings = [.. State.Drift.Current.Where(f => f.Batch == batch).Select(f => f.Finding)],
            Metrics = new DecisionMetrics
            {
                Rows = c?.Rows ?? 0,
                AccuracyRealized = labeled is { Labeled: > 0 } && !IsRegression ? labeled.Accuracy : null,
                LabeledBatch = labeled?.Batch,
                AccuracyEstimated = Finite(c?.EstimatedAccuracy),
                AccuracyBaseline = IsRegression ? null : Finite(s.Baseline),
                MaeRealized = labeled is { Labeled: > 0 } && IsRegression ? labeled.Mae : null,
                RmseRealized = labeled is { Labeled: > 0 } && IsRegression ? labeled.Rmse : null,
                MaeBaseline = IsRegression ? Finite(s.Baseline) : null,
                ShareDrifted = Finite(c?.ShareDrifted),
                MaxPsi = Finite(c?.MaxPsi),
                MeanConfidence = Finite(c?.MeanConfidence),
                LatencyP95Ms = Finite(c?.LatencyP95Ms),
                FailureRate = c is { Requests: > 0 } ? (double)c.Failures / c.Requests : null,
            },
            Assessment = s.Assessment,
            IncidentId = State.Incident?.Id,
            Verification = v is null ? null : new VerificationReport(VerificationStatus.Pending, Finite(v.Baseline), null, $"batches after {v.ActionBatch.ToString(CultureInfo.InvariantCulture)}") { Action = Name(v.Action) },
        };
    }

    private string ServedVersion() => State.Mode switch
    {
        ServingMode.Fallback => State.Versions.Fallback ?? "fallback",
        ServingMode.Disabled => "",
        _ => State.Versions.Champion,
    };

    private static double? Finite(double? v) => v is { } x && double.IsFinite(x) ? x : null;

    private IEnumerable<Alternative> StandardAlternatives(Assessment a, AgentAction chosen, TickSignals s)
    {
        var hasOther = State.Versions.LastKnownGood is { } lkg && lkg != State.Versions.Champion;
        var list = a.Cause switch
        {
            Cause.DataQuality =>
            [
                new Alternative(AgentAction.Retrain, "the recent rows are faulty: no model is trained on them"),
                new Alternative(AgentAction.Rollback, "every version reads the broken inputs"),
                new Alternative(AgentAction.Alert, "a fault this severe needs traffic moved, not only a message"),
            ],
            Cause.ServingFault when a.Severity < Severity.Critical =>
            [
                new Alternative(AgentAction.Retrain, "the model is not the problem: serving is"),
                new Alternative(AgentAction.Fallback, "latency is under its limit: moving traffic would change the answers to save time nobody lost yet"),
            ],
            Cause.ServingFault =>
            [
                new Alternative(AgentAction.Retrain, "the model is not the problem: serving is"),
                new Alternative(AgentAction.Alert, "users are failing now: move traffic first"),
            ],
            Cause.DeploymentRegression =>
            [
                new Alternative(AgentAction.Retrain, "the previous version was healthy: rolling back is faster and proven"),
                new Alternative(AgentAction.Fallback, "the inputs are clean: the fallback would be no better than the last good version"),
            ],
            Cause.ConceptDrift or Cause.CovariateDrift or Cause.NewRegion when a.PerformanceDrop =>
            [
                new Alternative(AgentAction.Rollback, !hasOther ? "no last known good version other than the champion"
                    : s.StartedHealthyBatch >= 0 ? $"{State.Versions.Champion} served its labeled batches before the drop ({BatchRanges(s.StartedHealthyBatches)}) at {MetricName} {Fmt(s.StartedHealthyLevel)}, within the floor of the {Fmt(s.DeployedLevel)} it was deployed on, and the drop since is clear (z {Fmt(s.StartedHealthyZ)}): it came later, with the data, and the last known good version is older still"
                    : "the last known good version learned the old relation too"),
                new Alternative(AgentAction.Fallback, s.QualityFault ? "data is faulty" : "the inputs are clean: a fallback would be no better"),
                new Alternative(AgentAction.Alert, "sustained degradation needs a corrective action, not only a message"),
            ],
            Cause.CovariateDrift or Cause.NewRegion =>
            [
                new Alternative(AgentAction.Retrain, s.PerformanceKnown ? "performance holds: a new model would be a change without a reason" : "no labels yet to show a performance drop"),
                new Alternative(AgentAction.Rollback, "no deployment preceded the drift"),
            ],
            Cause.ArrivalGap =>
            [
                new Alternative(AgentAction.Retrain, "no new data to learn from"),
            ],
            _ => (Alternative[])[],
        };
        return list.Where(x => x.Action != chosen);
    }

    private static string Name<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    /// <summary>Why a drop below the baseline is not acted on: a one-off, or — on small batches — not clearly worse once its rows are pooled.</summary>
    private static string SpikeReason(TickSignals s, Policy.DetectionOptions d) => s.SpikeShortOfPooled switch
    {
        0 when s.DriftShortOfPooled > 0 && !s.PerformanceSpike => $"inputs drifted in {s.DriftShortOfPooled} of the last {s.DriftWindow} batches, but with their rows pooled the moves cancel (share still drifted < drift_share {Num(d.DriftShare, "0.##")}): chance on batches this small",
        0 => "a one-off spike, not sustained (persistence rule)",
        1 => $"one batch far below the baseline by the normal curve, but not by the exact binomial tail (z < z_pooled {Num(d.ZPooled, "0.##")}): that many errors come by chance on a batch this small",
        var n => $"{n} of the last {d.PersistenceM} labeled batches below the baseline, but their rows pooled are not clearly worse (z < z_pooled {Num(d.ZPooled, "0.##")}): chance on batches this small",
    };
}
