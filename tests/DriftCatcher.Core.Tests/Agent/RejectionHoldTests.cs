using DriftCatcher.Core.Agent.Decisions;
using DriftCatcher.Core.Agent.Messages;
using DriftCatcher.Core.Agent.Policy;
using Shouldly;

namespace DriftCatcher.Core.Tests.Agent;

/// <summary>
/// An incident escalated because the gate rejected its candidates. On a gradual drift the gate is right to reject
/// models trained on the mixed rows of the transition, and then the new concept takes over: before session 15 the hold
/// (24 batches) kept the failing champion serving to the end of the stream (Friedman, 1000-row batches: MAE 3.7
/// against a baseline of 0.97 from batch 21 to 40). A rejection served nothing, so a try on rows no rejected candidate
/// saw risks nothing; so does one after partial recoveries (kept: they did no harm). An escalation for failed
/// recoveries (served models that did harm, reverted) still holds:
/// ModelAgentTests.TwoFailedRecoveries_Escalate_ThenStopActing.
/// </summary>
public sealed class RejectionHoldTests
{
    private static AgentHarness Harness(bool retry = true) =>
        new(DefaultPolicy.Create() with { Verification = DefaultPolicy.Create().Verification with { RetryOnNewRows = retry } })
        {
            Observation = _ => Obs.Clean,
            GatePasses = false,
            Accuracy = (b, v) => v == "v1" && b >= 10 ? 0.6 : 0.9,
        };

    /// <summary>Every decision that asked for something or reached a verdict, one line each (for a failing assertion's message).</summary>
    private static string Trace(AgentHarness h) => string.Join("\n", h.Decisions.SelectMany(d => d.FollowUps.Prepend(d))
        .Where(d => d.Requests.Count > 0 || d.Verification is { Status: not Core.Agent.Verification.VerificationStatus.Pending })
        .Select(d => $"{d.Batch} {d.Reason} | {string.Join(";", d.Requests.Select(r => $"{r.Action} {r.FirstBatch}..{r.LastBatch} {r.Reason}"))}"));

    private static long EscalatedAt(AgentHarness h) =>
        h.Decisions.First(d => d.Requests.Concat(d.FollowUps.SelectMany(f => f.Requests)).Any(r => r.Action == AgentAction.Escalate)).Batch;

    [Fact]
    public void HeldForRejectedCandidates_TriesOnceMore_OnlyOnRowsNoRejectedCandidateLearnedFrom()
    {
        var h = Harness();
        h.Run(0, 20);
        var escalate = h.Of(AgentAction.Escalate).ShouldHaveSingleItem();
        escalate.Reason.ShouldBe("3 candidates rejected by the gate: a person must look");
        var rejected = h.Of(AgentAction.Retrain);
        rejected.Count.ShouldBe(3);
        var rejectedThrough = rejected.Max(r => r.LastBatch!.Value);
        h.Agent.State.Incident.ShouldNotBeNull().CandidatesThrough.ShouldBe(rejectedThrough);

        h.GatePasses = true;
        h.Run(21, 38);
        var retry = h.Of(AgentAction.Retrain)[3];
        retry.FirstBatch!.Value.ShouldBeGreaterThan(rejectedThrough);
        retry.Reason.ShouldContain($"Escalated after recoveries that did no harm; one more try: 6 clean labeled batches after batch {rejectedThrough} are in");
        var at = h.Decisions.First(d => d.Requests.Any(r => r.RequestId == retry.RequestId)).Batch;
        // Not a batch sooner: the window must be rows no rejected candidate saw (6 labeled batches, labels a batch late).
        at.ShouldBe(rejectedThrough + 6 + h.LabelDelay);
        h.Decisions.Where(d => d.Batch > EscalatedAt(h) && d.Batch < at)
            .ShouldAllBe(d => d.Alternatives.Any(a => a.Action == AgentAction.Retrain && a.RejectedBecause.Contains("is escalated: waiting for a person")));
        h.Of(AgentAction.Promote)[0].Reason.ShouldContain($"trained on batches {retry.FirstBatch}..{retry.LastBatch} (100 rows) passed the gate");
        h.Agent.State.Versions.Champion.ShouldNotBe("v1");
        h.Decisions.SelectMany(d => d.FollowUps.Prepend(d)).ShouldContain(d => d.IncidentId == "inc-1" && d.Reason.StartsWith("verification of the promote succeeded", StringComparison.Ordinal));
        (h.Agent.State.Incident?.Id).ShouldNotBe("inc-1", "the verified recovery closes the escalated incident");
    }

