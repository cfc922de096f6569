using DriftCatcher.Core.Agent.Decisions;
using DriftCatcher.Core.Agent.Policy;
using DriftCatcher.Twin.Replay;
using Shouldly;

namespace DriftCatcher.Twin.Tests.Replay;

/// <summary>
/// Settings a platform team changes, replayed end to end on a shipped tuning scenario (agrawal-concept, GBT, D = 2) and
/// cross-checked by <see cref="ReplayInvariants"/>: each case is a defect session 9 found under that setting.
/// </summary>
public sealed class PolicyVariantTests
{
    private static (ReplayResult Run, List<string> Violations) Replay(string policyJson)
    {
        var policy = PolicyLoader.Parse(policyJson);
        var data = ReplayFixture.GenerateFile(ReplayFixture.RepoFile("data", "scenarios", "agrawal-concept.json"));
        var run = ReplayFixture.Replay(data, policy, 2, "gbt");
        return (run, ReplayInvariants.Check(run, data.Stream, data.Truth, policy, 2));
    }

    [Fact]
    public void CanaryPromotionWithASmallBudget_NeverLeavesAWonCanaryRunningBesideAFailingChampion_AndTellsAPerson()
    {
        var (run, violations) = Replay("""{"retrain":{"promotion":"canary"},"guards":{"daily_budget":5}}""");
        violations.ShouldBeEmpty(string.Join("\n", violations));

        // Before: the second retrain and its canary took the last slots, the won trial's promote was held and the
        // canary ran from 29 to the end with nobody told.
        run.FinalState.Trial.ShouldBeNull();
        run.Decisions.TakeLast(8).ShouldAllBe(d => d.Mode == ServingMode.Champion);
        run.Actions.ShouldContain(a => a.Action == "escalate" && a.Reason.Contains("leave no room for the canary and the promote", StringComparison.Ordinal));
    }

    [Fact]
    public void ApprovalModeNobodyAnswers_OnePromoteWaits_OfTheNewestCandidate_AndTheBudgetCountsOnlyWhatWasDone()
    {
        var (run, violations) = Replay("""{"guards":{"approval_mode":true,"approval_risk":"high"}}""");
        violations.ShouldBeEmpty(string.Join("\n", violations));

        // Before: five promotes waited (the oldest of a candidate trained at the onset), and the budget counted them.
        var waiting = run.FinalState.Memory.PendingApprovals.ShouldHaveSingleItem();
        waiting.Request.Action.ShouldBe(AgentAction.Promote);
        waiting.Request.TargetVersion.ShouldBe(run.FinalState.Versions.Candidate);
        run.Actions.ShouldNotContain(a => a.Action == "promote");
        run.FinalState.Memory.BudgetSpent.Count.ShouldBe(run.Actions.Count(a => a.Action == "retrain" && a.Batch >= run.Decisions[^1].Batch - 23));
    }
}
