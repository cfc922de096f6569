using System.Globalization;
using DriftCatcher.Core.Agent.Audit;
using DriftCatcher.Core.Agent.Decisions;
using DriftCatcher.Core.Agent.Messages;
using DriftCatcher.Core.Agent.Policy;
using DriftCatcher.Core.Agent.State;
using DriftCatcher.Core.Agent.Verification;
using DriftCatcher.Core.Statistics;

namespace DriftCatcher.Core.Agent;

/// <summary>
/// Trials: a candidate that passed the gate is shadowed (predicts beside the champion, which serves) or
/// canaried (serves a share of the rows) and judged against the champion on the same labeled rows before
/// it is promoted; challengers are trained and shadowed after a verified recovery from drift.
/// </summary>
public sealed partial class ModelAgent
{
    private const string PurposeRecovery = "recovery";
    private const string PurposeConsolidate = "consolidate";
    private const string PurposeChallenger = "challenger";
    private const int MaxTrialBatches = 16;

    /// <summary>Budgeted actions a challenger always leaves in the daily budget (an incident's retrain and promote, plus one).</summary>
    private const int ChallengerBudgetReserve = 3;

    /// <summary>A challenger's win must also be significant: McNemar z on the rows where exactly one model was right.</summary>
    private const double ChallengerZ = 2.0;

    private ServingMode CurrentMode() =>
        State.Mode == ServingMode.Champion && State.Trial is { Running: true } tr
            ? (tr.Kind == AgentAction.Canary ? ServingMode.Canary : ServingMode.Shadow)
            : State.Mode;

    /// <summary>How a candidate that passed the gate goes on: promote at once, or shadow / canary it first.</summary>
    private AgentAction Route(AgentPolicy policy, string purpose) => IsRegression ? AgentAction.Promote : policy.Retrain.Promotion switch
    {
        // Trials judge a candidate's class answers against the champion's (McNemar): a regression model promotes directly.
        "shadow" => AgentAction.Shadow,
        "canary" => AgentAction.Canary,
        // Direct while the champion is visibly failing (every batch on it costs accuracy), for the consolidation
        // that completes a verified recovery (the same learner on more of the same new concept) and for a
        // challenger, which must already have beaten the champion on the gate's held-out newest rows (a shadow
        // trial would serve it five batches later, stale on a moving concept); a trial otherwise.
        "auto" => (purpose == PurposeRecovery && State.Incident is not null && State.Drift.PerformanceDegraded) || purpose is PurposeConsolidate or PurposeChallenger
            ? AgentAction.Promote : AgentAction.Shadow,
        _ => AgentAction.Promote,
    };

    private static string PurposeOf(string rule) => rule switch
    {
        "consolidate-after-recovery" => PurposeConsolidate,
        "challenger" => PurposeChallenger,
        _ => PurposeRecovery,
    };

    /// <param name="incident">
    /// The incident the candidate is for: none for a consolidation or a challenger (a follow-up), also when an incident of
    /// moved inputs that only alerted opened while it trained — its trial, when won, is then no recovery of that incident.
    /// </param>
    private AgentTickResult StartTrial(RetrainCompleted r, AgentDecision decision, TickSignals s, AgentAction kind, string purpose, string trained, AgentPolicy policy, IncidentState? incident)
    {
        var rp = policy.Retrain;
        var required = kind == AgentAction.Canary ? rp.CanaryBatches : rp.ShadowBatches;
        var how = kind == AgentAction.Canary
            ? $"canary it on {rp.CanaryShare.ToString("0.##", CultureInfo.InvariantCulture)} of the rows"
            : "shadow it beside the champion";
        var request = Request(kind, policy,
            $"{purpose} candidate {trained} passed the gate ({MetricName} {Fmt(r.CandidateScore)} against the champion's {Fmt(r.ChampionScore)} on the same held-out rows): {how} for {required} labeled batches before promoting")
            with
            { TargetVersion = r.CandidateVersion, Share = kind == AgentAction.Canary ? rp.CanaryShare : null, IncidentId = incident?.Id };
        var blocked = Guard(kind, r.Time, policy);
        if (blocked is not null)
        {
            ChallengerLost(purpose, policy);
            return new AgentTickResult(decision with { Rule = "validation-gate", Reason = $"candidate dropped: {blocked}", Alternatives = [new Alternative(kind, blocked)] }, []);
        }

        State.Trial = new TrialState
        {
            Kind = kind,
            Candidate = r.CandidateVersion,
            Champion = State.Versions.Champion,
            RequestId = request.RequestId,
            Purpose = purpose,
            IncidentId = incident?.Id,
            RequestedBatch = State.LastBatch,
            RequiredBatches = required,
            Share = request.Share ?? 0,
        };
        var acted = Act(new Tick(r.Time, State.LastBatch), s, "validation-gate", request, [], null, policy, followUp: incident is null) with { Trigger = "retrain_completed" };
        return new AgentTickResult(acted, acted.Requests);
    }

