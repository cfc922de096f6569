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
}