    [Fact]
    public void ARetryRejectedToo_WaitsForAsManyNewerBatchesAgain_AndIsNotEscalatedTwice()
    {
        var h = Harness();
        h.Run(0, 38); // escalated at 15, held to 39
        var retrains = h.Of(AgentAction.Retrain);
        retrains.Count.ShouldBe(6, "3 before the escalation, then one every 6 new labeled batches");
        for (var i = 3; i < retrains.Count; i++)
        {
            retrains[i].FirstBatch!.Value.ShouldBeGreaterThan(retrains.Take(i).Max(r => r.LastBatch!.Value));
        }

        h.Of(AgentAction.Escalate).ShouldHaveSingleItem();
        h.Of(AgentAction.Promote).ShouldBeEmpty();
        h.Agent.State.Versions.Champion.ShouldBe("v1");
    }

    [Fact]
    public void HeldAfterPartialRecoveries_TriesOnceMore_OnRowsNoEarlierCandidateLearnedFrom()
    {
        // Every candidate passes the gate without a clear win and recovers only part of the loss (0.6 -> 0.65 against a
        // baseline of 0.9): kept, three times, then handed to a person. STAGGER, a gradual drift over 20 batches of 1000
        // rows: held at 0.74 from batch 26 to the end, where retraining every batch reached 0.90.
        var h = Harness();
        h.GatePasses = true;
        h.Scores = _ => (0.65, 0.65);
        h.Accuracy = (b, v) => b < 10 ? 0.9 : v == "v1" ? 0.6 : 0.65;
        h.Run(0, 40);
        var trace = Trace(h);
        h.Of(AgentAction.Escalate).ShouldContain(r => r.Reason.EndsWith("a person must look", StringComparison.Ordinal), trace);
        var escalate = h.Of(AgentAction.Escalate).First(r => r.Reason.EndsWith("a person must look", StringComparison.Ordinal));
        escalate.Reason.ShouldBe("3 partial recoveries: a person must look");
        var at = EscalatedAt(h);
        var before = h.Decisions.Where(d => d.Batch <= at).SelectMany(d => d.FollowUps.Prepend(d)).SelectMany(d => d.Requests).Where(r => r.Action == AgentAction.Retrain).ToList();
        var retry = h.Decisions.Where(d => d.Batch > at).SelectMany(d => d.Requests).First(r => r.Action == AgentAction.Retrain);
        retry.Reason.ShouldContain("Escalated after recoveries that did no harm; one more try");
        retry.FirstBatch!.Value.ShouldBeGreaterThan(before.Max(r => r.LastBatch!.Value));

        // The retries' own partial recoveries go back to the person on the same hold, told nothing new: the review of
        // session 15 found a notice ("4 partial recoveries", "5 …") and a hold 24 batches longer after every retry.
        h.Of(AgentAction.Escalate).Count(r => r.Reason.EndsWith("a person must look", StringComparison.Ordinal)).ShouldBe(1, trace);
        var incident = h.Agent.State.Incident.ShouldNotBeNull();
        incident.Status.ShouldBe("escalated");
        incident.HoldUntilBatch.ShouldBe(at + 24);
    }