    /// <summary>
    /// Runs the trial in progress: aborts it on a fault or a champion that starts failing, and once enough
    /// labeled batches are in, promotes the candidate or ends the trial. Returns a decision when the trial
    /// decided; requests that must go out whatever else the tick decides land in <paramref name="side"/>.
    /// </summary>
    private AgentDecision? TrialStep(Tick t, TickSignals s, AgentPolicy policy, List<ActionRequest> side, List<Alternative> alternatives, VerificationReport? report)
    {
        if (State.Trial is not { } trial)
        {
            return null;
        }

        if (!trial.Running)
        {
            if (t.Batch - trial.RequestedBatch > policy.Verification.MaxWaitBatches)
            {
                State.Trial = null;
                alternatives.Add(new Alternative(trial.Kind, $"the {Name(trial.Kind)} of {trial.Candidate} was not started within {policy.Verification.MaxWaitBatches} batches: candidate dropped"));
            }

            return null;
        }

        var fault = s.QualityFault ? "a data fault during the trial"
            : s.ServingFault ? "a serving fault during the trial"
            : State.Mode != ServingMode.Champion ? $"serving moved to {Name(State.Mode)} mode"
            : trial.Champion != State.Versions.Champion ? $"the champion changed to {State.Versions.Champion}"
            : null;
        if (fault is not null)
        {
            ChallengerLost(trial.Purpose, policy, counts: false);
            side.Add(EndTrial(trial, $"abort the {Name(trial.Kind)} of {trial.Candidate}: {fault}", policy));
            return null;
        }

        // A champion that starts failing during a challenger's trial: the challenger only has to hold up against it.
        var failing = s.Assessment is { PerformanceDrop: true, Persistent: true };
        var judged = trial.Batches.Where(b => b.Labeled >= policy.Detection.MinLabels).OrderBy(b => b.Batch).Take(trial.RequiredBatches).ToList();
        if (judged.Count < trial.RequiredBatches && trial.Purpose == PurposeChallenger && failing)
        {
            side.Add(EndTrial(trial, $"abort the {Name(trial.Kind)} of {trial.Candidate}: the champion is failing, the incident takes over", policy));
            return null;
        }

        if (judged.Count < trial.RequiredBatches)
        {
            if (t.Batch - trial.StartBatch > trial.RequiredBatches + policy.Verification.MaxWaitBatches)
            {
                ChallengerLost(trial.Purpose, policy, counts: false);
                var late = EndTrial(trial, $"end the {Name(trial.Kind)} of {trial.Candidate}: no labels to judge it by batch {t.Batch.ToString(CultureInfo.InvariantCulture)}", policy);
                return Finish(t, s, "trial", trial.Kind, late.Reason, alternatives, [late], report, trial.IncidentId);
            }

            return null;
        }

        var rows = judged.Sum(b => b.Labeled);
        var champion = (double)judged.Sum(b => b.ChampionCorrect) / rows;
        var candidate = (double)judged.Sum(b => b.CandidateCorrect) / rows;
        var margin = policy.Retrain.TrialMargin;
        var challenger = trial.Purpose == PurposeChallenger && !failing;
        var disagreed = judged.Sum(b => b.Disagreed);
        var lead = judged.Sum(b => b.CandidateCorrect) - judged.Sum(b => b.ChampionCorrect); // = only the candidate right − only the champion right
        var z = McNemar.Z((disagreed + lead) / 2, (disagreed - lead) / 2);
        var wins = challenger ? candidate >= champion + margin && z >= ChallengerZ : candidate >= champion - margin;
        var evidence = $"{trial.Candidate} {Fmt(candidate)} against {trial.Champion} {Fmt(champion)} on the same {rows.ToString(CultureInfo.InvariantCulture)} labeled rows of batches "
            + $"{judged[0].Batch.ToString(CultureInfo.InvariantCulture)}..{judged[^1].Batch.ToString(CultureInfo.InvariantCulture)}";
        var rule = challenger ? $"a challenger must win by {Fmt(margin)} with McNemar z >= {ChallengerZ.ToString("0.0", CultureInfo.InvariantCulture)}, z = {z.ToString("0.00", CultureInfo.InvariantCulture)}" : $"within {Fmt(margin)} of the champion";
        var incident = State.Incident;
        // A challenger's trial that began with no incident open and is won while moved inputs only asked for an alert: its
        // promotion is no recovery of that incident (it was not trained for it and the labels show no drop), so it is not
        // attached to it and starts no verification of it, as a challenger that starts inside such an incident.
        var aside = trial.IncidentId is null && trial.Purpose == PurposeChallenger && incident is not null && AlertOnly(incident)
            && !s.Assessment.PerformanceDrop && !s.PerformanceDrop;
        if (aside)
        {
            incident = null;
        }

        if (wins)
        {
            var promote = Request(AgentAction.Promote, policy, $"{Name(trial.Kind)} trial won ({rule}): {evidence}") with { TargetVersion = trial.Candidate, IncidentId = incident?.Id };
            var blocked = Guard(AgentAction.Promote, t.Time, policy);
            if (blocked is not null)
            {
                // The trial goes on until the budget frees; a person hears once that the incident's recovery waits.
                alternatives.Add(new Alternative(AgentAction.Promote, $"the trial of {trial.Candidate} was won but: {blocked}"));
                if (!aside)
                {
                    NoteBudgetBlock(t, AgentAction.Promote, blocked, policy, side);
                }

                return null;
            }

            State.Trial = null;
            if (challenger)
            {
                State.Memory.ChallengerLosses = 0;
            }

            // The trial judged it on live rows: no verification needed when no incident waits for one.
            State.Memory.TrialPromoteRequestId = incident is null ? promote.RequestId : null;
            if (aside)
            {
                State.Memory.FollowUpPromoteRequestId = promote.RequestId;
            }

            if (NeedsApproval(promote, policy))
            {
                side.Add(EndTrial(trial, $"end the {Name(trial.Kind)} of {trial.Candidate}: won, its promotion waits for approval", policy));
            }

            return Act(t, s, "trial", promote, alternatives, report, policy, followUp: aside);
        }

        ChallengerLost(trial.Purpose, policy);
        var note = trial.Purpose == PurposeChallenger ? ChallengerNote(policy) : "";
        var requests = new List<ActionRequest> { EndTrial(trial, $"{Name(trial.Kind)} trial lost ({rule}): {evidence}; {trial.Candidate} discarded{note}", policy) };
        if (incident is not null && trial.Purpose == PurposeRecovery)
        {
            incident.RejectedCandidates++;
            // The trial judged the candidate on labeled batches after its own rows: all of them are seen.
            incident.CandidatesThrough = Math.Max(incident.CandidatesThrough, State.Window.Batches.Where(b => b.Labeled > 0).Select(b => b.Batch).DefaultIfEmpty(-1).Max());
            Timeline(incident, t.Batch, $"{Name(trial.Kind)} trial of {trial.Candidate} lost");
            if (incident.RejectedCandidates >= policy.Verification.RejectionsToEscalate && incident.Status != "escalated")
            {
                requests.Add(Request(AgentAction.Escalate, policy, $"{incident.RejectedCandidates} candidates rejected: a person must look") with { IncidentId = incident.Id });
                Escalate(incident, t.Batch, policy, withoutHarm: true);
            }
        }

        State.Versions.Candidate = null;
        return Finish(t, s, "trial", trial.Kind, requests[0].Reason, alternatives, requests, report, incident?.Id);
    }

