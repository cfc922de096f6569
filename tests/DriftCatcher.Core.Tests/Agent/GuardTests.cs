using DriftCatcher.Core.Agent.Decisions;
using DriftCatcher.Core.Agent.Policy;
using Shouldly;

namespace DriftCatcher.Core.Tests.Agent;

/// <summary>
/// Guards a policy may set beyond the defaults: safety actions and notices never wait for them (policy.md: "safety
/// actions (fallback, disable, restore) never wait").
/// </summary>
public sealed class GuardTests
{
    private static List<long> BatchesOf(AgentHarness h, AgentAction action) =>
        [.. h.Decisions.Where(d => d.Requests.Any(r => r.Action == action)).Select(d => d.Batch)];

    [Fact]
    public void SafetyActionsAndNotices_ListedInBudgetedActions_AreCountedButNeverHeldByTheBudget()
    {
        var p = DefaultPolicy.Create();
        p = p with
        {
            Guards = p.Guards with
            {
                DailyBudget = 1,
                BudgetedActions = [AgentAction.Retrain, AgentAction.Promote, AgentAction.Fallback, AgentAction.Restore, AgentAction.Alert, AgentAction.Escalate],
            },
        };
        var h = new AgentHarness(p) { Observation = b => b is >= 10 and <= 11 or >= 15 and <= 16 ? Obs.Fault() : Obs.Clean };
        h.Run(0, 20);

        // Before: the fallback at 10 took the one slot, the quality alert was held ("daily budget of 1 actions
        // spent") and the restore too — the fallback served to the end with nobody told.
        BatchesOf(h, AgentAction.Fallback).ShouldBe([10, 15]);
        BatchesOf(h, AgentAction.Restore).ShouldBe([12, 17]);
        BatchesOf(h, AgentAction.Alert).ShouldContain(11);
        h.Agent.State.Mode.ShouldBe(ServingMode.Champion);
        h.Agent.State.Memory.BudgetSpent.Count.ShouldBeGreaterThanOrEqualTo(4, "they still count against the budget");
    }

    [Fact]
    public void AFallbackCooldown_NeverLeavesTheChampionServingAFault()
    {
        var p = DefaultPolicy.Create();
        p = p with { Guards = p.Guards with { CooldownMinutes = new Dictionary<AgentAction, double>(p.Guards.CooldownMinutes) { [AgentAction.Fallback] = 600 } } };
        var h = new AgentHarness(p) { Observation = b => b is 10 or 14 ? Obs.Fault() : Obs.Clean };
        h.Run(0, 18);
        BatchesOf(h, AgentAction.Fallback).ShouldBe([10, 14]);
    }

    private static AgentPolicy Canary(int budget) => DefaultPolicy.Create() with
    {
        Retrain = new RetrainOptions { Promotion = "canary" },
        Guards = new GuardOptions { DailyBudget = budget },
    };

    /// <summary>v1 breaks at batch 10; its candidates are good.</summary>
    private static AgentHarness Failing(AgentPolicy policy) =>
        new(policy) { Observation = _ => Obs.Clean, Accuracy = (b, v) => v == "v1" && b >= 10 ? 0.6 : 0.9 };

    [Fact]
    public void UnderCanaryPromotion_ARetrainStartsOnlyWithSlotsForItsCanaryAndPromote()
    {
        // Before: with 2 slots the retrain took one and the canary the other; the candidate won its trial and its
        // promote was held, the canary ran on beside the failing champion and retrains waited for it, nobody told.
        var h = Failing(Canary(2));
        h.Run(0, 24);
        h.Of(AgentAction.Canary).ShouldBeEmpty();
        h.Of(AgentAction.Retrain).ShouldBeEmpty();
        h.Of(AgentAction.Escalate).ShouldHaveSingleItem().Reason.ShouldContain("leave no room for the canary and the promote a retrain needs");

        var enough = Failing(Canary(3));
        enough.Run(0, 24);
        enough.Of(AgentAction.Promote).ShouldHaveSingleItem();
        enough.Of(AgentAction.Escalate).ShouldBeEmpty();
    }

    [Fact]
    public void AWonTrialWhosePromoteTheBudgetHolds_IsToldToAPerson()
    {
        var h = Failing(Canary(6));
        var b = 0L;
        while (h.Agent.State.Trial is not { Running: true } && b < 20)
        {
            h.Step(b++);
        }

        h.Agent.State.Trial.ShouldNotBeNull().Running.ShouldBeTrue();

        // The budget fills while the trial runs (a state resumed on a node whose host spent it, say).
        while (h.Agent.State.Memory.BudgetSpent.Count < 6)
        {
            h.Agent.State.Memory.BudgetSpent.Add(AgentHarness.TimeOf(b - 1));
        }

        h.Run(b, b + 6);
        h.Of(AgentAction.Promote).ShouldBeEmpty();
        h.Decisions.SelectMany(d => d.Alternatives).ShouldContain(a => a.RejectedBecause.StartsWith("the trial of", StringComparison.Ordinal));
        h.Of(AgentAction.Escalate).ShouldHaveSingleItem().Reason.ShouldContain("the promote of incident");
    }
}