    [Fact]
    public void ARetryThatDoesHarm_IsReverted_AndTheHoldStandsWithoutMoreRetries()
    {
        var h = Harness();
        h.Run(0, 20);
        h.GatePasses = true;
        h.Accuracy = (b, v) => b < 10 ? 0.9 : v == "v1" ? 0.6 : 0.45; // the retry's model serves worse than v1
        h.Run(21, 38);
        var trace = Trace(h);
        var retries = h.Of(AgentAction.Retrain).Where(r => r.Reason.Contains("one more try", StringComparison.Ordinal)).ToList();
        retries.Count.ShouldBe(1, trace);
        h.Of(AgentAction.Rollback).ShouldHaveSingleItem(trace).TargetVersion.ShouldBe("v1");
        h.Of(AgentAction.Retrain).Count.ShouldBe(4, trace);
        h.Of(AgentAction.Escalate).ShouldHaveSingleItem(trace);
        var incident = h.Agent.State.Incident.ShouldNotBeNull();
        incident.Status.ShouldBe("escalated");
        incident.HeldWithoutHarm.ShouldBeFalse();
        incident.Timeline.ShouldContain(x => x.EndsWith("a recovery during the hold failed: held for the person, no more retries", StringComparison.Ordinal));
    }

    [Fact]
    public void AHostThatDoesNotReportTheWindow_StillGetsNoRetryOnRowsItsCandidatesSaw()
    {
        // The agent knows the window it asked for: a host that leaves RetrainCompleted.LastBatch at 0 must not make
        // the rejected candidates' rows look new.
        var h = Harness();
        h.ReportsWindow = false;
        h.Run(0, 38);
        var retrains = h.Of(AgentAction.Retrain);
        retrains.Count.ShouldBe(6);
        for (var i = 3; i < retrains.Count; i++)
        {
            retrains[i].FirstBatch!.Value.ShouldBeGreaterThan(retrains.Take(i).Max(r => r.LastBatch!.Value));
        }
    }

    [Fact]
    public void AnIncidentThatHadAFailedRecovery_IsHeldAsBefore_EvenWhenRejectionsEscalateIt()
    {
        // v2 passes the gate and serves worse than v1: reverted (a failed recovery). Then the gate rejects three
        // candidates: the escalation is for rejections, but the incident already did harm once: no retries.
        var h = Harness();
        h.GatePasses = true;
        h.Accuracy = (b, v) => b < 10 ? 0.9 : v == "v1" ? 0.6 : 0.45;
        h.Run(0, 11);
        h.GatePasses = false;
        h.Run(12, 38);
        var trace = Trace(h);
        h.Of(AgentAction.Rollback).ShouldHaveSingleItem(trace);
        h.Of(AgentAction.Escalate).ShouldHaveSingleItem(trace).Reason.ShouldBe("3 candidates rejected by the gate: a person must look");
        h.Of(AgentAction.Retrain).ShouldNotContain(r => r.Reason.Contains("one more try", StringComparison.Ordinal), trace);
        var incident = h.Agent.State.Incident.ShouldNotBeNull();
        incident.Status.ShouldBe("escalated");
        incident.HeldWithoutHarm.ShouldBeFalse();
    }

    [Fact]
    public void WithRetryOnNewRowsOff_TheHoldStandsUntilAPersonActs()
    {
        var h = Harness(retry: false);
        h.Run(0, 20);
        h.GatePasses = true;
        h.Run(21, 38);
        h.Of(AgentAction.Retrain).Count.ShouldBe(3);
        h.Of(AgentAction.Promote).ShouldBeEmpty();
        h.Agent.State.Incident.ShouldNotBeNull().Status.ShouldBe("escalated");
    }

    [Fact]
    public void PolicyFile_TurnsTheRetryOff()
    {
        PolicyLoader.Parse("""{"name":"p","verification":{"retry_on_new_rows":false}}""").Verification.RetryOnNewRows.ShouldBeFalse();
        DefaultPolicy.Create().Verification.RetryOnNewRows.ShouldBeTrue();
    }
}
