using DriftCatcher.Core.Agent.Decisions;
using DriftCatcher.Core.Agent.Policy;
using Shouldly;

namespace DriftCatcher.Core.Tests.Agent;

/// <summary>What a tick says while a promotion waits for its own labels (found at label delay 10).</summary>
public sealed class VerificationReasonTests
{
    [Fact]
    public void WhileAPromotionWaitsForItsLabels_TheOldVersionsLabelsAreNotCalledHealthy()
    {
        var h = new AgentHarness(DefaultPolicy.Create(), labelDelay: 4) { Observation = _ => Obs.Clean, Accuracy = (b, v) => v == "v1" && b >= 10 ? 0.6 : 0.9 };
        h.Run(0, 24);
        var promote = h.Decisions.First(d => d.FollowUps.Any(f => f.Requests.Any(r => r.Action == AgentAction.Promote)));
        var p = promote.Batch;
        var waiting = h.Decisions.Where(d => d.Batch > p && d.Metrics.LabeledBatch is { } lb && lb <= p && d.Action == AgentAction.None).ToList();
        waiting.Count.ShouldBeGreaterThan(0, "labels of v1's batches arrive after the promote");
        foreach (var d in waiting)
        {
            d.Metrics.AccuracyRealized.ShouldNotBeNull().ShouldBeLessThan(0.7, "the record shows v1 failing");
            d.Reason.ShouldNotStartWith("healthy");
            d.Reason.ShouldBe($"keep monitoring: the labels of batch {d.Metrics.LabeledBatch} are of v1, served before the promote at batch {p}; v2 is judged on its own labeled batches");
        }
    }
}