    /// <summary>Ends the running trial: the champion alone serves again.</summary>
    private ActionRequest EndTrial(TrialState trial, string reason, AgentPolicy policy)
    {
        State.Trial = null;
        return Request(trial.Kind, policy, reason) with { TargetVersion = trial.Candidate, EndsTrial = true, Risk = RiskLevel.Low, IncidentId = trial.IncidentId };
    }

    /// <summary>What a counted challenger loss did to the programme, for the reason: slowed down, ended, or nothing.</summary>
    private string ChallengerNote(AgentPolicy policy)
    {
        var lost = State.Memory.ChallengerLosses;
        var inRow = lost.ToString(CultureInfo.InvariantCulture);
        return !State.Memory.ChallengerActive ? $", challengers end ({inRow} lost in a row)"
            : lost >= policy.Retrain.ChallengerLosses ? $", the next challenger in {policy.Retrain.ChallengerWait(lost).ToString(CultureInfo.InvariantCulture)} batches ({inRow} lost in a row)"
            : "";
    }

    private void ChallengerLost(string purpose, AgentPolicy policy, bool counts = true)
    {
        if (purpose != PurposeChallenger || !counts)
        {
            return;
        }

        State.Memory.ChallengerLosses++;
        if (policy.Retrain.ChallengerWait(State.Memory.ChallengerLosses) == 0)
        {
            State.Memory.ChallengerActive = false;
        }
    }

