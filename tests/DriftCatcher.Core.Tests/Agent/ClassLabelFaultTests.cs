using DriftCatcher.Core.Agent.Decisions;
using DriftCatcher.Core.Agent.Policy;
using DriftCatcher.Core.Quality;
using Shouldly;

namespace DriftCatcher.Core.Tests.Agent;

/// <summary>
/// A classifier's label feed stuck on one class (a join that fails writes the default, BENIGN). Before the check it
/// read as concept drift: accuracy 0.5, a retrain on the stuck labels, and a candidate that calls every row BENIGN
/// scoring 1.000 on held-out rows of the same stuck window.
/// </summary>
public sealed class ClassLabelFaultTests
{
    /// <summary>The harness's model calls its rows BENIGN and DDoS in turn, right on 90 %; held-out, it called 10 % of each class otherwise.</summary>
    private static AgentHarness Harness(AgentPolicy? policy = null)
    {
        var h = new AgentHarness(policy ?? DefaultPolicy.Create()) { Observation = _ => Obs.Clean, Accuracy = (_, _) => 0.9 };
        h.Monitor.Calls = new ClassLabelBaseline([1000, 1000], [100, 100]) { Names = AgentHarness.ClassNames };
        return h;
    }

    private static List<ActionRequest> LabelAlerts(AgentHarness h) =>
        [.. h.Of(AgentAction.Alert).Where(r => r.Reason.StartsWith("Labels arrive all of one class", StringComparison.Ordinal))];

    [Fact]
    public void AFeedStuckOnOneClass_IsToldOnce_AndItsBatchesAreNeitherJudgedNorTrainedOn()
    {
        var h = Harness();
        h.WriteLabel = (b, _, y) => b is >= 10 and <= 14 ? 0 : y;
        h.Run(0, 30);

        var alert = LabelAlerts(h).ShouldHaveSingleItem();
        h.Decisions.First(d => d.Requests.Contains(alert)).Batch.ShouldBe(11);
        alert.Reason.ShouldContain("a label feed stuck on one class, a data-quality fault upstream, not drift");
        alert.Reason.ShouldContain("Evidence: constant_column in the labels of batch 10 (200 labels not used): every one of 200 labels is 'BENIGN', yet the model called 100 of 200 of those rows another class, where it called 10% of 1000 held-out 'BENIGN' rows otherwise");
        h.Requests.ShouldHaveSingleItem("the model is not the problem: nothing but the alert");
        h.Agent.State.Window.Batches.Where(b => b.Batch is >= 10 and <= 14).ShouldAllBe(b => b.Labeled == 0);
        h.Agent.State.Window.Batches.Where(b => b.Batch is 9 or (>= 15 and <= 28)).ShouldAllBe(b => b.Labeled == 200);
        h.Agent.State.Memory.FaultyBatches.ShouldBe(Enumerable.Range(10, 5).Select(b => (long)b));
    }

    [Fact]
    public void WithoutTheCheck_TheStuckFeedReadsAsConceptDrift_AndIsTrainedOn()
    {
        // The same feed with no held-out record to judge by: what the check prevents.
        var h = Harness();
        h.Monitor.Calls = null;
        h.WriteLabel = (b, _, y) => b is >= 10 and <= 14 ? 0 : y;
        h.Run(0, 30);

        LabelAlerts(h).ShouldBeEmpty();
        var retrain = h.Of(AgentAction.Retrain).First();
        retrain.LastBatch.ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(10L, "it learns from the stuck labels");
    }

    [Fact]
    public void ConceptDrift_LeavesAMixOfLabels_AndIsAnswered()
    {
        var h = Harness();
        h.Accuracy = (b, v) => v == "v1" && b >= 10 ? 0.6 : 0.9;
        h.Run(0, 20);

        LabelAlerts(h).ShouldBeEmpty();
        h.Agent.State.Memory.FaultyBatches.ShouldBeEmpty();
        h.Of(AgentAction.Retrain).ShouldNotBeEmpty();
    }

    [Fact]
    public void OneClassLabels_OnInputsThatMoved_AreTrusted()
    {
        // The inputs drifted: a world that changed may really be one class, and the model's calls on it are no evidence.
        var h = Harness();
        h.Observation = b => b >= 10 ? Obs.Drifted() : Obs.Clean;
        h.WriteLabel = (b, _, y) => b >= 10 ? 0 : y;
        h.Run(0, 20);

        LabelAlerts(h).ShouldBeEmpty();
        h.Agent.State.Memory.FaultyBatches.ShouldBeEmpty();
        h.Agent.State.Window.Batches.Where(b => b.Batch is >= 10 and <= 18).ShouldAllBe(b => b.Labeled == 200);
    }

    [Fact]
    public void AFeedThatStaysStuck_AsksAPersonToDecide_OnceAfterTwelveTicks()
    {
        var h = Harness();
        h.WriteLabel = (b, _, y) => b >= 10 ? 1 : y;
        h.Run(0, 40);

        LabelAlerts(h).ShouldHaveSingleItem().Reason.ShouldContain("every one of 200 labels is 'DDoS'");
        var escalate = h.Of(AgentAction.Escalate).ShouldHaveSingleItem();
        h.Decisions.First(d => d.Requests.Contains(escalate)).Batch.ShouldBe(22);
        escalate.Reason.ShouldContain("if the world is one class now, a person must decide (fix the feed, or retrain on these labels by hand)");
        h.Requests.Count.ShouldBe(2);
    }
}
