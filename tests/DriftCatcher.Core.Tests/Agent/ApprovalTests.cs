using DriftCatcher.Core.Agent.Decisions;
using DriftCatcher.Core.Agent.Messages;
using DriftCatcher.Core.Agent.Policy;
using Shouldly;

namespace DriftCatcher.Core.Tests.Agent;

/// <summary>
/// Approval mode when nobody answers (found by replaying the tuning scenarios with approval_mode on): what waits for
/// a person must stay one current request per action, must not spend the daily budget, and must expire once the
/// evidence it was asked on is stale — an approval that comes late must never carry out a stale request.
/// </summary>
public sealed class ApprovalTests
{
    private static AgentPolicy Approval(RiskLevel risk, string promotion = "auto") => DefaultPolicy.Create() with
    {
        Retrain = new RetrainOptions { Promotion = promotion },
        Guards = new GuardOptions { ApprovalMode = true, ApprovalRisk = risk },
    };

    /// <summary>v1 fails from batch 10 on and nobody approves the promotions of its candidates.</summary>
    private static AgentHarness Failing(AgentPolicy policy) =>
        new(policy) { Observation = _ => Obs.Clean, Accuracy = (b, v) => v == "v1" && b >= 10 ? 0.6 : 0.9 };

    [Fact]
    public void PromotesWaitingForApproval_TheNewestCandidateReplacesTheOlder_AndOnlyDoneActionsSpendTheBudget()
    {
        var h = Failing(Approval(RiskLevel.High));
        h.Run(0, 13);
        var first = h.Agent.State.Memory.PendingApprovals.ShouldHaveSingleItem().Request;
        first.Action.ShouldBe(AgentAction.Promote);
        h.Run(14, 22);

        var retrains = h.Of(AgentAction.Retrain);
        retrains.Count.ShouldBeGreaterThan(1, "the incident goes on and the rules retrain again");
        var waiting = h.Agent.State.Memory.PendingApprovals.ShouldHaveSingleItem("one promote waits, of the newest candidate");
        waiting.Request.Action.ShouldBe(AgentAction.Promote);
        waiting.Request.TargetVersion.ShouldBe(h.Agent.State.Versions.Candidate);
        waiting.Request.TargetVersion.ShouldNotBe(first.TargetVersion);
        h.Decisions.SelectMany(d => d.FollowUps).ShouldContain(f => f.Action == AgentAction.PendingApproval && f.Reason.Contains($"replaces {first.RequestId}", StringComparison.Ordinal));

        // Within 24 hours: the retrains were done, the promotes never were.
        h.Agent.State.Memory.BudgetSpent.Count.ShouldBe(retrains.Count);

        // A late approval of the replaced request does nothing; the current one is carried out and spends its slot.
        h.Agent.Handle(new ApprovalGiven(AgentHarness.TimeOf(22), first.RequestId, true, "ops"), h.Context).Requests.ShouldBeEmpty();
        var approved = h.Agent.Handle(new ApprovalGiven(AgentHarness.TimeOf(22), waiting.Request.RequestId, true, "ops"), h.Context);
        approved.Requests.ShouldHaveSingleItem().TargetVersion.ShouldBe(waiting.Request.TargetVersion);
        h.Agent.State.Memory.BudgetSpent.Count.ShouldBe(retrains.Count + 1);
    }

    [Fact]
    public void ACanaryNobodyApproves_ExpiresWithItsTrial_AndALateApprovalDoesNotStartIt()
    {
        var h = Failing(Approval(RiskLevel.Medium, "canary"));
        h.Run(0, 12);
        var canary = h.Agent.State.Memory.PendingApprovals.ShouldHaveSingleItem().Request;
        canary.Action.ShouldBe(AgentAction.Canary);
        h.Run(13, 16);
        h.Decisions[^1].Alternatives.ShouldContain(a => a.Action == AgentAction.Retrain && a.RejectedBecause.Contains("waits for approval", StringComparison.Ordinal),
            "the canary never started: it is not 'still running'");

        h.Run(17, 30);
        h.Agent.State.Memory.PendingApprovals.ShouldNotContain(p => p.Request.RequestId == canary.RequestId);
        var late = h.Agent.Handle(new ApprovalGiven(AgentHarness.TimeOf(30), canary.RequestId, true, "ops"), h.Context);
        late.Requests.ShouldBeEmpty();
        h.Of(AgentAction.Retrain).Count.ShouldBeGreaterThan(1, "once the stale canary expired, the rules retrain again");
    }

    [Fact]
    public void ARequestWaitingForApproval_ExpiresWhenItsIncidentCloses()
    {
        var h = new AgentHarness(Approval(RiskLevel.High)) { Observation = _ => Obs.Clean, Accuracy = (b, v) => v == "v1" && b is >= 10 and < 14 ? 0.6 : 0.9 };
        h.Run(0, 13);
        var promote = h.Agent.State.Memory.PendingApprovals.Last(p => p.Request.Action == AgentAction.Promote);
        var incident = promote.Request.IncidentId.ShouldNotBeNull();
        var b = 14L;
        while (h.Agent.State.Incident?.Id == incident && b < 40)
        {
            // The newest candidate's promote replaces the older one while the incident lasts.
            promote = h.Agent.State.Memory.PendingApprovals.LastOrDefault(p => p.Request.Action == AgentAction.Promote) ?? promote;
            h.Step(b++);
        }

        h.Agent.State.Incident?.Id.ShouldNotBe(incident, "the champion recovered by itself");
        (b - promote.Batch).ShouldBeLessThanOrEqualTo(h.Policy.Verification.MaxWaitBatches, "the incident closed before the request grew old");
        var late = h.Agent.Handle(new ApprovalGiven(AgentHarness.TimeOf(b), promote.Request.RequestId, true, "ops"), h.Context);
        late.Requests.ShouldBeEmpty();
        late.Decision!.Reason.ShouldBe($"promote {promote.Request.RequestId} approved by ops but not carried out: incident {incident} is closed");
    }
}