    /// <summary>
    /// After a verified recovery from drift the concept may still be moving: every few batches a challenger
    /// is trained on the newest labeled batches and shadowed (no serving risk). Challengers only use the
    /// lower half of the daily budget, so an incident always finds budget left.
    /// </summary>
    private AgentDecision? ChallengerStep(Tick t, TickSignals s, AgentPolicy policy, List<Alternative> alternatives, VerificationReport? report)
    {
        var m = State.Memory;
        var rp = policy.Retrain;
        if (m.ChallengerActive && rp.ChallengerWait(m.ChallengerLosses) == 0)
        {
            m.ChallengerActive = false; // a policy changed since (lower challenger_max_every or challenger_losses): the programme is over
            return null;
        }

        var inputsOnly = InputsMovedOnly(s, policy, PurposeChallenger);
        if (!m.ChallengerActive || rp.ChallengerEvery <= 0 || (State.Incident is not null && !inputsOnly) || State.Verification is not null
            || m.OutstandingRetrain is not null || State.Trial is not null || State.Mode != ServingMode.Champion || m.ConsolidateFromBatch is not null
            || (s.Assessment.Cause != Decisions.Cause.None && s.Assessment.Persistent && !inputsOnly) || t.Batch - m.LastChallengerBatch < rp.ChallengerWait(m.ChallengerLosses))
        {
            return null;
        }

        // A challenger that is due and held says why (it was silent: on incremental-drift-b the budget held every
        // challenger from batch 31 to 38 while the record said only "healthy").
        var spent = BudgetSpentToday(t.Time);
        var held = Guard(AgentAction.Retrain, t.Time, policy)
            ?? (spent + ChallengerBudgetReserve > policy.Guards.DailyBudget
                ? $"{BudgetReason} {policy.Guards.DailyBudget} actions: {spent} spent in the last 24 hours, and challengers leave {ChallengerBudgetReserve} free for incidents"
                : null);
        if (held is not null)
        {
            alternatives.Add(new Alternative(AgentAction.Retrain, $"challenger due (every {rp.ChallengerWait(m.ChallengerLosses)} batches) held: {held}"));
            return null;
        }

        if (CleanLabeledRows() < policy.Detection.MinLabels)
        {
            return null;
        }

        // The window a challenger takes ends at the newest labeled batch before any faulty ones (RetrainWindow): with no
        // clean labels since the last challenger it would train the same again (a review's probe: four challengers on
        // batches 14..19 while every new label failed the label check).
        var newest = State.Window.Batches.Where(b => b.Labeled > 0 || IsFaulty(b)).Reverse().SkipWhile(IsFaulty).FirstOrDefault()?.Batch ?? -1;
        if (newest <= m.LastChallengerTrainedThrough)
        {
            alternatives.Add(new Alternative(AgentAction.Retrain, $"challenger due (every {rp.ChallengerWait(m.ChallengerLosses)} batches) held: no clean labeled batch since the last challenger, which trained through batch {newest.ToString(System.Globalization.CultureInfo.InvariantCulture)}"));
            return null;
        }

        m.LastChallengerBatch = t.Batch;
        m.LastChallengerTrainedThrough = newest;
        var request = RetrainWindow(Request(AgentAction.Retrain, policy, $"challenger: the concept moved recently; train on the newest {rp.WindowBatches} labeled batches and keep it only if it beats {State.Versions.Champion} ({(Route(policy, PurposeChallenger) == AgentAction.Promote ? "on the gate's held-out rows" : "in a trial")})"),
            new TickSignals(), policy, followUp: true);
        // Challengers keep their own cadence: they do not hold back an incident's retrain by the retrain cooldown.
        var hadCooldown = m.LastAction.TryGetValue(Name(AgentAction.Retrain), out var lastRetrain);
        var decision = Act(t, s, "challenger", request, alternatives, report, policy, followUp: true);
        if (hadCooldown)
        {
            m.LastAction[Name(AgentAction.Retrain)] = lastRetrain;
        }
        else
        {
            m.LastAction.Remove(Name(AgentAction.Retrain));
        }

        return decision;
    }

    /// <summary>
    /// The inputs keep moving and the labels show no drop: an incident of covariate drift or a new region that asked for
    /// nothing but an alert (no recovery tried, none rejected, not held). What follows a verified recovery (its
    /// consolidation, the challengers) goes on through it when it is promoted on the gate's rows, and is not that incident's
    /// recovery: on random RBF streams whose centroids keep moving the inputs drift for the rest of the stream, and such an
    /// incident, opened as the recovery's closed, held back every challenger while the concept moved on (rbf2-s842: 0.804
    /// two batches before the next incident, against 0.902 of retraining every batch).
    /// </summary>
    private bool InputsMovedOnly(TickSignals s, AgentPolicy policy, string purpose) =>
        s.Assessment.Cause is Decisions.Cause.CovariateDrift or Decisions.Cause.NewRegion && !s.Assessment.PerformanceDrop && !s.PerformanceDrop
        && Route(policy, purpose) == AgentAction.Promote
        && (State.Incident is not { } inc || AlertOnly(inc));

    /// <summary>An incident of moved inputs that asked for nothing but an alert: no recovery tried, none rejected, not held.</summary>
    private static bool AlertOnly(IncidentState inc) =>
        inc.Cause is Decisions.Cause.CovariateDrift or Decisions.Cause.NewRegion && inc.FailedRecoveries == 0 && inc.RejectedCandidates == 0
        && inc.PartialRecoveries == 0 && inc.ProgressSteps == 0 && inc.HoldUntilBatch < 0 && inc.Status != "escalated";

    private void RecordTrialPredictions(PredictionBatch p, PendingPredictions pending, int width)
    {
        // Without a trial, the other version may be the prior one answering beside a promotion under verification:
        // its answers are the counterfactual the verification compares with (classifiers).
        var other = State.Trial is { Running: true } trial ? trial.Candidate
            : State.Verification is { Action: AgentAction.Promote, PriorVersion: { } prior } v && p.Batch > v.ActionBatch ? prior
            : null;
        if (other is null || p.CandidateOutputs is not { } co || p.CandidateVersion != other)
        {
            return;
        }

        if (co.Length != p.Outputs.Length)
        {
            throw new ArgumentException($"batch {p.Batch}: {co.Length} candidate outputs for {p.Outputs.Length} outputs", nameof(p));
        }

        pending.CandidateVersion = other;
        if (IsRegression)
        {
            pending.CandidateValues.AddRange(co.AsSpan(0, p.Features.RowCount));
            return;
        }

        for (var i = 0; i < p.Features.RowCount; i++)
        {
            pending.CandidatePredicted.Add(ArgMax(co.AsSpan(i * width, width)));
        }
    }

    private static void CountTrialLabel(Dictionary<long, (int Labeled, int Champion, int Candidate, int Disagreed)> trialTouched, TrialState? trial, PendingPredictions batch, int row, int predicted, int label)
    {
        if (trial is not { Running: true } || batch.CandidateVersion != trial.Candidate || batch.Batch < trial.StartBatch
            || row >= batch.CandidatePredicted.Count || batch.CandidatePredicted[row] < 0 || predicted < 0)
        {
            return;
        }

        trialTouched.TryGetValue(batch.Batch, out var c);
        var championRight = predicted == label;
        var candidateRight = batch.CandidatePredicted[row] == label;
        trialTouched[batch.Batch] = (c.Labeled + 1, c.Champion + (championRight ? 1 : 0), c.Candidate + (candidateRight ? 1 : 0), c.Disagreed + (championRight != candidateRight ? 1 : 0));
    }

    /// <summary>Counts one labeled row of a batch the prior version also answered, for the verification's counterfactual.</summary>
    /// <remarks>
    /// Only rows of batches the verification judges: served by the promoted version as champion, without a
    /// quality fault. A row counts when either version answered; an abstention is a wrong answer (the promoted
    /// version failing rows the prior would have answered counts against it).
    /// </remarks>
    private void CountCounterfactualLabel(PendingPredictions batch, int row, int predicted, int label)
    {
        if (row >= batch.CandidatePredicted.Count || (batch.CandidatePredicted[row] < 0 && predicted < 0) || CounterfactualOf(batch) is not { } v)
        {
            return;
        }

        var promotedRight = predicted >= 0 && predicted == label;
        var priorRight = batch.CandidatePredicted[row] >= 0 && batch.CandidatePredicted[row] == label;
        v.PairedRows++;
        v.PromotedCorrect += promotedRight ? 1 : 0;
        v.PriorCorrect += priorRight ? 1 : 0;
        v.OnlyPrior += priorRight && !promotedRight ? 1 : 0;
        v.OnlyPromoted += promotedRight && !priorRight ? 1 : 0;
    }

    /// <summary>
    /// Regression: counts one labeled row both the promoted version (<paramref name="predicted"/>) and the prior
    /// answered, in a batch the verification judges, for the paired comparison of absolute errors.
    /// </summary>
    private void CountCounterfactualValue(PendingPredictions batch, int row, double predicted, double target)
    {
        if (row >= batch.CandidateValues.Count || !double.IsFinite(batch.CandidateValues[row]) || CounterfactualOf(batch) is not { } v)
        {
            return;
        }

        var priorError = Math.Abs(batch.CandidateValues[row] - target);
        var gap = priorError - Math.Abs(predicted - target);
        v.PairedRows++;
        v.PriorAbsErrorSum += priorError;
        v.ErrorGapSum += gap;
        v.ErrorGapSquaredSum += gap * gap;
    }

    /// <summary>
    /// The verification a batch's prior answers count for: a promotion under verification, the batch served
    /// after it by the promoted version as champion without a quality fault, with the prior's answers; else null.
    /// </summary>
    private VerificationState? CounterfactualOf(PendingPredictions batch) =>
        State.Verification is { Action: AgentAction.Promote, PriorVersion: { } prior } v && batch.CandidateVersion == prior && batch.Batch > v.ActionBatch
        && State.Window.Batches.Find(b => b.Batch == batch.Batch) is { Mode: ServingMode.Champion, QualityFault: false } served
        && served.ServedVersion == v.VersionAfter
            ? v
            : null;

    private void AddTrialCounts(Dictionary<long, (int Labeled, int Champion, int Candidate, int Disagreed)> trialTouched)
    {
        if (State.Trial is not { } trial || trialTouched.Count == 0)
        {
            return;
        }

        foreach (var (batch, c) in trialTouched.OrderBy(kv => kv.Key))
        {
            var tb = trial.Batches.Find(x => x.Batch == batch);
            if (tb is null)
            {
                tb = new TrialBatch { Batch = batch };
                trial.Batches.Add(tb);
                trial.Batches.Sort((a, b) => a.Batch.CompareTo(b.Batch));
            }

            tb.Labeled += c.Labeled;
            tb.ChampionCorrect += c.Champion;
            tb.CandidateCorrect += c.Candidate;
            tb.Disagreed += c.Disagreed;
        }

        TrimFront(trial.Batches, MaxTrialBatches);
    }
}
